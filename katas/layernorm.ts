// Kata 4 — layer normalization, and its gradients
//
// For x (n entries), gain and bias (n entries each), with μ the mean of x,
// σ² its population variance (divide by n) and ε = 1e-5:
//   x̂_i = (x_i − μ) / √(σ² + ε),   y_i = gain_i·x̂_i + bias_i.
// Every x_k moves μ and σ², and through them every y_i: that is what makes
// ∂L/∂x more than gain·dLdy/σ.
//
// Write each function below. Return fresh arrays and leave the inputs alone.
// Check your work with `npm run grade -- --exercises layernorm`. Do not
// import anything: this file must stand on its own.

/** y = gain ⊙ (x − μ)/√(σ² + ε) + bias, n entries. */
export function layerNorm(x: readonly number[], gain: readonly number[], bias: readonly number[]): number[] {
  // TODO: normalize x to mean 0 and variance 1, then scale and shift it.
  throw new Error('Remove this line and implement layerNorm');
}

/** ∂L/∂bias, n entries. */
export function layerNormGradBias(dLdy: readonly number[]): number[] {
  // TODO: how much does y_i move when bias_i moves by one?
  throw new Error('Remove this line and implement layerNormGradBias');
}

/** ∂L/∂gain, n entries. */
export function layerNormGradGain(x: readonly number[], dLdy: readonly number[]): number[] {
  // TODO: gain_i multiplies x̂_i and nothing else.
  throw new Error('Remove this line and implement layerNormGradGain');
}

/** ∂L/∂x, n entries: through x̂, μ and σ². */
export function layerNormGradX(x: readonly number[], gain: readonly number[], dLdy: readonly number[]): number[] {
  // TODO: start from ∂L/∂x̂_i = gain_i·dLdy_i and pass it back through the mean and the variance.
  throw new Error('Remove this line and implement layerNormGradX');
}
