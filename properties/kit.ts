// The law kit: the standard laws of a scalar loss and its gradient, derived
// from the grader's own forward map, so that a new exercise needs no
// hand-made error model.
//
// The reference is forward-mode automatic differentiation with dual numbers:
// the forward map, written once over Dual, gives the loss and its derivative
// along any seed direction exact to rounding (no truncation error, unlike a
// finite difference). Each Dual also carries a running bound on the
// rounding error a correct computation of it may make (`ev` for the value,
// `ed` for the derivative), propagated through every operation by the usual
// first-order rules; a student's answer is then allowed EXACT_ULPS·κ·EPS
// times that scale (tolerance.ts), so a right answer written any reasonable
// way passes, and any answer off by more than rounding fails. Answers
// computed by finite differences are off by far more than rounding, and fail.

import type fc from 'fast-check';
import type { FunctionName } from './contract';
import { call, expectClose, expectNear, LawFailure, type Law } from './law';
import { LARGE_MAX, LARGE_MIN } from './arbitraries';
import { shaped } from './laws/common';
import type { Student } from './sandbox/wire';
import type { RecordAnswer } from './patterns';
import type { ExerciseModule } from './exercises/module';
import { exact } from './tolerance';

/** What the kit derives of an exercise module from its forward map. */
type KitModule = Pick<ExerciseModule, 'laws' | 'answers' | 'derivatives'>;

// Builtins read once: under jest's vm sandbox every global lookup is slow.
const { abs, exp, log } = Math;

/**
 * A number with its derivative along one seed direction: v + d·ε, ε² = 0;
 * ev and ed bound the rounding errors of v and d in units of EPS (up to a
 * small factor counted by κ).
 */
export class Dual {
  constructor(
    readonly v: number,
    readonly d = 0,
    readonly ev = abs(v),
    readonly ed = abs(d),
  ) {}

  add(b: Dual | number): Dual {
    const o = dual(b);
    return new Dual(this.v + o.v, this.d + o.d, this.ev + o.ev + abs(this.v + o.v), this.ed + o.ed + abs(this.d + o.d));
  }

  sub(b: Dual | number): Dual {
    return this.add(dual(b).neg());
  }

  neg(): Dual {
    return new Dual(-this.v, -this.d, this.ev, this.ed);
  }

  mul(b: Dual | number): Dual {
    const o = dual(b);
    const v = this.v * o.v;
    const d = this.d * o.v + this.v * o.d;
    return new Dual(
      v,
      d,
      abs(o.v) * this.ev + abs(this.v) * o.ev + abs(v),
      abs(o.v) * this.ed + abs(this.d) * o.ev + abs(this.v) * o.ed + abs(o.d) * this.ev + abs(d),
    );
  }

  div(b: Dual | number): Dual {
    const o = dual(b);
    const v = this.v / o.v;
    const d = (this.d - v * o.d) / o.v;
    const ev = (this.ev + abs(v) * o.ev) / abs(o.v) + abs(v);
    return new Dual(v, d, ev, (this.ed + abs(v) * o.ed + abs(o.d) * ev + abs(d) * o.ev) / abs(o.v) + abs(d));
  }

  exp(): Dual {
    const e = exp(this.v);
    // exp turns an absolute error in its argument into a relative error in its value.
    return new Dual(e, e * this.d, e * (1 + this.ev), e * (this.ed + abs(this.d) * (1 + this.ev)) + abs(e * this.d));
  }

  sqrt(): Dual {
    const r = Math.sqrt(this.v);
    const d = this.d / (2 * r);
    const ev = this.ev / (2 * r) + r;
    return new Dual(r, d, ev, (this.ed + abs(d) * 2 * ev) / (2 * r) + abs(d));
  }

  log(): Dual {
    const l = log(this.v);
    const d = this.d / this.v;
    return new Dual(l, d, this.ev / abs(this.v) + abs(l), (this.ed + abs(d) * this.ev) / abs(this.v) + abs(d));
  }
}

