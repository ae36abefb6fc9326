// The learner's loops keep a function's verdicts from save to save only while
// all its laws hold and nothing it depends on changed: its kata file, the kata
// files it names, in turn. A failing function is always graded again.

import type { LawResult } from '../verdict';

// Every exercise's kata files, for a chain of imports (mlp.ts → crossentropy.ts → softmax.ts).
process.env.KATA_EXERCISES = 'all';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { dependencyKey, KeptVerdicts } = require('../engine') as typeof import('../engine');

const texts = {
  'linear.ts': 'export function linearForward() {}',
  'crossentropy.ts': "import { softmax } from './softmax';",
  'softmax.ts': 'export function softmax() {}',
  'mlp.ts': "import { linearForward } from './linear';\nimport { crossEntropy } from './crossentropy';",
};

test("a file's key changes with its own text and with every kata file it names, in turn, and no other", () => {
  const key = dependencyKey('mlp.ts', texts);
  expect(dependencyKey('mlp.ts', { ...texts, 'linear.ts': 'changed' })).not.toBe(key);
  // mlp.ts names crossentropy.ts, which names softmax.ts.
  expect(dependencyKey('mlp.ts', { ...texts, 'softmax.ts': 'changed' })).not.toBe(key);
  expect(dependencyKey('mlp.ts', { ...texts, 'mlp.ts': `${texts['mlp.ts']}\n// a comment` })).not.toBe(key);
  expect(dependencyKey('linear.ts', { ...texts, 'mlp.ts': 'changed', 'softmax.ts': 'changed' })).toBe(
    dependencyKey('linear.ts', texts),
  );
});

test('only a function whose laws all held is kept, and only under the same key', () => {
  const result = (status: LawResult['status']) => ({ status }) as LawResult;
  const kept = new KeptVerdicts();
  kept.remember('linearGradB', 'k1', [result('passed'), result('passed')]);
  expect(kept.lookup('linearGradB', 'k1')).toHaveLength(2);
  expect(kept.lookup('linearGradB', 'k2')).toBeUndefined();
  kept.remember('linearGradW', 'k1', [result('passed'), result('failed')]);
  expect(kept.lookup('linearGradW', 'k1')).toBeUndefined();
  // A failure graded later drops what was kept.
  kept.remember('linearGradB', 'k1', [result('timeout')]);
  expect(kept.lookup('linearGradB', 'k1')).toBeUndefined();
  kept.remember('softmax', 'k1', []);
  expect(kept.lookup('softmax', 'k1')).toBeUndefined();
});
