// The grader's own layer normalization: ε, and x̂ = (x − μ)/√(σ² + ε) over duals, with the population variance.

import { sumOf, type Dual } from '../../kit';

export const EPSILON = 1e-5;

/** x̂ = (x − μ)/√(σ² + ε), over duals. */
export function normalized(x: readonly Dual[]): Dual[] {
  const n = x.length;
  const mu = sumOf(x).div(n);
  const centred = x.map((xi) => xi.sub(mu));
  const variance = sumOf(centred.map((d) => d.mul(d))).div(n);
  const sd = variance.add(EPSILON).sqrt();
  return centred.map((d) => d.div(sd));
}
