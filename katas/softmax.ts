// Kata 2 — backpropagation through a softmax with inverse temperature β
//
// For logits x (n entries) and β > 0,
//   y_i = exp(β·x_i) / Σ_k exp(β·x_k).
// Large β sharpens the distribution towards the largest logit; small β
// flattens it towards uniform.
//
// Write each function below. Return fresh arrays and leave the inputs alone.
// Check your work with `npm run grade`; the README derives the Jacobian and
// lists hints if you are stuck. Do not import anything: this file must stand
// on its own.

/** The softmax of β·x: n non-negative entries that sum to 1. */
export function softmax(x: readonly number[], beta: number): number[] {
  // TODO: y_i = exp(β·x_i) / Σ_k exp(β·x_k). For full marks it must also work
  // when β·x_i is in the hundreds or thousands, where exp overflows.
  throw new Error('Remove this line and implement softmax');
}

/** The n×n Jacobian: J[i][j] = ∂y_i/∂x_j. */
export function softmaxJacobian(x: readonly number[], beta: number): number[][] {
  // TODO: differentiate y_i with respect to x_j; treat i = j and i ≠ j apart.
  throw new Error('Remove this line and implement softmaxJacobian');
}

/** ∂L/∂x = Jᵀ·dLdy, n entries. You may do it without building J. */
export function softmaxGradX(x: readonly number[], beta: number, dLdy: readonly number[]): number[] {
  // TODO: (∂L/∂x)_j = Σ_i dLdy_i · ∂y_i/∂x_j.
  throw new Error('Remove this line and implement softmaxGradX');
}
