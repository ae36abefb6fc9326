// The softmax's functions, as katas/softmax.ts declares them.

import type { Vector } from '../../contract';

export interface SoftmaxKata {
  softmax(x: Vector, beta: number): number[];
  softmaxJacobian(x: Vector, beta: number): number[][];
  softmaxGradX(x: Vector, beta: number, dLdy: Vector): number[];
}
