// Reference answers for layer normalization, ε = 1e-5, population variance.
// The grader never reads this file: it checks any folder against laws.

const EPSILON = 1e-5;

/** x̂ = (x − μ)/√(σ² + ε) and the denominator √(σ² + ε). */
function normalize(x: readonly number[]): { xhat: number[]; sd: number } {
  const n = x.length;
  const mu = x.reduce((s, xi) => s + xi, 0) / n;
  const variance = x.reduce((s, xi) => s + (xi - mu) ** 2, 0) / n;
  const sd = Math.sqrt(variance + EPSILON);
  return { xhat: x.map((xi) => (xi - mu) / sd), sd };
}

/** y_i = gain_i·x̂_i + bias_i. */
export function layerNorm(x: readonly number[], gain: readonly number[], bias: readonly number[]): number[] {
  return normalize(x).xhat.map((h, i) => gain[i] * h + bias[i]);
}

/** ∂y_i/∂bias_k = δ_ik: dLdy passes straight through. */
export function layerNormGradBias(dLdy: readonly number[]): number[] {
  return dLdy.slice();
}

/** ∂L/∂gain_i = dLdy_i·x̂_i. */
export function layerNormGradGain(x: readonly number[], dLdy: readonly number[]): number[] {
  return normalize(x).xhat.map((h, i) => dLdy[i] * h);
}

/** With g = gain ⊙ dLdy: ∂L/∂x_j = (g_j − mean(g) − x̂_j·mean(g ⊙ x̂)) / √(σ² + ε). */
export function layerNormGradX(x: readonly number[], gain: readonly number[], dLdy: readonly number[]): number[] {
  const n = x.length;
  const { xhat, sd } = normalize(x);
  const g = dLdy.map((d, i) => gain[i] * d);
  const meanG = g.reduce((s, gi) => s + gi, 0) / n;
  const meanGX = g.reduce((s, gi, i) => s + gi * xhat[i], 0) / n;
  return g.map((gj, j) => (gj - meanG - xhat[j] * meanGX) / sd);
}
