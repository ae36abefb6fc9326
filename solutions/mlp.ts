// Reference answers for the two-layer network, built on the reference
// linear layer and cross-entropy beside it (a student may import theirs).
// The grader never reads this file: it checks any folder against laws.

import { crossEntropy, crossEntropyGradZ } from './crossentropy';
import { linearForward, linearGradW, linearGradX } from './linear';

type Matrix = readonly (readonly number[])[];
type Vector = readonly number[];

/** h = relu(W1·x + b1), z = W2·h + b2, L = crossEntropy(z, label). */
export function mlpLoss(W1: Matrix, b1: Vector, W2: Matrix, b2: Vector, x: Vector, label: number): number {
  const h = linearForward(W1, b1, x).map((a) => Math.max(a, 0));
  return crossEntropy(linearForward(W2, b2, h), label);
}

/** Backwards through the cross-entropy, the second layer, the relu (0 where a ≤ 0) and the first layer. */
export function mlpGradients(W1: Matrix, b1: Vector, W2: Matrix, b2: Vector, x: Vector, label: number) {
  const a = linearForward(W1, b1, x);
  const h = a.map((ai) => Math.max(ai, 0));
  const dz = crossEntropyGradZ(linearForward(W2, b2, h), label);
  const dh = linearGradX(W2, dz);
  const da = dh.map((g, i) => (a[i] > 0 ? g : 0));
  return { W1: linearGradW(da, x), b1: da, W2: linearGradW(dz, h), b2: dz, x: linearGradX(W1, da) };
}