export const dual = (x: Dual | number): Dual => (x instanceof Dual ? x : new Dual(x));

/** The largest of some duals, as a dual (its derivative is the largest's: a kink, which cases stay away from). */
export function maxOf(xs: readonly Dual[]): Dual {
  return xs.reduce((a, b) => (b.v > a.v ? b : a));
}

export function sumOf(xs: readonly Dual[]): Dual {
  return xs.reduce((a, b) => a.add(b), new Dual(0));
}

/** log Σ_k exp(x_k), shifted by the largest so that nothing overflows. */
export function logSumExp(xs: readonly Dual[]): Dual {
  const m = maxOf(xs);
  return sumOf(xs.map((x) => x.sub(m).exp()))
    .log()
    .add(m);
}

/** f at θ with derivative along u: one pass of forward mode. */
export function along(f: (theta: Dual[]) => Dual, theta: readonly number[], u: readonly number[]): Dual {
  return f(theta.map((t, k) => new Dual(t, u[k], abs(t), abs(u[k]))));
}

/** The gradient of f at θ, one forward pass per entry, and each entry's error scale. */
export function gradientOf(f: (theta: Dual[]) => Dual, theta: readonly number[]): { g: number[]; scale: number[] } {
  const passes = theta.map((_, k) =>
    along(
      f,
      theta,
      theta.map((__, j) => (j === k ? 1 : 0)),
    ),
  );
  return { g: passes.map((p) => p.d), scale: passes.map((p) => p.ed) };
}

/** Calls a function the exercise registry names (its arguments as the case gives them). */
const callWith = (student: Student, fn: string, args: unknown[]): unknown =>
  (call as (s: Student, f: string, ...a: unknown[]) => unknown)(student, fn, ...args);

/** The result as a number, or a LawFailure saying what it was. */
function asNumber(value: unknown, what: string): number {
  if (typeof value !== 'number') {
    throw new LawFailure(
      `${what} should be a number, got ${Array.isArray(value) ? `an array of length ${value.length}` : typeof value}`,
      undefined,
      value,
    );
  }
  return value;
}

/** The cases of one region of inputs: random ones and the edge cases tried first. */
export interface Region<C> {
  readonly cases: fc.Arbitrary<C>;
  readonly examples: readonly C[];
}

/** A scalar loss L(θ, …) and the function that returns its gradient with respect to θ. */
export interface ScalarLoss<C> {
  /** The loss's function and the gradient's, as the exercise names them. */
  readonly loss: string;
  readonly gradient: string;
  /** The loss in words, for law names: '−log softmax(z)[label]'. */
  readonly lossWords: string;
  /** The gradient's name in words: '∂L/∂z'. */
  readonly gradientWords: string;
  /** Why the loss is what it is, in a line. */
  readonly why: string;
  /** Ordinary inputs, inputs of sizes LARGE_MIN to LARGE_MAX, and (for a stability law) extreme ones. */
  readonly ordinary: Region<C>;
  readonly large: fc.Arbitrary<C>;
  readonly extreme?: Region<C> & { readonly words: string };
  /** The parts of a case the functions receive, in the order shown on failure. */
  readonly shows: readonly (keyof C & string)[];
  /** The arguments both functions receive. */
  readonly args: (c: C) => unknown[];
  /** θ, the field of the case the gradient is taken with respect to (a vector), and a direction in its space with
   * entries in [−1, 1]. */
  readonly wrt: keyof C & string;
  readonly direction: (c: C) => number[];
  /** The grader's own forward map, over duals: L as a function of θ. */
  readonly forward: (c: C, theta: Dual[]) => Dual;
}

/** The conditioning of a computation over n inputs (tolerance.ts's κ): a few roundings per input, and some. */
const kappaOf = (n: number) => 2 * n + 8;

/** Where a law's cases come from and what its failures show. */
interface Cases<C> {
  readonly cases: fc.Arbitrary<C>;
  readonly examples: readonly C[];
  readonly shows: readonly (keyof C & string)[];
}

