// Reference answers for the linear layer y = W·x + b.
// W is m×n (row-major, W[i][j]), x has n entries, b and y have m.
// The grader never reads this file: it checks any folder against laws.

/** y = W·x + b, i.e. y_i = Σ_j W_ij·x_j + b_i. */
export function linearForward(W: readonly (readonly number[])[], b: readonly number[], x: readonly number[]): number[] {
  return W.map((row, i) => row.reduce((acc, Wij, j) => acc + Wij * x[j], b[i]));
}

/** ∂L/∂b = dLdy, since ∂y/∂b is the identity. */
export function linearGradB(dLdy: readonly number[]): number[] {
  return dLdy.slice();
}

/** ∂y/∂vec(W), m × (m·n): ∂y_i/∂W_kl = δ_ik·x_l, in column k·n + l. */
export function linearJacobianW(x: readonly number[], m: number): number[][] {
  const n = x.length;
  const J: number[][] = [];
  for (let i = 0; i < m; i++) {
    const row = new Array<number>(m * n).fill(0);
    // y_i depends only on row i of W, with weights x.
    for (let l = 0; l < n; l++) row[i * n + l] = x[l];
    J.push(row);
  }
  return J;
}

/** ∂L/∂W = dLdy·xᵀ: the outer product, m×n. */
export function linearGradW(dLdy: readonly number[], x: readonly number[]): number[][] {
  return dLdy.map((g) => x.map((xj) => g * xj));
}

/** ∂L/∂x = Wᵀ·dLdy: x_j feeds every y_i through W_ij. */
export function linearGradX(W: readonly (readonly number[])[], dLdy: readonly number[]): number[] {
  const n = W.length === 0 ? 0 : W[0].length;
  const dLdx = new Array<number>(n).fill(0);
  W.forEach((row, i) => row.forEach((Wij, j) => (dLdx[j] += Wij * dLdy[i])));
  return dLdx;
}
