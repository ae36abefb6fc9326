// An instructor's path: `npm run new-exercise -- <name>` in a copy of the
// repository scaffolds an exercise that type-checks, passes
// `npm run check-exercises` (its stub not implemented, its solution and right
// answers passing, each wrong answer caught by its law, every law failing on
// one), is named nowhere outside the registry, and is graded by
// `npm run grade -- --exercises <name>`. Slow (a copy and a jest run of its
// own): npm run test:slow.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../kata';

jest.setTimeout(300_000);

test('npm run new-exercise scaffolds an exercise that passes check-exercises and is graded', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'new-exercise-'));
  const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
  for (const f of tracked) {
    fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(copy, f));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  const sh = (command: string, args: string[]) => {
    const r = spawnSync(command, args, { cwd: copy, encoding: 'utf8', timeout: 240_000 });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const node = (file: string, ...args: string[]) => sh(process.execPath, [path.join(copy, file), ...args]);

  expect(node('properties/cli/new-exercise.js', 'Bad-Name')).toMatchObject({ status: 2 });
  const made = node('properties/cli/new-exercise.js', 'sigmoid');
  expect(made.out).toContain('added sigmoid to properties/exercises/index.json and types.ts');
  expect(made.status).toBe(0);
  expect(node('properties/cli/new-exercise.js', 'sigmoid')).toMatchObject({ status: 2 });

  expect(node('node_modules/prettier/bin/prettier.cjs', '--write', 'properties', 'katas', 'solutions').status).toBe(0);
  expect(node('properties/cli/steps-readme.js').status).toBe(0);
  expect(node('properties/cli/manifest.js', '--pin').status).toBe(0);
  expect(node('node_modules/typescript/bin/tsc', '--noEmit', '-p', copy)).toEqual({ status: 0, out: '' });
  // The registry test lists the grader's files with git.
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
  ])
    sh('git', args);
  const check = node(
    'node_modules/jest/bin/jest.js',
    '--ci',
    '--verbose',
    'properties/selftest/exercises.test.ts',
    'properties/selftest/registry.test.ts',
  );
  expect(check.out).toMatch(/sigmoid/);
  expect(check.out).toMatch(/Tests: +\d+ passed, \d+ total/);
  expect(check.status).toBe(0);
  const graded = sh(process.execPath, [path.join(copy, 'properties/cli/grade.js'), '--exercises', 'sigmoid']);
  expect(graded.out).toMatch(/total +0\/3/);
  const solved = spawnSync(process.execPath, [path.join(copy, 'properties/cli/grade.js'), '--exercises', 'sigmoid'], {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, KATA_DIR: 'solutions' },
  });
  expect(solved.stdout).toMatch(/total +3\/3/);
});