/** fn leaves its inputs alone: every call watches them (law.ts), and this law is where only that is at stake. */
function purityLaw<C>(fn: string, on: Cases<C>, args: (c: C) => unknown[]): Law<C> {
  return {
    fn: fn as FunctionName,
    name: 'leaves its inputs unchanged',
    why: 'backpropagation reuses the inputs after this call; writing into them, or returning one of them, corrupts later steps',
    group: 'core',
    share: 0.25,
    ...on,
    check(student, c) {
      callWith(student, fn, args(c));
    },
  };
}

/** fn returns the grader's loss: a number within the rounding a correct computation of it may make. */
function lossLaw<C>(
  fn: string,
  on: Cases<C>,
  o: { name: string; why: string; group: 'core' | 'stability'; words: string; args: (c: C) => unknown[] },
  reference: (c: C) => { readonly L: Dual; readonly n: number },
): Law<C> {
  return {
    fn: fn as FunctionName,
    name: o.name,
    why: o.why,
    group: o.group,
    ...on,
    check(student, c) {
      // The student's call first, then the reference: a check noted ahead (prefetch.ts) stops at the call.
      const got = asNumber(callWith(student, fn, o.args(c)), 'the loss');
      const { L, n } = reference(c);
      expectNear(got, L.v, exact(L.ev, kappaOf(n)), `${fn} should equal ${o.words}`);
    },
  };
}

/**
 * At sizes LARGE_MIN to LARGE_MAX: ⟨G, u⟩ of the student's answer G (flattened, with the direction u
 * flattened alike) equals the derivative of L along u, one forward-mode pass; allowed the rounding of the
 * product's terms and the reference's own.
 */
function directionalKitLaw<C>(
  fn: string,
  large: fc.Arbitrary<C>,
  shows: readonly (keyof C & string)[],
  words: string,
  measure: (student: Student, c: C) => { got: readonly number[]; u: readonly number[]; dL: Dual; n: number },
): Law<C> {
  return {
    fn: fn as FunctionName,
    name: `agrees with a directional derivative at sizes ${LARGE_MIN} to ${LARGE_MAX}`,
    why: 'a gradient predicts how fast L changes along every direction u: ⟨∂L/∂θ, u⟩ = dL(θ + t·u)/dt at t = 0; this holds at every size, not just small ones',
    group: 'core',
    share: 0.2,
    cases: large,
    examples: [],
    shows,
    check(student, c) {
      const { got, u, dL, n } = measure(student, c);
      const product = got.reduce((acc, gk, k) => acc + gk * u[k], 0);
      const terms = got.reduce((acc, gk, k) => acc + abs(gk * u[k]), 0);
      expectNear(
        product,
        dL.d,
        exact(terms + dL.ed, kappaOf(n)),
        `⟨${words}, u⟩ should equal the derivative of L along u`,
      );
    },
  };
}

/** θ as the case holds it. */
const thetaOf = <C>(s: ScalarLoss<C>, c: C): number[] => c[s.wrt] as number[];

/**
 * The laws of a scalar loss and of its gradient: the loss equals the
 * grader's own; the gradient agrees with forward-mode derivatives of it, has
 * one entry per entry of θ, and agrees with a directional derivative at large
 * sizes; both leave their inputs alone; and, where extreme inputs are given,
 * both stay right there (a stability law, with points of its own).
 */
