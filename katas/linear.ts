// Kata 1 — backpropagation through a linear layer
//
// The layer computes y = W·x + b, where
//   W is an m×n matrix (row-major: W[i][j] is row i, column j),
//   x has n entries, and b and y have m entries.
// Some loss L sits after the layer. Backpropagation hands you the upstream
// gradient dLdy = ∂L/∂y (m entries); your job is to pass it on to W, b and x
// with the chain rule.
//
// Write each function below. Return fresh arrays and leave the inputs alone.
// Check your work with `npm run grade`; the README derives the 2×2 case and
// lists hints if you are stuck. Do not import anything: this file must stand
// on its own.

/** y = W·x + b, so y_i = Σ_j W_ij·x_j + b_i. Returns m entries. */
export function linearForward(W: readonly (readonly number[])[], b: readonly number[], x: readonly number[]): number[] {
  // TODO: compute y_i = Σ_j W[i][j]·x[j] + b[i] for every row i.
  throw new Error('Remove this line and implement linearForward');
}

/** ∂L/∂b, m entries. */
export function linearGradB(dLdy: readonly number[]): number[] {
  // TODO: ∂L/∂b_i = Σ_k ∂L/∂y_k · ∂y_k/∂b_i.
  throw new Error('Remove this line and implement linearGradB');
}

/**
 * ∂y/∂vec(W): an m × (m·n) matrix. Flatten W row by row, so W_kl is entry
 * k·n + l of vec(W); column k·n + l of the answer is ∂y/∂W_kl.
 * For m = n = 2 the answer is [[x1, x2, 0, 0], [0, 0, x1, x2]].
 */
export function linearJacobianW(x: readonly number[], m: number): number[][] {
  // TODO: entry [i][k·n + l] is ∂y_i/∂W_kl. Which W entries does y_i use?
  throw new Error('Remove this line and implement linearJacobianW');
}

/** ∂L/∂W, an m×n matrix: entry [i][j] is ∂L/∂W_ij. */
export function linearGradW(dLdy: readonly number[], x: readonly number[]): number[][] {
  // TODO: chain rule: ∂L/∂W_ij = Σ_k ∂L/∂y_k · ∂y_k/∂W_ij.
  throw new Error('Remove this line and implement linearGradW');
}

/** ∂L/∂x, n entries (n is the number of columns of W). */
export function linearGradX(W: readonly (readonly number[])[], dLdy: readonly number[]): number[] {
  // TODO: x_j reaches every y_i through W_ij; add up those paths.
  throw new Error('Remove this line and implement linearGradX');
}
