// Correct answers written differently from solutions/: other formulas, other
// summation orders, other ways of avoiding overflow. correct.test.ts checks
// that the grader passes every one of them at many seeds.

import type { Kata, Matrix, Vector } from '../contract';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const cols = (W: Matrix) => (W.length === 0 ? 0 : W[0].length);

/** Σ in reverse order. */
const sumBackwards = (v: Vector) => {
  let s = 0;
  for (let k = v.length - 1; k >= 0; k--) s += v[k];
  return s;
};

/** Kahan's compensated sum. */
const kahan = (v: Vector) => {
  let s = 0;
  let c = 0;
  for (const vk of v) {
    const t = s + vk;
    c += Math.abs(s) >= Math.abs(vk) ? s - t + vk : vk - t + s;
    s = t;
  }
  return s + c;
};

/** Pairwise (recursive halving) summation. */
const pairwise = (v: Vector): number =>
  v.length <= 2 ? sumBackwards(v) : pairwise(v.slice(0, v.length >> 1)) + pairwise(v.slice(v.length >> 1));

/** log Σ exp(z_k), shifted by the maximum. */
const logSumExp = (z: Vector) => {
  const m = Math.max(...z);
  return m + Math.log(sumBackwards(z.map((zk) => Math.exp(zk - m))));
};

/** Linear layer through explicit Jacobians: ∂L/∂W = dLdyᵀ·∂y/∂vec(W), reshaped; loops in reverse. */
const jacobianW = (x: Vector, m: number) =>
  range(m).map((i) => range(m * x.length).map((k) => (Math.floor(k / x.length) === i ? x[k % x.length] : 0)));
const jacobianLinear = {
  linearForward: (W: Matrix, b: Vector, x: Vector) =>
    W.map((row, i) => sumBackwards(row.map((w, j) => w * x[j])) + b[i]),
  linearJacobianW: jacobianW,
  linearGradW(dLdy: Vector, x: Vector) {
    const J = jacobianW(x, dLdy.length);
    const flat = range(dLdy.length * x.length).map((k) => sumBackwards(J.map((row, i) => row[k] * dLdy[i])));
    return range(dLdy.length).map((i) => flat.slice(i * x.length, (i + 1) * x.length));
  },
  linearGradB: (dLdy: Vector) => range(dLdy.length).map((i) => sumBackwards(dLdy.map((g, k) => (k === i ? g : 0)))),
  linearGradX: (W: Matrix, dLdy: Vector) =>
    range(cols(W)).map((j) => sumBackwards(W.map((row, i) => row[j] * dLdy[i]))),
};

/** Linear layer with compensated sums, built from typed arrays and converted back. */
const typedLinear = {
  linearForward: (W: Matrix, b: Vector, x: Vector) =>
    Array.from(Float64Array.from(W, (row, i) => kahan([...row.map((w, j) => w * x[j]), b[i]]))),
  linearJacobianW(x: Vector, m: number) {
    const J = range(m).map(() => new Float64Array(m * x.length));
    J.forEach((row, i) => row.set(x, i * x.length));
    return J.map((row) => Array.from(row));
  },
  linearGradW: (dLdy: Vector, x: Vector) => dLdy.map((g) => Array.from(Float64Array.from(x, (xj) => xj * g))),
  linearGradB: (dLdy: Vector) => [...dLdy],
  linearGradX(W: Matrix, dLdy: Vector) {
    const out = new Float64Array(cols(W));
    for (let i = W.length - 1; i >= 0; i--) for (let j = 0; j < out.length; j++) out[j] += dLdy[i] * W[i][j];
    return Array.from(out);
  },
};

/** Softmax by log-sum-exp; J = β·(diag(y) − y·yᵀ) formed explicitly; ∂L/∂x = Jᵀ·dLdy by a matrix product. */
function lseSoftmax(x: Vector, beta: number) {
  const z = x.map((xi) => beta * xi);
  const lse = logSumExp(z);
  return z.map((zi) => Math.exp(zi - lse));
}
function lseJacobian(x: Vector, beta: number) {
  const y = lseSoftmax(x, beta);
  const diag = y.map((yi, i) => y.map((_, j) => (i === j ? yi : 0)));
  return diag.map((row, i) => row.map((d, j) => beta * (d - y[i] * y[j])));
}
const logSumExpSoftmax = {
  softmax: lseSoftmax,
  softmaxJacobian: lseJacobian,
  softmaxGradX(x: Vector, beta: number, dLdy: Vector) {
    const J = lseJacobian(x, beta);
    return range(x.length).map((j) => sumBackwards(J.map((row, i) => row[j] * dLdy[i])));
  },
};

/** Softmax as y_i = 1 / Σ_k exp(β·(x_k − x_i)); gradients from the Jacobian columns with Kahan sums. */
const ratioSoftmaxY = (x: Vector, beta: number) => x.map((xi) => 1 / kahan(x.map((xk) => Math.exp(beta * (xk - xi)))));
function ratioJacobian(x: Vector, beta: number) {
  const y = ratioSoftmaxY(x, beta);
  return y.map((yi, i) => y.map((yj, j) => (i === j ? beta * yi * (1 - yi) : -beta * yi * yj)));
}
const ratioSoftmax = {
  softmax: ratioSoftmaxY,
  softmaxJacobian: ratioJacobian,
  softmaxGradX(x: Vector, beta: number, dLdy: Vector) {
    const y = ratioSoftmaxY(x, beta);
    return y.map((yj, j) => beta * yj * dLdy[j] - beta * yj * kahan(y.map((yi, i) => yi * dLdy[i])));
  },
};