export function scalarLossLaws<C>(s: ScalarLoss<C>): Record<string, Law<C>[]> {
  const gradFn = s.gradient as FunctionName;
  const reference = (c: C) =>
    s.forward(
      c,
      thetaOf(s, c).map((t) => new Dual(t)),
    );
  const value = (region: Region<C>, group: 'core' | 'stability', name: string) =>
    lossLaw(
      s.loss,
      { ...region, shows: s.shows },
      { name, why: s.why, group, words: s.lossWords, args: s.args },
      (c) => ({ L: reference(c), n: thetaOf(s, c).length }),
    );
  const gradient = (region: Region<C>, group: 'core' | 'stability', name: string): Law<C> => ({
    fn: gradFn,
    name,
    why: `${s.gradientWords}_k is how fast ${s.lossWords} changes as θ_k moves; forward-mode differentiation of the grader's own loss gives it exactly`,
    group,
    cases: region.cases,
    examples: region.examples,
    shows: s.shows,
    check(student, c) {
      const theta = thetaOf(s, c);
      const got = shaped(callWith(student, gradFn, s.args(c)), [theta.length], s.gradientWords) as number[];
      const { g, scale } = gradientOf((t) => s.forward(c, t), theta);
      const kappa = kappaOf(theta.length);
      expectClose(got, g, (i) => exact(scale[i], kappa), s.gradientWords, 'forward-mode differentiation');
    },
  });
  const ordinary = { ...s.ordinary, shows: s.shows };
  const directional = directionalKitLaw(s.gradient, s.large, s.shows, s.gradientWords, (student, c) => {
    const theta = thetaOf(s, c);
    const got = shaped(callWith(student, gradFn, s.args(c)), [theta.length], s.gradientWords) as number[];
    return { got, u: s.direction(c), dL: along((t) => s.forward(c, t), theta, s.direction(c)), n: theta.length };
  });
  const laws: Record<string, Law<C>[]> = {
    [s.loss]: [value(s.ordinary, 'core', `equals ${s.lossWords}`), purityLaw(s.loss, ordinary, s.args)],
    [s.gradient]: [
      gradient(s.ordinary, 'core', `agrees with forward-mode derivatives of ${s.lossWords}`),
      purityLaw(s.gradient, ordinary, s.args),
      directional,
    ],
  };
  if (s.extreme) {
    laws[s.loss].push(value(s.extreme, 'stability', `equals ${s.lossWords} ${s.extreme.words}`));
    laws[s.gradient].push(gradient(s.extreme, 'stability', `agrees with forward-mode derivatives ${s.extreme.words}`));
  }
  return laws;
}

/** What each function receives for a case and its right answer there, for the diagnosis and the side-by-side. */
export function scalarLossAnswers<C>(s: ScalarLoss<C>) {
  return {
    [s.loss]: {
      args: (c: C) => s.args(c),
      expected: (c: C) => [
        s.forward(
          c,
          thetaOf(s, c).map((t) => new Dual(t)),
        ).v,
      ],
    },
    [s.gradient]: {
      args: (c: C) => s.args(c),
      expected: (c: C) => gradientOf((t) => s.forward(c, t), thetaOf(s, c)).g,
    },
  };
}

/** An exercise module's laws, answers and derivatives (the gradient: of the loss, with respect to θ). */
export function scalarLossModule<C>(s: ScalarLoss<C>): KitModule {
  return {
    laws: scalarLossLaws(s),
    answers: scalarLossAnswers(s) as KitModule['answers'],
    derivatives: { [s.gradient]: { forward: s.loss, wrt: [s.wrt], returns: 'gradient' } },
  };
}

/** A vector map y = f(θ₁, θ₂, …) and the functions that pass an upstream gradient dLdy back to each input. */
export interface VectorMap<C> {
  /** The forward function, as the exercise names it, and its map in words: 'gain ⊙ (x − μ)/√(σ² + ε) + bias'. */
  readonly forward: string;
  readonly forwardWords: string;
  readonly why: string;
  readonly ordinary: Region<C>;
  readonly large: fc.Arbitrary<C>;
  readonly shows: readonly (keyof C & string)[];
  /** The forward function's arguments. */
  readonly forwardArgs: (c: C) => unknown[];
  /** Every input of the map, by name, as the case holds it. */
  readonly inputs: (c: C) => Readonly<Record<string, readonly number[]>>;
  /** The grader's own map, over duals. */
  readonly map: (c: C, inputs: Readonly<Record<string, Dual[]>>) => Dual[];
  /** The upstream gradient, a second one and a scalar (for linearity in dLdy), and a direction for each input. */
  readonly upstream: (c: C) => { readonly dLdy: number[]; readonly dLdy2: number[]; readonly alpha: number };
  readonly direction: (c: C, input: string) => number[];
  /** Each backward function: the input it differentiates with respect to, its arguments for an upstream gradient. */
  readonly backward: readonly {
    readonly fn: string;
    readonly wrt: string;
    readonly words: string;
    readonly args: (c: C, dLdy: readonly number[]) => unknown[];
  }[];
}

