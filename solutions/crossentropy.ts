// Reference answers for the cross-entropy of a softmax.
// The grader never reads this file: it checks any folder against laws.

/** L = −log softmax(z)[label] = m + log Σ_k exp(z_k − m) − z_label, with m = max_k z_k so nothing overflows. */
export function crossEntropy(z: readonly number[], label: number): number {
  const m = Math.max(...z);
  const s = z.reduce((acc, zk) => acc + Math.exp(zk - m), 0);
  return m + Math.log(s) - z[label];
}

/** ∂L/∂z = softmax(z) − onehot(label): the log-sum-exp gives the softmax, −z_label gives −1 at the label. */
export function crossEntropyGradZ(z: readonly number[], label: number): number[] {
  const m = Math.max(...z);
  const e = z.map((zk) => Math.exp(zk - m));
  const s = e.reduce((acc, ek) => acc + ek, 0);
  return e.map((ek, k) => ek / s - (k === label ? 1 : 0));
}
