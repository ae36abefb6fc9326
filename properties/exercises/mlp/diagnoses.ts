// What common misconceptions make the network's gradients return, for the
// diagnosis: a backward pass with one step of it done wrong, every field
// that step feeds wrong with it.

import type { Pattern, RecordAnswer } from '../../patterns';
import { softmaxOf } from '../softmax/reference';
import type { MlpCase } from './cases';

type M = readonly (readonly number[])[];
type V = readonly number[];

const affine = (W: M, b: V, v: V) => W.map((row, i) => row.reduce((s, w, j) => s + w * v[j], b[i]));
const outer = (g: V, v: V) => g.map((gi) => v.map((vj) => gi * vj));
const transposeTimes = (W: M, g: V) => (W[0] ?? []).map((_, j) => W.reduce((s, row, i) => s + row[j] * g[i], 0));

/** The backward pass, with each of its steps done right unless a misconception is named. */
function backward(c: MlpCase, wrong: { onehot?: false; mask?: false; hOfW2?: 'a'; W1?: 'transposed' } = {}) {
  const a = affine(c.W1, c.b1, c.x);
  const h = a.map((ai) => Math.max(ai, 0));
  const z = affine(c.W2, c.b2, h);
  const dz = softmaxOf(z, 1).map((p, k) => p - (wrong.onehot === false ? 0 : k === c.label ? 1 : 0));
  const dh = transposeTimes(c.W2, dz);
  const da = wrong.mask === false ? dh : dh.map((g, i) => (a[i] > 0 ? g : 0));
  const record: RecordAnswer = {
    W1: wrong.W1 === 'transposed' ? outer(c.x, da) : outer(da, c.x),
    b1: da,
    W2: outer(dz, wrong.hOfW2 === 'a' ? a : h),
    b2: dz,
    x: transposeTimes(c.W1, da),
  };
  return record;
}

export const mlpPatterns: { [fn: string]: Pattern<MlpCase>[] } = {
  mlpLoss: [],
  mlpGradients: [
    {
      code: 'unmasked-relu',
      says:
        'the relu was not masked on the way back: ∂L/∂a = ∂L/∂h ⊙ [a > 0], so the gradient stops where a unit ' +
        'was off; ∂L/∂W1, ∂L/∂b1 and ∂L/∂x all come after it',
      predict: (c) => backward(c, { mask: false }),
    },
    {
      code: 'no-onehot',
      says: '∂L/∂z is missing −onehot(label): it is softmax(z) − onehot(label), and every field comes after it',
      predict: (c) => backward(c, { onehot: false }),
    },
    {
      code: 'W2-from-pre-activations',
      says: "∂L/∂W2 = ∂L/∂z·hᵀ takes h = relu(a), the second layer's input, not the pre-activations a",
      predict: (c) => backward(c, { hOfW2: 'a' }),
    },
    {
      code: 'W1-transposed',
      says: "∂L/∂W1 is transposed: it has W1's shape, h×n, with entry [i][j] = (∂L/∂a)_i·x_j",
      predict: (c) => backward(c, { W1: 'transposed' }),
    },
  ],
};