/** The inputs as duals, the input `wrt` seeded along `seed` (none seeded when wrt is undefined). */
function dualInputs(
  inputs: Readonly<Record<string, readonly number[]>>,
  wrt?: string,
  seed?: readonly number[],
): Record<string, Dual[]> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, v]) => [
      name,
      v.map((t, k) => (name === wrt && seed ? new Dual(t, seed[k], abs(t), abs(seed[k])) : new Dual(t))),
    ]),
  );
}

/** ∂(g·y)/∂θ for the map's input `wrt`, one forward-mode pass per entry, and each entry's error scale. */
function vjpOf<C>(s: VectorMap<C>, wrt: string, c: C, g: readonly number[]): { g: number[]; scale: number[] } {
  const inputs = s.inputs(c);
  const passes = inputs[wrt].map((_, k) =>
    dotDual(
      g,
      s.map(
        c,
        dualInputs(
          inputs,
          wrt,
          inputs[wrt].map((__, j) => (j === k ? 1 : 0)),
        ),
      ),
    ),
  );
  return { g: passes.map((p) => p.d), scale: passes.map((p) => p.ed) };
}

/** L = dLdy·y over duals. */
const dotDual = (g: readonly number[], y: readonly Dual[]) => sumOf(y.map((yi, i) => yi.mul(g[i])));

/**
 * The laws of a vector map and of each function that passes an upstream
 * gradient back through it (a vector-Jacobian product): the forward equals
 * the grader's map, entry by entry; each backward function agrees with
 * forward-mode derivatives of L = dLdy·y with respect to its input, is linear
 * in dLdy, returns one entry per entry of that input, and agrees with a
 * directional derivative at large sizes; all leave their inputs alone.
 */
