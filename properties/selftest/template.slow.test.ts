// The student template (npm run export-template) leaves out the answers and
// still checks itself; graded homework leaves out every closed form.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../kata';

test('the student template has no solutions and no self-tests, and its manifest is fresh', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'template-')), 'kata');
  execFileSync(process.execPath, [path.join(ROOT, 'properties/cli/export-template.js'), out], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  expect(fs.existsSync(path.join(out, 'solutions'))).toBe(false);
  expect(fs.existsSync(path.join(out, 'properties/selftest'))).toBe(false);
  // The web page and the workflow that publishes it, without its browser test.
  for (const kept of ['web/build.js', '.github/workflows/pages.yml'])
    expect([kept, fs.existsSync(path.join(out, kept))]).toEqual([kept, true]);
  expect(fs.existsSync(path.join(out, 'web/test'))).toBe(false);
  // Nor the instructor's tools: the Gradescope bundle, the roster and its fetch.
  for (const tool of ['gradescope-bundle.js', 'roster.js', 'fetch-submissions.js'])
    expect([tool, fs.existsSync(path.join(out, 'properties/cli', tool))]).toEqual([tool, false]);
  expect(fs.readFileSync(path.join(out, 'katas/linear.ts'), 'utf8')).toContain(
    'Remove this line and implement linearGradW',
  );
  // The students' README: how to start, the loop, the mathematics and the hints, how Actions shows the score.
  const readme = fs.readFileSync(path.join(out, 'README.md'), 'utf8');
  for (const part of [
    'npm run kata',
    "## The student's path",
    '## The mathematics',
    '### Hints',
    '## Your score on GitHub',
  ]) {
    expect(readme).toContain(part);
  }
  for (const instructors of [
    'solutions/',
    'npm test',
    'self-test',
    'For instructors',
    '--batch',
    'Benchmarks',
    'student:start',
  ]) {
    expect([instructors, readme.includes(instructors)]).toEqual([instructors, false]);
  }
  expect(JSON.parse(fs.readFileSync(path.join(out, 'package.json'), 'utf8')).scripts.test).toBe(
    'tsc --noEmit && node properties/cli/manifest.js --check',
  );
  expect(
    execFileSync(process.execPath, [path.join(out, 'properties/cli/manifest.js'), '--check'], {
      cwd: out,
      encoding: 'utf8',
    }),
  ).toContain('grader files match');
  // And it type-checks on its own (with this repository's packages).
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(out, 'node_modules'));
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', out], {
    cwd: out,
    stdio: 'pipe',
  });
}, 60_000);

// The closed forms a graded template must not print, each of which the ordinary template does.
const CLOSED_FORMS = ['g·xᵀ', 'Wᵀ·g', 'β·y_i·(δ_ij − y_j)', 'β·y_j·(g_j − g·y)', 'diag(y) − y·yᵀ', 'δ_ki', '[5, 8]'];

test('graded homework (--graded): no derivation, worked example, errata or formula; the rest as ever', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'graded-'));
  const run = (...args: string[]) =>
    execFileSync(process.execPath, [path.join(ROOT, 'properties/cli/export-template.js'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });
  expect(run('--graded', path.join(base, 'graded'))).toContain('for graded homework');
  run(path.join(base, 'plain'));
  const read = (kind: string, file: string) => fs.readFileSync(path.join(base, kind, file), 'utf8');
  for (const form of CLOSED_FORMS) {
    expect([form, read('graded', 'README.md').includes(form)]).toEqual([form, false]);
    expect([form, read('plain', 'README.md').includes(form)]).toEqual([form, true]);
  }
  for (const kind of ['graded', 'plain']) expect(read(kind, 'README.md')).not.toContain('graded:');
  expect(read('graded', 'README.md')).toContain('This is graded homework');
  expect(read('graded', 'README.md')).toContain('### Glossary');
  const steps = JSON.parse(read('graded', 'properties/exercises/linear/exercise.json')).steps as object[];
  expect(steps.filter((s) => 'formula' in s)).toEqual([]);
  expect(read('graded', 'katas/README.md')).not.toMatch(/^ {4}\S/m);
  expect(read('plain', 'katas/README.md')).toMatch(/^ {4}∂L\/∂W_ij = /m);
  expect(read('graded', 'katas/README.md')).toContain('<details><summary>Hints');
  // One hint a step (a nudge), unless --hints says more; none of the closed forms.
  expect(read('graded', 'katas/README.md')).not.toMatch(/^2\. /m);
  expect(read('plain', 'katas/README.md')).toMatch(/^2\. /m);
  for (const form of CLOSED_FORMS)
    expect([form, read('graded', 'katas/README.md').includes(form)]).toEqual([form, false]);
  expect(
    execFileSync(process.execPath, [path.join(base, 'graded', 'properties/cli/manifest.js'), '--check'], {
      cwd: path.join(base, 'graded'),
      encoding: 'utf8',
    }),
  ).toContain('grader files match');
  run('--graded', '--hints', '2', path.join(base, 'two'));
  expect(read('two', 'katas/README.md')).toMatch(/^2\. /m);
  expect(read('two', 'katas/README.md')).not.toMatch(/^3\. /m);
  fs.rmSync(base, { recursive: true, force: true });
}, 60_000);
