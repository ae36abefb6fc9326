// The network's functions, as katas/mlp.ts declares them.

import type { Matrix, Vector } from '../../contract';

export interface MlpGradients {
  W1: number[][];
  b1: number[];
  W2: number[][];
  b2: number[];
  x: number[];
}

export interface MlpKata {
  mlpLoss(W1: Matrix, b1: Vector, W2: Matrix, b2: Vector, x: Vector, label: number): number;
  mlpGradients(W1: Matrix, b1: Vector, W2: Matrix, b2: Vector, x: Vector, label: number): MlpGradients;
}
