// @ts-check
// The README of the students' template (npm run export-template): what a
// student needs and nothing of the instructor's. Its middle is the part of
// this repository's README between the student:start and student:end marks
// (the student's path, the mathematics, the errata, the hints), so that it
// exists once.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { EXERCISES, ROOT } = require('../layout');

const START = /<!-- student:start[^>]*-->\n/;
const END = '<!-- student:end -->';
// What graded homework leaves out (npm run export-template -- --graded): the derivations, the worked examples
// and the errata, which give the closed forms away. The note says so where the mathematics starts.
const OMITTED = /<!-- graded:omit -->[^]*?<!-- \/graded:omit -->\n?/g;
const MARK = /<!-- \/?graded:omit -->\n?/g;
const NOTE = '<!-- graded:note -->';
const GRADED_NOTE =
  'This is graded homework: the derivations, the worked examples and the errata are left out, since deriving ' +
  'each gradient is the exercise. What each function must do, and the laws the grader checks, are all here.';

/**
 * The students' README, from the repository's; for graded homework, without what gives the answers away.
 * @param {string} [readme] @param {{ graded?: boolean }} [options]
 */
function studentReadme(readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), options = {}) {
  const start = readme.search(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error('README.md has no student:start … student:end part to give students');
  const part = readme.slice(start, end).replace(START, '');
  const middle = (options.graded ? part.replace(OMITTED, '') : part.replace(MARK, ''))
    .replace(NOTE, options.graded ? GRADED_NOTE : '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const files = EXERCISES.map((e) => `\`katas/${e.file}\``);
  const inFiles = files.length > 1 ? `${files.slice(0, -1).join(', ')} and ${files[files.length - 1]}` : files[0];
  return `# Backprop by hand

You write gradients by hand, in ${inFiles}. A grader checks
them against the laws every correct gradient obeys, on thousands of random
inputs: any correct answer passes, however you write it, and each failure is
explained in plain words, with the smallest input that shows it.

\`\`\`sh
npm install      # Node 24 or 22, or 20.19 and later
npm run kata     # keep this open beside your editor: it re-grades on every save
npm run grade    # or grade once, with the full text of every failure and your score
\`\`\`

On Linux or macOS. On Windows, open a WSL terminal (\`wsl --install\` once) and
run the same commands there: on Windows itself both commands say so and stop.
Or do the kata in a browser, with nothing to install (see "In a browser" below).

${middle}

## Your score on GitHub

Every push to your repository runs \`npm run grade\` on GitHub Actions
(\`.github/workflows/grade.yml\`). The run's summary page shows the score
table; each failing function gets an annotation on its line of the kata file;
the JSON and JUnit reports are kept as the run's artifact. That score is for
you to watch. The marks that count come from your instructor, who grades the
\`katas/\` folders of the class with their own copy of the grader, with a seed
of their own.

Your code runs in a sandboxed process: it cannot read files beside it or
reach the network, so keep each kata file on its own (no imports but Node's
own modules and the other kata file).
`;
}

module.exports = { studentReadme };
