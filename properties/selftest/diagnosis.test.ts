// A diagnosis is never wrong: over the natural mistakes of mistakes.ts, at the
// public seed and at others, every diagnosis given is one that is right for
// the mistake, and each mistake is named right at the public seed. The three
// mistakes a student's try-out met with a false diagnosis come first.

process.env.KATA_EXERCISES = 'all';
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the assignment is set */
const { diagnosed, MISTAKES } = require('./diagnosed') as typeof import('./diagnosed');
const { DEFAULT_SEED } = require('../run') as typeof import('../run');
const { diagnose } = require('../diagnosis') as typeof import('../diagnosis');
const { inProcessStudent } = require('../sandbox/wire') as typeof import('../sandbox/wire');
const { moduleOf } = require('../exercises/modules') as typeof import('../exercises/modules');
/* eslint-enable @typescript-eslint/no-require-imports */

jest.setTimeout(60_000);

const SEEDS = [DEFAULT_SEED, 1_000_003, 1_007_922];

test('there are at least 15 natural mistakes, the three false diagnoses of the try-out among them', () => {
  expect(MISTAKES.length).toBeGreaterThanOrEqual(15);
  expect(MISTAKES.slice(0, 3).map((m) => m.right)).toEqual([
    ['diagonal-formula-everywhere'],
    ['shape-reshape'],
    ['W-not-Wt', 'shape'],
  ]);
});

test.each(MISTAKES.map((m) => [`${m.fn}: ${m.name}`, m] as const))(
  '%s: caught, named right at the public seed, and never named wrong',
  (_, m) => {
    const d = diagnosed(m, SEEDS);
    expect({ caught: d.caught, wrong: d.wrong, firstWrong: d.firstWrong }).toEqual({
      caught: SEEDS.length,
      wrong: 0,
      firstWrong: undefined,
    });
    // Named right at the public seed, where some diagnosis is right; where none is, none was given (above).
    expect(diagnosed(m, [DEFAULT_SEED]).right).toBe(m.right.length > 0 ? 1 : 0);
  },
);

describe('the generic case keeps a degenerate input from naming a misconception', () => {
  const [diagonalEverywhere, unreshaped] = MISTAKES;
  const student = (fn: string, impl: unknown) => inProcessStudent({ [fn]: impl } as never);

  test('equal logits make every row of the diagonal formula alike, yet no aliasing is named', () => {
    const c = { ...(moduleOf('softmaxJacobian').genericCases()[0] as object), x: [0.5, 0.5, 0.5], beta: 1 };
    expect(diagnose('softmaxJacobian', student('softmaxJacobian', diagonalEverywhere.impl), c)?.code).toBe(
      'softmaxJacobian/diagonal-formula-everywhere',
    );
    // Rows alike on this input for another reason, matching no pattern: nothing is guessed.
    const outer = (x: number[]) => x.map((xi) => x.map((xj) => xi * xj));
    expect(diagnose('softmaxJacobian', student('softmaxJacobian', outer), c)).toBeUndefined();
    // The control: a Jacobian whose rows really are one array is named on the same degenerate input.
    const aliased = (x: number[], beta: number) => new Array(x.length).fill(x.map(() => beta));
    expect(diagnose('softmaxJacobian', student('softmaxJacobian', aliased), c)?.code).toBe(
      'softmaxJacobian/rows-one-array',
    );
  });

  test('with n = 1 an unreshaped row is also a transpose, and it is called a reshape', () => {
    const c = { ...(moduleOf('linearGradW').genericCases()[0] as object), x: [2], dLdy: [1, -3, 0.5] };
    const d = diagnose('linearGradW', student('linearGradW', unreshaped.impl), c);
    expect(d).toEqual({
      code: 'linearGradW/shape-reshape',
      says:
        'you returned a 1×3 matrix where the answer is a 3×1 matrix: the right numbers in row-major order: ' +
        'reshape it into 3×1, entry k = i·1 + j going to [i][j]',
    });
  });
});
