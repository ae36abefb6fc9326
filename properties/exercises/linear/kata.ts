// The linear layer's functions, as katas/linear.ts declares them.

import type { Matrix, Vector } from '../../contract';

export interface LinearKata {
  linearForward(W: Matrix, b: Vector, x: Vector): number[];
  linearJacobianW(x: Vector, m: number): number[][];
  linearGradW(dLdy: Vector, x: Vector): number[][];
  linearGradB(dLdy: Vector): number[];
  linearGradX(W: Matrix, dLdy: Vector): number[];
}
