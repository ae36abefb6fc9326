// The tree is formatted (Prettier), lint-clean (ESLint with typescript-eslint)
// and type-checks (tsc --noEmit, JSDoc-typed JavaScript included): a finding
// fails npm run test:slow with its file and line.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../kata';

const bin = (pkg: string, file: string) =>
  path.join(path.dirname(require.resolve(`${pkg}/package.json`, { paths: [ROOT] })), file);
const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });

test('ESLint finds nothing (npx eslint . shows the same)', () => {
  const r = run([bin('eslint', 'bin/eslint.js'), '--max-warnings=0', '.']);
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('every file is formatted as Prettier formats it (npm run format fixes it)', () => {
  const prettier = bin('prettier', 'bin/prettier.cjs');
  const listed = run([prettier, '--list-different', '.']);
  const unformatted = listed.stdout.split('\n').filter(Boolean);
  // Each with the first line that differs, so the message says where.
  const where = unformatted.map((file) => {
    const mine = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
    const theirs = run([prettier, file]).stdout.split('\n');
    const line = mine.findIndex((l, k) => l !== theirs[k]);
    return `${file}:${(line < 0 ? mine.length : line) + 1}: not formatted as Prettier would`;
  });
  expect(where).toEqual([]);
  expect(listed.status).toBe(0);
});

test.each(['.', 'web'])(
  'tsc --noEmit -p %s reports nothing',
  (project) => {
    const tsc = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', path.join(ROOT, project)],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  },
  120_000,
);
