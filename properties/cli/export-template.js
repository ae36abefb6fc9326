#!/usr/bin/env node
// @ts-check
// `npm run export-template -- <folder>`: writes the student template into
// <folder>: the repository as git tracks it, without solutions/ and without
// the grader's self-tests, with `npm test` reduced to what still applies (the
// type check and the manifest check) and the manifest re-pinned. Publish the
// folder as a template repository.

'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { ROOT } = require('../layout');
const { studentReadme } = require('./student-readme');
/** What a student's copy must not hold: the answers, the wrong-answer catalogue, and the bench built on them. */
const LEFT_OUT = [
  /^solutions\//,
  /^properties\/selftest\//,
  // Each exercise's catalogue holds right answers; new exercises are the instructor's to make.
  /^properties\/exercises\/[^/]+\/catalogue\.ts$/,
  /^properties\/cli\/new-exercise\.js$/,
  /^properties\/bench\/(index|rigor|speed|head-to-head|h2h-problems|h2h-report|checkers)\.ts$/,
  /^BENCHMARKS\.md$/,
  // The instructor's: grading the class's repositories on Actions, and building a Gradescope bundle.
  /^\.github\/workflows\/grade-roster\.yml$/,
  /^properties\/cli\/(gradescope-bundle|roster|fetch-submissions)\.js$/,
  // The web page's browser test, built on the answers and the bench (the page itself, web/, stays: Pages builds it).
  /^web\/test\//,
];

/**
 * Writes the student template into the empty folder out: the tracked files but
 * the answers and what is built on them, the students' README, a package.json
 * without the instructor's scripts, and a manifest pinned for that tree.
 * Returns how many files it copied.
 * @param {string} out @param {{ graded?: boolean, hints?: number }} [options]
 */
function exportTemplate(out, options = {}) {
  let listed;
  try {
    listed = execFileSync('git', ['ls-files', '-z'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch {
    throw new Error(
      `the student template is made from the files git tracks, and ${ROOT} is not a git checkout ` +
        '(clone the repository, or run git init && git add -A in it first)',
    );
  }
  const tracked = listed.split('\0').filter(Boolean);
  const kept = tracked.filter((f) => !LEFT_OUT.some((re) => re.test(f)) && fs.existsSync(path.join(ROOT, f)));
  for (const f of kept) {
    fs.mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(out, f));
  }
  // The students' own README: the student's path, the mathematics and the hints, nothing of the instructor's.
  fs.writeFileSync(path.join(out, 'README.md'), studentReadme(undefined, options));
  if (options.graded) gradedSteps(out, options.hints ?? GRADED_HINTS);
  const pkgFile = path.join(out, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  pkg.scripts.test = 'tsc --noEmit && node properties/cli/manifest.js --check';
  for (const script of [
    'export-template',
    'gradescope-bundle',
    'bench',
    'bench:speed',
    'bench:h2h',
    'test:slow',
    'new-exercise',
    'check-exercises',
  ]) {
    delete pkg.scripts[script];
  }
  fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
  execFileSync(process.execPath, [path.join(out, 'properties/cli/manifest.js'), '--pin'], { cwd: out, stdio: 'pipe' });
  return kept.length;
}

/** How many of each step's hints graded homework keeps, unless told: the first, a nudge. */
const GRADED_HINTS = 1;

/**
 * Graded homework's steps: each exercise.json without its steps' formulas and with their first `hints` hints,
 * and katas/README.md made again from them by the template's own steps-readme.js.
 * @param {string} out @param {number} hints
 */
function gradedSteps(out, hints) {
  const folder = path.join(out, 'properties/exercises');
  for (const name of fs.readdirSync(folder)) {
    const file = path.join(folder, name, 'exercise.json');
    if (!fs.existsSync(file)) continue;
    const exercise = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const step of exercise.steps) {
      delete step.formula;
      step.hints = step.hints.slice(0, hints);
    }
    fs.writeFileSync(file, JSON.stringify(exercise, null, 2) + '\n');
  }
  execFileSync(process.execPath, [path.join(out, 'properties/cli/steps-readme.js')], { cwd: out, stdio: 'pipe' });
}

const USAGE =
  'usage: npm run export-template -- [--graded [--hints <n>]] <folder>: writes the student template into a new ' +
  'or empty folder; --graded leaves out the derivations, worked examples, errata and formulas, and keeps ' +
  `each step's first ${GRADED_HINTS} hint (or n)`;

function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const graded = args.includes('--graded');
  const at = args.indexOf('--hints');
  const hints = at >= 0 ? Number(args[at + 1]) : undefined;
  const rest = args.filter((a, k) => a !== '--graded' && (at < 0 || (k !== at && k !== at + 1)));
  const dest = rest[0];
  const badHints = at >= 0 && (!graded || !Number.isInteger(hints) || /** @type {number} */ (hints) < 0);
  if (!dest || dest.startsWith('-') || rest.length > 1 || badHints) {
    console.error(USAGE);
    return 2;
  }
  const out = path.resolve(dest);
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) {
    console.error(`${out} is not empty`);
    return 2;
  }
  let count;
  try {
    count = exportTemplate(out, { graded, hints });
  } catch (e) {
    console.error(e instanceof Error ? e.message.split('\n')[0] : String(e));
    return 2;
  }
  console.log(`wrote the student template${graded ? ' for graded homework' : ''} (${count} files) to ${out}`);
  return 0;
}

if (require.main === module) process.exitCode = main();

module.exports = { exportTemplate };