export function vectorMapLaws<C>(s: VectorMap<C>): Record<string, Law<C>[]> {
  const n = (c: C) => Object.values(s.inputs(c)).reduce((acc, v) => acc + v.length, 0);
  const ordinary = { ...s.ordinary, shows: s.shows };
  const forward: Law<C> = {
    fn: s.forward as FunctionName,
    name: `equals ${s.forwardWords}`,
    why: s.why,
    group: 'core',
    cases: s.ordinary.cases,
    examples: s.ordinary.examples,
    shows: s.shows,
    check(student, c) {
      const answer = callWith(student, s.forward, s.forwardArgs(c));
      const y = s.map(c, dualInputs(s.inputs(c)));
      const got = shaped(answer, [y.length], 'y') as number[];
      expectClose(
        got,
        y.map((yi) => yi.v),
        (i) => exact(y[i].ev, kappaOf(n(c))),
        'y',
        'the definition',
      );
    },
  };
  const laws: Record<string, Law<C>[]> = { [s.forward]: [forward, purityLaw(s.forward, ordinary, s.forwardArgs)] };
  for (const b of s.backward) {
    const fn = b.fn as FunctionName;
    const reference = (c: C, g: readonly number[]) => vjpOf(s, b.wrt, c, g);
    const size = (c: C) => s.inputs(c)[b.wrt].length;
    laws[b.fn] = [
      {
        fn,
        name: `agrees with forward-mode derivatives of dLdy·(${s.forwardWords})`,
        why: `${b.words}_k is how fast L = Σ_i dLdy_i·y_i changes as ${b.wrt}_k moves; forward-mode differentiation of the grader's own map gives it exactly`,
        group: 'core',
        cases: s.ordinary.cases,
        examples: s.ordinary.examples,
        shows: [...s.shows, 'dLdy' as keyof C & string],
        check(student, c) {
          const { dLdy } = s.upstream(c);
          const got = shaped(callWith(student, b.fn, b.args(c, dLdy)), [size(c)], b.words) as number[];
          const want = reference(c, dLdy);
          expectClose(got, want.g, (i) => exact(want.scale[i], kappaOf(n(c))), b.words, 'forward-mode differentiation');
        },
      },
      {
        fn,
        name: 'is linear in dLdy',
        why: 'the chain rule multiplies dLdy by a Jacobian that does not depend on dLdy, so f(α·g₁ + g₂) = α·f(g₁) + f(g₂)',
        group: 'core',
        cases: s.ordinary.cases,
        examples: s.ordinary.examples,
        shows: [...s.shows, 'dLdy' as keyof C & string],
        check(student, c) {
          const { dLdy, dLdy2, alpha } = s.upstream(c);
          const mixed = dLdy.map((g, i) => alpha * g + dLdy2[i]);
          const [f1, f2, fm] = [dLdy, dLdy2, mixed].map(
            (g, k) =>
              shaped(
                callWith(student, b.fn, b.args(c, g)),
                [size(c)],
                ['f(dLdy)', 'f(dLdy2)', 'f(α·dLdy + dLdy2)'][k],
              ) as number[],
          );
          const [s1, s2, sm] = [dLdy, dLdy2, mixed].map((g) => reference(c, g).scale);
          expectClose(
            fm,
            f1.map((v, i) => alpha * v + f2[i]),
            (i) => exact(abs(alpha) * s1[i] + s2[i] + sm[i] + abs(alpha * f1[i]) + abs(f2[i]), kappaOf(n(c))),
            'f(α·dLdy + dLdy2)',
            'α·f(dLdy) + f(dLdy2)',
          );
        },
      },
      purityLaw(b.fn, ordinary, (c) => b.args(c, s.upstream(c).dLdy)),
      directionalKitLaw(b.fn, s.large, s.shows, b.words, (student, c) => {
        const { dLdy } = s.upstream(c);
        const u = s.direction(c, b.wrt);
        const got = shaped(callWith(student, b.fn, b.args(c, dLdy)), [size(c)], b.words) as number[];
        return { got, u, dL: dotDual(dLdy, s.map(c, dualInputs(s.inputs(c), b.wrt, u))), n: n(c) };
      }),
    ];
  }
  return laws;
}

/** What each function of a vector map receives for a case and its right answer there. */
export function vectorMapAnswers<C>(s: VectorMap<C>) {
  const answers: Record<string, { args: (c: C) => unknown[]; expected: (c: C) => number[] }> = {
    [s.forward]: { args: s.forwardArgs, expected: (c) => s.map(c, dualInputs(s.inputs(c))).map((y) => y.v) },
  };
  for (const b of s.backward) {
    answers[b.fn] = {
      args: (c) => b.args(c, s.upstream(c).dLdy),
      expected: (c) => vjpOf(s, b.wrt, c, s.upstream(c).dLdy).g,
    };
  }
  return answers;
}

/** An exercise module's laws, answers and derivatives (each backward function: of the map, with respect to its
 * input, as Jᵀ·dLdy). */
export function vectorMapModule<C>(s: VectorMap<C>): KitModule {
  return {
    laws: vectorMapLaws(s),
    answers: vectorMapAnswers(s) as KitModule['answers'],
    derivatives: Object.fromEntries(
      s.backward.map((b) => [b.fn, { forward: s.forward, wrt: [b.wrt], returns: 'vjp' }]),
    ),
  };
}

/** A parameter: a vector, or a matrix as rows. */
export type Param = number[] | number[][];
type DualParam = Dual[] | Dual[][];

