// Reference answers for the softmax with inverse temperature β > 0:
//   y_i = exp(β·x_i) / Σ_k exp(β·x_k),   ∂y_i/∂x_j = β·y_i·(δ_ij − y_j).
// The grader never reads this file: it checks any folder against laws.

/** Softmax of β·x, computed as exp(β·x_i − max) so that nothing overflows. */
export function softmax(x: readonly number[], beta: number): number[] {
  const z = x.map((xi) => beta * xi);
  const zMax = Math.max(...z);
  const e = z.map((zi) => Math.exp(zi - zMax));
  const sum = e.reduce((acc, ei) => acc + ei, 0);
  return e.map((ei) => ei / sum);
}

/** J[i][j] = ∂y_i/∂x_j = β·y_i·(δ_ij − y_j). */
export function softmaxJacobian(x: readonly number[], beta: number): number[][] {
  const y = softmax(x, beta);
  return y.map((yi, i) => y.map((yj, j) => beta * yi * ((i === j ? 1 : 0) - yj)));
}

/** ∂L/∂x = Jᵀ·dLdy = β·y ⊙ (dLdy − (dLdy·y)), without forming J. */
export function softmaxGradX(x: readonly number[], beta: number, dLdy: readonly number[]): number[] {
  const y = softmax(x, beta);
  const gDotY = y.reduce((acc, yi, i) => acc + dLdy[i] * yi, 0);
  return y.map((yi, i) => beta * yi * (dLdy[i] - gDotY));
}
