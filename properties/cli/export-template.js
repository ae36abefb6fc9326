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
];

/**
 * Writes the student template into the empty folder out: the tracked files but
 * the answers and what is built on them, the students' README, a package.json
 * without the instructor's scripts, and a manifest pinned for that tree.
 * Returns how many files it copied.
 * @param {string} out
 */
function exportTemplate(out) {
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
  fs.writeFileSync(path.join(out, 'README.md'), studentReadme());
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

const USAGE = 'usage: npm run export-template -- <folder>: writes the student template into a new or empty folder';

function main() {
  const dest = process.argv[2];
  if (dest === '--help' || dest === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (!dest || dest.startsWith('-') || process.argv.length > 3) {
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
    count = exportTemplate(out);
  } catch (e) {
    console.error(e instanceof Error ? e.message.split('\n')[0] : String(e));
    return 2;
  }
  console.log(`wrote the student template (${count} files) to ${out}`);
  return 0;
}

if (require.main === module) process.exitCode = main();

module.exports = { exportTemplate };