/** A scalar loss of several parameters (a network's), and the function that returns all its gradients in a record. */
export interface RecordLoss<C> {
  readonly loss: string;
  readonly gradients: string;
  readonly lossWords: string;
  readonly why: string;
  readonly ordinary: Region<C>;
  readonly large: fc.Arbitrary<C>;
  readonly shows: readonly (keyof C & string)[];
  /** Both functions' arguments. */
  readonly args: (c: C) => unknown[];
  /** The parameters: the fields of the case the gradients are taken with respect to; and a direction of the same
   * shapes with entries in [−1, 1]. */
  readonly params: readonly (keyof C & string)[];
  readonly direction: (c: C) => Readonly<Record<string, Param>>;
  /** The grader's own loss over duals. */
  readonly forward: (c: C, params: Readonly<Record<string, DualParam>>) => Dual;
}

/** The parameters by name, as the case holds them. */
const paramsOf = <C>(s: RecordLoss<C>, c: C): Record<string, Param> =>
  Object.fromEntries(s.params.map((name) => [name, c[name] as Param]));

/** The parameters as duals, seeded along `seed` (a record of the same shapes), or not at all. */
function dualParams(
  params: Readonly<Record<string, Param>>,
  seed?: Readonly<Record<string, Param>>,
): Record<string, DualParam> {
  const one = (t: number, s: number | undefined) => (s === undefined ? new Dual(t) : new Dual(t, s, abs(t), abs(s)));
  return Object.fromEntries(
    Object.entries(params).map(([name, p]) => {
      const sp = seed?.[name];
      return [
        name,
        Array.isArray(p[0])
          ? (p as number[][]).map((row, i) => row.map((t, j) => one(t, sp && (sp as number[][])[i][j])))
          : (p as number[]).map((t, i) => one(t, sp && (sp as number[])[i])),
      ];
    }),
  );
}

/** A record of the same shapes as params, zero but for 1 at (name, i, j). */
function unitAt(params: Readonly<Record<string, Param>>, name: string, i: number, j: number) {
  return Object.fromEntries(
    Object.entries(params).map(([k, p]) => [
      k,
      Array.isArray(p[0])
        ? (p as number[][]).map((row, r) => row.map((_, col) => (k === name && r === i && col === j ? 1 : 0)))
        : (p as number[]).map((_, r) => (k === name && r === i ? 1 : 0)),
    ]),
  );
}

/**
 * The exact gradient of the loss at case c, field by field, by forward-mode differentiation (one pass per
 * entry), with each entry's rounding scale.
 */
function gradientRecord<C>(s: RecordLoss<C>, c: C) {
  const params = paramsOf(s, c);
  const fields = Object.entries(params).map(([name, p]) => {
    const matrix = Array.isArray(p[0]);
    const rows = matrix ? (p as number[][]) : [p as number[]];
    const want = rows.map((row, i) =>
      row.map((_, j) => s.forward(c, dualParams(params, unitAt(params, name, matrix ? i : j, j)))),
    );
    const g = want.map((row) => row.map((d) => d.d));
    const scale = want.map((row) => row.map((d) => d.ed));
    return { name, matrix, value: matrix ? g : g[0], scale };
  });
  return fields;
}

/**
 * The laws of a loss of several parameters and of the function returning its
 * gradients as a record ({ W1, b1, … }): the loss equals the grader's; each
 * field of the record has its parameter's shape and agrees with forward-mode
 * derivatives; the record agrees with a directional derivative at large
 * sizes; both leave their inputs alone.
 */
