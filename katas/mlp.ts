// Kata 5 — the capstone: a two-layer network, end to end
//
// A hidden layer, a relu, a second layer and the cross-entropy:
//   h = relu(W1·x + b1),   z = W2·h + b2,   L = −log softmax(z)[label].
// W1 is h×n, W2 is k×h (row-major, W[i][j]), x has n entries, b1 h and b2 k;
// label is the right class (0 ≤ label < k). relu(a) = max(a, 0), and its
// derivative at exactly 0 is 0.
//
// You may import your own work (import { linearForward } from './linear',
// import { crossEntropy } from './crossentropy'); nothing else. Return fresh
// arrays and leave the inputs alone. Check your work with
// `npm run grade -- --exercises mlp` (and the files you import).

/** L, a number. */
export function mlpLoss(
  W1: readonly (readonly number[])[],
  b1: readonly number[],
  W2: readonly (readonly number[])[],
  b2: readonly number[],
  x: readonly number[],
  label: number,
): number {
  // TODO: the forward pass: h, then z, then the cross-entropy.
  throw new Error('Remove this line and implement mlpLoss');
}

/** Every gradient: { W1, b1, W2, b2, x }, each shaped like what it is the gradient of. */
export function mlpGradients(
  W1: readonly (readonly number[])[],
  b1: readonly number[],
  W2: readonly (readonly number[])[],
  b2: readonly number[],
  x: readonly number[],
  label: number,
): { W1: number[][]; b1: number[]; W2: number[][]; b2: number[]; x: number[] } {
  // TODO: the forward pass, then backwards: ∂L/∂z, the second layer, the relu, the first layer.
  throw new Error('Remove this line and implement mlpGradients');
}
