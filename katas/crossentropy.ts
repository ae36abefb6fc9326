// Kata 3 — the cross-entropy of a softmax, and its gradient
//
// A classifier turns logits z (n entries) into probabilities softmax(z) and
// pays L = −log softmax(z)[label] for the probability of the right class,
// label (0 ≤ label < n). Backpropagation starts here: ∂L/∂z is the first
// gradient a network's backward pass computes.
//
// Write each function below. Return fresh arrays and leave the inputs alone.
// Check your work with `npm run grade -- --exercises crossentropy`. Do not
// import anything: this file must stand on its own.

/** L = −log softmax(z)[label], a number; finite for any finite z. */
export function crossEntropy(z: readonly number[], label: number): number {
  // TODO: L = log Σ_k exp(z_k) − z_label. For full marks it must also work
  // when the logits are in the hundreds or thousands, where exp overflows.
  throw new Error('Remove this line and implement crossEntropy');
}

/** ∂L/∂z, n entries. */
export function crossEntropyGradZ(z: readonly number[], label: number): number[] {
  // TODO: differentiate L with respect to each z_k.
  throw new Error('Remove this line and implement crossEntropyGradZ');
}
