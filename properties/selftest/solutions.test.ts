// solutions/ passes at many seeds; katas/ is reported as not implemented,
// function by function.

import path from 'node:path';
import * as linear from '../../solutions/linear';
import * as softmax from '../../solutions/softmax';
import { FILES, type Kata } from '../contract';
import { kataDir, ROOT } from '../kata';
import { DEFAULT_SEED } from '../run';
import { gradeAll, gradeFolderHere, notPassed, seeds } from './grading';

test('solutions/ fulfils the contract and passes every law at 20 seeds', () => {
  const solutions: Partial<Kata> = { ...linear, ...softmax };
  expect(notPassed(gradeAll(solutions, [DEFAULT_SEED, ...seeds(19)]))).toEqual([]);
});

test('every function in katas/ is reported as not implemented', () => {
  const verdicts = gradeFolderHere(kataDir({}), [DEFAULT_SEED], 10);
  const functions = Object.values(FILES).flat();
  expect([...new Set(verdicts.map((v) => v.fn))]).toEqual(expect.arrayContaining([...functions]));
  for (const v of verdicts) expect([v.fn, v.law, v.outcome.status]).toEqual([v.fn, v.law, 'not-implemented']);
});

test('KATA_DIR is resolved against the repository root, or taken as it is when absolute', () => {
  expect(kataDir({})).toBe(path.join(ROOT, 'katas'));
  expect(kataDir({ KATA_DIR: 'solutions' })).toBe(path.join(ROOT, 'solutions'));
  expect(kataDir({ KATA_DIR: '/somewhere/else' })).toBe('/somewhere/else');
});
