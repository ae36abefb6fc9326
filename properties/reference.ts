// The grader's own definitions of the forward maps, and central differences of
// them. Every gradient is checked against these, never against the student's
// forward, so each function is graded on its own.

import type { Matrix, Vector } from './contract';

// Builtins read once: under jest's vm sandbox every global lookup is slow.
const { abs, exp, log2, max, round } = Math;

export function dot(a: Vector, b: Vector): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/** y = W·x + b. */
export function affine(W: Matrix, b: Vector, x: Vector): number[] {
  return W.map((row, i) => dot(row, x) + b[i]);
}

/** Softmax of β·x, shifted by its maximum so that nothing overflows. */
export function softmaxOf(x: Vector, beta: number): number[] {
  const z = x.map((xi) => beta * xi);
  let zMax = -Infinity;
  for (const zi of z) zMax = max(zMax, zi);
  const e = z.map((zi) => exp(zi - zMax));
  let sum = 0;
  for (const ei of e) sum += ei;
  return e.map((ei) => ei / sum);
}

/** (f(v + h·e_k) − f(v − h·e_k)) / 2h for every coordinate k: the gradient of a scalar f. */
export function centralGradient(f: (v: number[]) => number, v: Vector, h: number): number[] {
  return v.map((_, k) => {
    const plus = v.slice();
    const minus = v.slice();
    plus[k] += h;
    minus[k] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

/** J[i][k] = ∂f_i/∂v_k by central differences, for a vector-valued f. */
export function centralJacobian(f: (v: number[]) => number[], v: Vector, h: number): number[][] {
  const columns = v.map((_, k) => {
    const plus = v.slice();
    const minus = v.slice();
    plus[k] += h;
    minus[k] -= h;
    const fPlus = f(plus);
    const fMinus = f(minus);
    return fPlus.map((fp, i) => (fp - fMinus[i]) / (2 * h));
  });
  const rows = columns.length === 0 ? 0 : columns[0].length;
  return Array.from({ length: rows }, (_, i) => columns.map((col) => col[i]));
}

/** The largest |v_k|, 0 for an empty vector. */
export function maxAbs(v: Vector): number {
  let m = 0;
  for (const vk of v) m = max(m, abs(vk));
  return m;
}

/** Conditioning of the linear layer's computations (see tolerance.ts). */
export function linearKappa(m: number, n: number): number {
  return m + n + 2;
}

/** Conditioning of softmax computations on these logits (see tolerance.ts). */
export function softmaxKappa(beta: number, ...logits: Vector[]): number {
  const n = max(...logits.map((x) => x.length));
  return n + 4 * (1 + beta * max(...logits.map(maxAbs)));
}

/**
 * The central-difference step for softmax at this β: the power of two nearest
 * 2⁻¹⁵/β, close to the h that balances truncation (∝ β³h²) against rounding (∝ 1/h).
 */
export function softmaxStep(beta: number): number {
  return 2 ** round(-15 - log2(beta));
}

/**
 * A bound on |∂³y_i/∂x_j³| for the softmax: along x_j each y_i is a scaled
 * logistic function of β·x_j, whose third derivative is at most 1/8.
 */
export function softmaxThirdDerivativeBound(beta: number): number {
  return beta ** 3 / 8;
}

/**
 * The step for a directional derivative of L = dLdy·softmax(β·x) along u with
 * entries in [−1, 1]: the power of two nearest 2⁻¹⁷/β, which balances the
 * bound below against rounding for κ near 100.
 */
export function softmaxDirectionalStep(beta: number): number {
  return 2 ** round(-17 - log2(beta));
}

/**
 * A bound on |d³L(x + t·u)/dt³| for L = g·softmax(β·x), max|u_k| ≤ 1: it is the
 * fourth joint cumulant κ(g, w, w, w) of g and w = β·u under y, and for centred
 * values bounded by a and b, |E[g·w³] − 3·E[g·w]·E[w²]| ≤ 4·a·b³, with
 * a = 2·max|g| and b = 2·β.
 */
export function softmaxDirectionalThirdDerivativeBound(beta: number, gMax: number): number {
  return 64 * beta ** 3 * gMax;
}
