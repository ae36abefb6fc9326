// The grader's own definition of the softmax, the conditioning of its
// computations, and the steps and bounds of its central differences.

import type { Vector } from '../../contract';
import { maxAbs } from '../../reference';

// Builtins read once: under jest's vm sandbox every global lookup is slow.
const { exp, log2, max, round } = Math;

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
