// The grader's own definition of the linear layer, and the conditioning of its computations.

import type { Matrix, Vector } from '../../contract';
import { dot } from '../../reference';

/** y = W·x + b. */
export function affine(W: Matrix, b: Vector, x: Vector): number[] {
  return W.map((row, i) => dot(row, x) + b[i]);
}

/** Conditioning of the linear layer's computations (see tolerance.ts). */
export function linearKappa(m: number, n: number): number {
  return m + n + 2;
}