/** Softmax normalised twice over pairwise sums, with β applied after the max is subtracted. */
function pairwiseSoftmaxY(x: Vector, beta: number) {
  const m = Math.max(...x);
  const e = x.map((xi) => Math.exp(beta * (xi - m)));
  const once = e.map((ei) => ei / pairwise(e));
  return once.map((yi) => yi / pairwise(once));
}
function pairwiseJacobian(x: Vector, beta: number) {
  const y = pairwiseSoftmaxY(x, beta);
  // J = β·diag(y) − β·y·yᵀ, as two outer-product terms.
  const outer = y.map((yi) => y.map((yj) => beta * yi * yj));
  return outer.map((row, i) => row.map((o, j) => (i === j ? beta * y[i] : 0) - o));
}
const pairwiseSoftmax = {
  softmax: pairwiseSoftmaxY,
  softmaxJacobian: pairwiseJacobian,
  softmaxGradX(x: Vector, beta: number, dLdy: Vector) {
    const y = pairwiseSoftmaxY(x, beta);
    const centred = dLdy.map((g) => g - pairwise(y.map((yi, i) => yi * dLdy[i])));
    return y.map((yi, i) => beta * (yi * centred[i]));
  },
};

/** Copies its inputs (structuredClone, JSON, spread, Array.from, concat), then works in place on the copies. */
const copyingLinear = {
  linearForward(W: Matrix, b: Vector, x: Vector) {
    const y = structuredClone(b) as number[];
    const Wc = JSON.parse(JSON.stringify(W)) as number[][];
    for (let i = 0; i < y.length; i++) for (let j = 0; j < x.length; j++) y[i] += Wc[i][j] * x[j];
    return y;
  },
  linearJacobianW(x: Vector, m: number) {
    const row = Array.from(x);
    return range(m).map((i) => {
      const r = new Array<number>(m * x.length).fill(0);
      r.splice(i * x.length, x.length, ...row);
      return r;
    });
  },
  linearGradW: (dLdy: Vector, x: Vector) =>
    dLdy.map((g) => {
      const r = x.concat();
      for (let j = 0; j < r.length; j++) r[j] *= g;
      return r;
    }),
  // structuredClone of an object or a Map holding the argument, as well as of the argument itself.
  linearGradB: (dLdy: Vector) => structuredClone({ g: dLdy, also: new Map([['g', dLdy]]) }).also.get('g') as number[],
  linearGradX(W: Matrix, dLdy: Vector) {
    const Wc = structuredClone(W) as number[][];
    const out = new Array<number>(cols(W)).fill(0);
    Wc.forEach((row, i) => row.forEach((w, j) => (out[j] += w * dLdy[i])));
    return out;
  },
};
function inPlaceSoftmaxY(x: Vector, beta: number) {
  const z = [...x];
  for (let i = 0; i < z.length; i++) z[i] *= beta;
  const m = Math.max(...z);
  for (let i = 0; i < z.length; i++) z[i] = Math.exp(z[i] - m);
  const s = z.reduce((a, v) => a + v, 0);
  for (let i = 0; i < z.length; i++) z[i] /= s;
  return z;
}
const inPlaceSoftmax = {
  softmax: inPlaceSoftmaxY,
  softmaxJacobian(x: Vector, beta: number) {
    const y = inPlaceSoftmaxY(x.slice(), beta);
    return y.map((yi, i) => {
      const row = y.map((yj) => -beta * yi * yj);
      row[i] += beta * yi;
      return row;
    });
  },
  softmaxGradX(x: Vector, beta: number, dLdy: Vector) {
    const g = structuredClone(dLdy) as number[];
    const y = inPlaceSoftmaxY(x, beta);
    const gy = y.reduce((a, yi, i) => a + yi * g[i], 0);
    for (let j = 0; j < g.length; j++) g[j] = beta * y[j] * (g[j] - gy);
    return g;
  },
};

/** The reference softmax plus 2⁻⁵² in every entry, as one library does to keep a later log finite. */
const epsilonSoftmax = {
  ...inPlaceSoftmax,
  softmax: (x: Vector, beta: number) => inPlaceSoftmaxY(x, beta).map((yi) => yi + 2 ** -52),
};

/** Each correct alternative, named for how it differs. */
export const CORRECT: readonly { readonly name: string; readonly kata: Partial<Kata> }[] = [
  { name: 'Jacobian-first linear layer, log-sum-exp softmax', kata: { ...jacobianLinear, ...logSumExpSoftmax } },
  { name: 'typed-array linear layer with Kahan sums, ratio softmax', kata: { ...typedLinear, ...ratioSoftmax } },
  {
    name: 'Jacobian-first linear layer, pairwise twice-normalised softmax',
    kata: { ...jacobianLinear, ...pairwiseSoftmax },
  },
  { name: 'typed-array linear layer, log-sum-exp softmax', kata: { ...typedLinear, ...logSumExpSoftmax } },
  { name: 'Jacobian-first linear layer, ratio softmax', kata: { ...jacobianLinear, ...ratioSoftmax } },
  { name: 'typed-array linear layer, pairwise twice-normalised softmax', kata: { ...typedLinear, ...pairwiseSoftmax } },
  {
    name: 'softmax plus 2⁻⁵² in every entry (a library keeping a later log finite)',
    kata: { ...typedLinear, ...epsilonSoftmax },
  },
  {
    name: 'copies its inputs (structuredClone, JSON, spread, concat) and works in place',
    kata: { ...copyingLinear, ...inPlaceSoftmax },
  },
];
