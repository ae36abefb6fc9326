// The network's loss over duals, h = relu(W1·x + b1), z = W2·h + b2,
// L = log Σ_k exp(z_k) − z_label, and the same loss with one step changed the
// way a misconception changes its backward pass: forward-mode derivatives of
// that variant are what the misconception returns, so no backward pass is
// written out here.

import { Dual, logSumExp, relu, sumOf } from '../../kit';
import type { MlpCase } from './cases';

type DualParams = Readonly<Record<string, Dual[] | Dual[][]>>;

/** A step of the loss changed so that its derivative is the misconception's. */
export interface Variant {
  /** The relu's value, with the derivative passed on where the unit is off too. */
  readonly unmaskedRelu?: true;
  /** L = log Σ_k exp(z_k), without −z_label: ∂L/∂z loses its −onehot(label). */
  readonly noOnehot?: true;
  /** z's derivative in W2 taken along the pre-activations a rather than h = relu(a); its value is unchanged. */
  readonly w2FromPreActivations?: true;
}

/** W·v + b over duals. */
const affine = (W: Dual[][], b: Dual[], v: Dual[]) =>
  W.map((row, i) => sumOf(row.map((w, j) => w.mul(v[j]))).add(b[i]));

/** relu(a)'s value with a's derivative everywhere. */
const unmasked = (a: Dual): Dual => (a.v > 0 ? a : new Dual(0, a.d, 0, a.ed));

/** W2·h + b2 in value, whose derivative in W2 is along a: W2·h with W2's value, plus (W2 − its value)·a, which is 0. */
const alongPreActivations = (W2: Dual[][], b2: Dual[], h: Dual[], a: Dual[]) =>
  W2.map((row, k) =>
    sumOf(row.map((w, j) => new Dual(w.v).mul(h[j]).add(w.sub(new Dual(w.v)).mul(new Dual(a[j].v))))).add(b2[k]),
  );

/** The loss at case c over the parameters p (the case's, as duals), or a misconception's variant of it. */
export function mlpForward(c: MlpCase, p: DualParams, variant: Variant = {}): Dual {
  const a = affine(p.W1 as Dual[][], p.b1 as Dual[], p.x as Dual[]);
  const h = a.map(variant.unmaskedRelu ? unmasked : relu);
  const z = variant.w2FromPreActivations
    ? alongPreActivations(p.W2 as Dual[][], p.b2 as Dual[], h, a)
    : affine(p.W2 as Dual[][], p.b2 as Dual[], h);
  return variant.noOnehot ? logSumExp(z) : logSumExp(z).sub(z[c.label]);
}
