// Natural mistakes, as students write them, each with the diagnoses that
// would be right for it (codes after the function's name; an empty list:
// no diagnosis is right, and none may be given). The self-test and the bench
// count a diagnosis outside the list as a false diagnosis, at the public seed
// and at many others. The first three are the ones a student's try-out met
// with a confident, wrong diagnosis.

type M = readonly (readonly number[])[];
type V = readonly number[];
const { exp, max } = Math;

export interface Mistake {
  readonly fn: string;
  readonly name: string;
  readonly impl: (...args: never[]) => unknown;
  /** The diagnoses that are right for it. */
  readonly right: readonly string[];
}

const softmaxOf = (x: V, beta: number) => {
  const m = max(...x.map((v) => beta * v));
  const e = x.map((v) => exp(beta * v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const mistake = (fn: string, name: string, right: string[], impl: Mistake['impl']): Mistake => ({
  fn,
  name,
  right,
  impl,
});

export const MISTAKES: readonly Mistake[] = [
  mistake(
    'softmaxJacobian',
    'the diagonal formula β·y_i·(1 − y_j) for every entry',
    ['diagonal-formula-everywhere'],
    (x: V, beta: number) => {
      const y = softmaxOf(x, beta);
      return y.map((yi) => y.map((yj) => beta * yi * (1 - yj)));
    },
  ),
  mistake(
    'linearGradW',
    '∂L/∂vec(W) = dLdyᵀ·∂y/∂vec(W) returned as one 1×(m·n) row, not reshaped',
    ['shape-reshape'],
    (dLdy: V, x: V) => [dLdy.flatMap((g) => x.map((xj) => g * xj))],
  ),
  mistake('linearGradX', 'W·dLdy written with reduce', ['W-not-Wt', 'shape'], (W: M, dLdy: V) =>
    W.map((row) => row.reduce((s, w, j) => s + w * dLdy[j], 0)),
  ),
  mistake('linearForward', 'forgets the bias', ['no-bias'], (W: M, _b: V, x: V) =>
    W.map((row) => row.reduce((s, w, j) => s + w * x[j], 0)),
  ),
  mistake(
    'linearForward',
    'reads W[j][i] in loops over i < m, j < n',
    ['W-transposed', 'nan-past-end'],
    (W: M, b: V, x: V) => b.map((bi, i) => x.reduce((s, xj, j) => s + W[j][i] * xj, bi)),
  ),
  mistake('linearGradW', 'x·dLdyᵀ, the transpose', ['transposed', 'shape-transposed'], (dLdy: V, x: V) =>
    x.map((xj) => dLdy.map((g) => g * xj)),
  ),
  mistake('linearGradW', 'every row x, dLdy forgotten', ['ignores-dLdy'], (dLdy: V, x: V) => dLdy.map(() => [...x])),
  mistake('linearGradW', 'rows made with new Array(m).fill(row)', ['rows-one-array'], (dLdy: V, x: V) => {
    const G: number[][] = new Array(dLdy.length).fill(new Array(x.length).fill(0));
    for (let i = 0; i < dLdy.length; i++) for (let j = 0; j < x.length; j++) G[i][j] = dLdy[i] * x[j];
    return G;
  }),
  mistake('linearGradX', 'dLdy passed straight through', ['dLdy-passed-through', 'shape'], (_W: M, dLdy: V) => [
    ...dLdy,
  ]),
  mistake('linearGradX', 'Wᵀ·dLdy with the wrong sign', ['wrong-sign'], (W: M, dLdy: V) =>
    W[0].map((_, j) => -W.reduce((s, row, i) => s + row[j] * dLdy[i], 0)),
  ),
  mistake('linearGradB', 'ones, dLdy forgotten', ['ones-not-dLdy'], (dLdy: V) => dLdy.map(() => 1)),
  mistake('linearJacobianW', 'vec(W) column by column', ['vec-by-columns'], (x: V, m: number) =>
    Array.from({ length: m }, (_, i) =>
      Array.from({ length: m * x.length }, (_, k) => (k % m === i ? x[Math.floor(k / m)] : 0)),
    ),
  ),
  mistake('softmax', 'β dropped', ['ignores-beta'], (x: V) => softmaxOf(x, 1)),
  mistake('softmax', 'not normalised', ['not-normalised'], (x: V, beta: number) => {
    const m = max(...x.map((v) => beta * v));
    return x.map((v) => exp(beta * v - m));
  }),
  mistake('softmaxJacobian', 'off-diagonal sign flipped', ['off-diagonal-sign'], (x: V, beta: number) => {
    const y = softmaxOf(x, beta);
    return y.map((yi, i) => y.map((yj, j) => (i === j ? beta * yi * (1 - yi) : beta * yi * yj)));
  }),
  mistake('softmaxJacobian', 'rows made with new Array(n).fill(row)', ['rows-one-array'], (x: V, beta: number) => {
    const y = softmaxOf(x, beta);
    const J: number[][] = new Array(y.length).fill(new Array(y.length).fill(0));
    for (let i = 0; i < y.length; i++)
      for (let j = 0; j < y.length; j++) J[i][j] = beta * y[i] * ((i === j ? 1 : 0) - y[j]);
    return J;
  }),
  mistake(
    'softmaxGradX',
    'the centring term −Σ_i dLdy_i·y_i missing',
    ['missing-centring'],
    (x: V, beta: number, dLdy: V) => softmaxOf(x, beta).map((yj, j) => beta * yj * dLdy[j]),
  ),
  mistake('softmaxGradX', 'β dropped', ['missing-beta'], (x: V, beta: number, dLdy: V) => {
    const y = softmaxOf(x, beta);
    const dot = y.reduce((s, yi, i) => s + yi * dLdy[i], 0);
    return y.map((yj, j) => yj * (dLdy[j] - dot));
  }),
  mistake('softmaxGradX', 'a loop bound i <= n in dLdy·y', ['nan-past-end'], (x: V, beta: number, dLdy: V) => {
    const y = softmaxOf(x, beta);
    let dot = 0;
    for (let i = 0; i <= y.length; i++) dot += y[i] * dLdy[i];
    return y.map((yj, j) => beta * yj * (dLdy[j] - dot));
  }),
  mistake('crossEntropyGradZ', 'softmax(z), the −onehot dropped', ['no-onehot'], (z: V) => softmaxOf(z, 1)),
  // A loss answers a number: no shape to speak of, and no misconception named for it.
  mistake('crossEntropy', 'log Σ_k exp(z_k), the −z_label forgotten', [], (z: V) =>
    Math.log(z.reduce((s, zk) => s + exp(zk), 0)),
  ),
  mistake(
    'mlpGradients',
    'the relu not masked on the way back',
    ['unmasked-relu'],
    (W1: M, b1: V, W2: M, b2: V, x: V, label: number) => {
      const a = W1.map((row, i) => row.reduce((s, w, j) => s + w * x[j], b1[i]));
      const h = a.map((ai) => max(ai, 0));
      const z = W2.map((row, i) => row.reduce((s, w, j) => s + w * h[j], b2[i]));
      const dz = softmaxOf(z, 1).map((p, k) => p - (k === label ? 1 : 0));
      const dh = h.map((_, j) => W2.reduce((s, row, i) => s + row[j] * dz[i], 0));
      return {
        W1: dh.map((g) => x.map((xj) => g * xj)),
        b1: dh,
        W2: dz.map((g) => h.map((hj) => g * hj)),
        b2: dz,
        x: x.map((_, j) => W1.reduce((s, row, i) => s + row[j] * dh[i], 0)),
      };
    },
  ),
  mistake('layerNormGradX', 'μ and σ² taken as constants', ['constant-statistics'], (x: V, gain: V, dLdy: V) => {
    const n = x.length;
    const mu = x.reduce((s, v) => s + v, 0) / n;
    const variance = x.reduce((s, v) => s + (v - mu) ** 2, 0) / n;
    return dLdy.map((g, i) => (g * gain[i]) / Math.sqrt(variance + 1e-5));
  }),
];
