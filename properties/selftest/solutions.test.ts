// solutions/ passes at many seeds; katas/ is reported as not implemented,
// function by function; a folder missing a file still gets the other graded.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as linear from '../../solutions/linear';
import * as softmax from '../../solutions/softmax';
import { FILES, type Kata } from '../contract';
import { kataDir, loadKata, ROOT } from '../kata';
import { DEFAULT_SEED } from '../run';
import { gradeAll, notPassed, seeds } from './grading';

test('solutions/ fulfils the contract and passes every law at 40 seeds', () => {
  const solutions: Kata = { ...linear, ...softmax };
  expect(notPassed(gradeAll(solutions, [DEFAULT_SEED, ...seeds(39)]))).toEqual([]);
});

test('every function in katas/ is reported as not implemented', () => {
  const verdicts = gradeAll(loadKata(kataDir({})), [DEFAULT_SEED], 10);
  const functions = Object.values(FILES).flat();
  expect([...new Set(verdicts.map((v) => v.fn))]).toEqual(expect.arrayContaining([...functions]));
  for (const v of verdicts) expect([v.fn, v.law, v.outcome.status]).toEqual([v.fn, v.law, 'not-implemented']);
});

test('KATA_DIR is resolved against the repository root, or taken as it is when absolute', () => {
  expect(kataDir({})).toBe(path.join(ROOT, 'katas'));
  expect(kataDir({ KATA_DIR: 'solutions' })).toBe(path.join(ROOT, 'solutions'));
  expect(kataDir({ KATA_DIR: '/somewhere/else' })).toBe('/somewhere/else');
});

test('a missing file is reported for its own functions, and the other file is still graded', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-'));
  fs.copyFileSync(path.join(ROOT, 'solutions', 'linear.ts'), path.join(dir, 'linear.ts'));
  const verdicts = gradeAll(loadKata(dir), [DEFAULT_SEED], 10);
  for (const v of verdicts) {
    if (FILES['linear.ts'].includes(v.fn as never)) expect(v.outcome.status).toBe('passed');
    else expect([v.fn, v.outcome.status, v.outcome.message]).toEqual([v.fn, 'error', `${path.join(dir, 'softmax.ts')} does not exist`]);
  }
});