export function recordLossLaws<C>(s: RecordLoss<C>): Record<string, Law<C>[]> {
  const gradFn = s.gradients as FunctionName;
  const count = (c: C) =>
    Object.values(paramsOf(s, c)).reduce(
      (n, p) => n + (Array.isArray(p[0]) ? (p as number[][]).flat().length : p.length),
      0,
    );
  /** The student's record, each field of its parameter's shape, or a LawFailure. */
  const record = (value: unknown, params: Readonly<Record<string, Param>>): Record<string, Param> => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new LawFailure(
        `${s.gradients} should return a record { ${Object.keys(params).join(', ')} }, got ${Array.isArray(value) ? `an array of length ${value.length}` : String((value as { text?: string })?.text ?? typeof value)}`,
      );
    }
    return Object.fromEntries(
      Object.entries(params).map(([name, p]) => {
        const field = (value as Record<string, unknown>)[name];
        if (field === undefined) throw new LawFailure(`${s.gradients}'s record has no field ${name}`);
        const shape: readonly [number] | readonly [number, number] = Array.isArray(p[0])
          ? [p.length, (p as number[][])[0].length]
          : [p.length];
        return [name, shaped(field, shape, `∂L/∂${name}`)];
      }),
    );
  };
  const ordinary = { ...s.ordinary, shows: s.shows };
  return {
    [s.loss]: [
      lossLaw(
        s.loss,
        ordinary,
        { name: `equals ${s.lossWords}`, why: s.why, group: 'core', words: s.lossWords, args: s.args },
        (c) => ({ L: s.forward(c, dualParams(paramsOf(s, c))), n: count(c) }),
      ),
      purityLaw(s.loss, ordinary, s.args),
    ],
    [s.gradients]: [
      {
        fn: gradFn,
        name: `agrees with forward-mode derivatives of ${s.lossWords}`,
        why: "each field ∂L/∂θ holds how fast L changes as each entry of θ moves; forward-mode differentiation of the grader's own loss gives it exactly",
        group: 'core',
        cases: s.ordinary.cases,
        examples: s.ordinary.examples,
        shows: s.shows,
        check(student, c) {
          const got = record(callWith(student, s.gradients, s.args(c)), paramsOf(s, c));
          for (const { name, matrix, value, scale } of gradientRecord(s, c)) {
            expectClose(
              got[name],
              value,
              (i, j) => exact(matrix ? scale[i][j] : scale[0][i], kappaOf(count(c))),
              `∂L/∂${name}`,
              'forward-mode differentiation',
            );
          }
        },
      },
      purityLaw(s.gradients, ordinary, s.args),
      directionalKitLaw(s.gradients, s.large, s.shows, '∂L/∂θ over every parameter', (student, c) => {
        const params = paramsOf(s, c);
        const u = s.direction(c);
        const got = record(callWith(student, s.gradients, s.args(c)), params);
        const flat = (r: Readonly<Record<string, Param>>) =>
          Object.keys(params).flatMap((name) => (r[name] as (number | number[])[]).flat());
        return { got: flat(got), u: flat(u), dL: s.forward(c, dualParams(params, u)), n: count(c) };
      }),
    ],
  };
}

/** What each function receives for a case, and its right answer there (the loss, as a one-entry array). */
export function recordLossAnswers<C>(s: RecordLoss<C>) {
  return {
    [s.loss]: { args: (c: C) => s.args(c), expected: (c: C) => [s.forward(c, dualParams(paramsOf(s, c))).v] },
    [s.gradients]: {
      args: (c: C) => s.args(c),
      expected: (c: C): RecordAnswer =>
        Object.fromEntries(gradientRecord(s, c).map(({ name, value }) => [name, value])),
    },
  };
}

/** An exercise module's laws, answers and derivatives (the gradients: of the loss, with respect to every parameter,
 * in one record). */
export function recordLossModule<C>(s: RecordLoss<C>): KitModule {
  return {
    laws: recordLossLaws(s),
    answers: recordLossAnswers(s) as KitModule['answers'],
    derivatives: { [s.gradients]: { forward: s.loss, wrt: s.params, returns: 'gradient' } },
  };
}

/** ReLU over duals: the derivative at 0 is 0 (cases keep away from it). */
export const relu = (a: Dual): Dual => (a.v > 0 ? a : new Dual(0));
