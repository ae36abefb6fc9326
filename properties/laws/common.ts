// Laws that every function obeys in the same way: its output has the right
// shape, it leaves its inputs alone, and (for gradients) it is linear in the
// upstream gradient. Each factory builds the law for one function.

import type fc from 'fast-check';
import type { FunctionName, Kata } from '../contract';
import { asMatrix, asVector, call, callEach, expectClose, expectNear, zipWith, type Law } from '../law';
import type { Student } from '../sandbox/wire';
import { LARGE_MAX, LARGE_MIN } from '../arbitraries';
import { againstCentralDifference, exact, type CentralDifference } from '../tolerance';

// Builtins read once: under jest's vm sandbox every global lookup is slow.
const { abs } = Math;

/** [rows] for a vector result, [rows, cols] for a matrix. */
export type Shape = readonly [number] | readonly [number, number];

interface Target<F extends FunctionName, C> {
  readonly fn: F;
  readonly cases: fc.Arbitrary<C>;
  readonly examples: readonly C[];
  readonly shows: readonly (keyof C & string)[];
  /** The arguments the function receives for this case. */
  readonly args: (c: C) => Parameters<Kata[F]>;
  /** The shape of a correct result for this case. */
  readonly shape: (c: C) => Shape;
}

/** The result as a vector or matrix of the expected shape, or a LawFailure. */
export function shaped(value: unknown, shape: Shape, what: string): number[] | number[][] {
  return shape.length === 1 ? asVector(value, shape[0], what) : asMatrix(value, shape[0], shape[1], what);
}

export function shapeLaw<F extends FunctionName, C>(t: Target<F, C>, words: string): Law<C> {
  return {
    fn: t.fn,
    name: `returns ${words}`,
    why: `the result must be ${words}, as plain arrays of numbers`,
    group: 'core',
    // A wrong shape shows on the first case that is not 1×1; the edge cases come first.
    share: 0.25,
    cases: t.cases,
    examples: t.examples,
    shows: t.shows,
    check(student, c) {
      const shape = t.shape(c);
      shaped(call(student, t.fn, ...t.args(c)), shape, 'the result');
    },
  };
}

export function purityLaw<F extends FunctionName, C>(t: Target<F, C>): Law<C> {
  return {
    fn: t.fn,
    name: 'leaves its inputs unchanged and returns a fresh array',
    why: 'backpropagation reuses x, W and dLdy after this call; writing into them, or returning one of them, corrupts later steps',
    group: 'core',
    // Every call watches its arguments (law.ts, call); this law is where a
    // function that only misuses them is caught, on any case with two entries.
    share: 0.25,
    cases: t.cases,
    examples: t.examples,
    shows: t.shows,
    check(student, c) {
      call(student, t.fn, ...t.args(c));
    },
  };
}

/**
 * A backward map is linear in the upstream gradient g:
 *   f(α·g₁ + g₂) = α·f(g₁) + f(g₂).
 * Judged on the natural size of each entry's computation (`magnitude`), not
 * on the entry itself, which may be small after cancellation.
 */
export function linearInUpstreamLaw<
  F extends FunctionName,
  C extends { dLdy: number[]; dLdy2: number[]; alpha: number },
>(
  t: Target<F, C> & {
    readonly withUpstream: (c: C, dLdy: number[]) => Parameters<Kata[F]>;
    readonly kappa: (c: C) => number;
    /** The size of the terms that make up entry (i, j) of f(dLdy). */
    readonly magnitude: (c: C, dLdy: readonly number[]) => (i: number, j: number) => number;
  },
): Law<C> {
  return {
    fn: t.fn,
    name: 'is linear in dLdy',
    why: 'the chain rule multiplies dLdy by a Jacobian that does not depend on dLdy, so f(α·g₁ + g₂) = α·f(g₁) + f(g₂)',
    group: 'core',
    cases: t.cases,
    examples: t.examples,
    shows: [...t.shows, 'dLdy2', 'alpha'] as (keyof C & string)[],
    check(student, c) {
      const shape = t.shape(c);
      const mixed = c.dLdy.map((g, i) => c.alpha * g + c.dLdy2[i]);
      const names = ['f(dLdy)', 'f(dLdy2)', 'f(α·dLdy + dLdy2)'];
      const [f1, f2, fMixed] = callEach(
        student,
        t.fn,
        [c.dLdy, c.dLdy2, mixed].map((g) => t.withUpstream(c, g)),
      ).map((value, k) => shaped(value, shape, names[k]));
      const combined = zipWith(f1, f2, (u, v) => c.alpha * u + v);
      const [m1, m2, mMixed] = [c.dLdy, c.dLdy2, mixed].map((g) => t.magnitude(c, g));
      const kappa = t.kappa(c);
      const budget = (i: number, j: number) => exact(abs(c.alpha) * m1(i, j) + m2(i, j) + mMixed(i, j), kappa);
      expectClose(fMixed, combined, budget, 'f(α·dLdy + dLdy2)', 'α·f(dLdy) + f(dLdy2)');
    },
  };
}

/** What a directional-derivative law needs to know of one function. */
export interface Directional<F extends FunctionName, C> {
  readonly fn: F;
  readonly cases: fc.Arbitrary<C>;
  readonly shows: readonly (keyof C & string)[];
  /** What the student's answer, dotted with the direction, stands for: '⟨∂L/∂W, ΔW⟩'. */
  readonly product: string;
  /**
   * The student's answer turned into ⟨∂L/∂θ, u⟩ for L = dLdy·f(θ) and the
   * case's direction u, with the natural size of that sum (Σ_k |G_k·u_k| for
   * the right G). Throws LawFailure if the answer has the wrong shape.
   */
  readonly studentProduct: (student: Student, c: C) => { readonly value: number; readonly scale: number };
  /** t ↦ L(θ + t·u), from the grader's own forward map. */
  readonly along: (c: C) => (t: number) => number;
  /** The central-difference error model of `along` at t = 0. */
  readonly model: (c: C) => CentralDifference;
}

/**
 * At large sizes a full finite-difference gradient costs O(size²); one
 * directional derivative costs O(size) and still catches any wrong gradient
 * (for a random direction u, ⟨G − G', u⟩ = 0 only by accident):
 *   ⟨G, u⟩ = (L(θ + h·u) − L(θ − h·u)) / 2h + O(h²),
 * as JAX's check_vjp and PyTorch's fast gradcheck do.
 */
export function directionalLaw<F extends FunctionName, C>(d: Directional<F, C>): Law<C> {
  return {
    fn: d.fn,
    name: `agrees with a directional derivative at sizes ${LARGE_MIN} to ${LARGE_MAX}`,
    why: 'a gradient predicts how fast L changes along every direction u: ⟨∂L/∂θ, u⟩ = dL(θ + t·u)/dt at t = 0; this holds at every size, not just small ones',
    group: 'core',
    share: 0.2,
    cases: d.cases,
    examples: [],
    shows: d.shows,
    check(student, c) {
      const { value, scale } = d.studentProduct(student, c);
      const fd = d.model(c);
      const f = d.along(c);
      const derivative = (f(fd.h) - f(-fd.h)) / (2 * fd.h);
      expectNear(
        value,
        derivative,
        againstCentralDifference(fd, scale),
        `${d.product} should equal the central difference of L along u`,
      );
    },
  };
}
