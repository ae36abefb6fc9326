// How each gradient checker of checkers.ts sees a function of the kata: the forward map it differentiates
// (the grader's own) and the inputs it differentiates with respect to (both as the exercise module's
// derivatives say), the inputs it draws, and the Problem a rule runs on. Load it after KATA_EXERCISES is
// set (head-to-head.ts sets it): it reads the registry.

import fc from 'fast-check';
import { moduleOf } from '../exercises/modules';
import { FUNCTIONS } from '../layout';
import { DEFAULT_RUNS, lawSeed } from '../run';
import { normals, uniforms, type Problem } from './checkers';

export type Case = Record<string, unknown>;
export type Fn = (...args: unknown[]) => unknown;

export const isForward = (fn: string) => FUNCTIONS[fn].forward === true;
export const GRADIENTS = Object.keys(FUNCTIONS).filter((fn) => !isForward(fn));

/** Regime (a): standard normals of small sizes, as the checkers' own tests draw them; β = 1 (they have none). */
type Draw = { v: (k: number) => number[]; m: (r: number, c: number) => number[][]; label: (n: number) => number };
const CHECKER_INPUTS: Record<string, (d: Draw) => Case> = {
  linear: ({ v, m }) => ({ W: m(3, 4), b: v(3), x: v(4), dLdy: v(3) }),
  softmax: ({ v }) => ({ x: v(4), beta: 1, dLdy: v(4) }),
  crossentropy: ({ v, label }) => ({ z: v(4), label: label(4) }),
  layernorm: ({ v }) => ({ x: v(4), gain: v(4), bias: v(4), dLdy: v(4) }),
  mlp: ({ v, m, label }) => ({ W1: m(3, 4), b1: v(3), W2: m(3, 3), b2: v(3), x: v(4), label: label(3) }),
};
export const exerciseOf = (fn: string) => FUNCTIONS[fn].file.replace(/\.ts$/, '');

export function checkerCase(fn: string, seed: number): Case {
  const draw = normals(seed);
  const pick = uniforms(~seed); // labels from a stream of their own
  const v = (k: number) => Array.from({ length: k }, draw);
  const m = (r: number, c: number) => Array.from({ length: r }, () => v(c));
  return CHECKER_INPUTS[exerciseOf(fn)]({ v, m, label: (n) => Math.floor(pick() * n) });
}

/** Regime (b): the laws' edge cases, and DEFAULT_RUNS cases (times a law's share) of each arbitrary they draw from. */
export function graderCases(fn: string, seed: number): Case[] {
  const laws = moduleOf(fn).laws[fn];
  const streams = new Map<unknown, { law: (typeof laws)[number]; runs: number }>();
  for (const law of laws) {
    const runs = Math.max(1, Math.round(DEFAULT_RUNS * (law.share ?? 1)));
    const s = streams.get(law.cases);
    if (s) s.runs = Math.max(s.runs, runs);
    else streams.set(law.cases, { law, runs });
  }
  const drawn = [...streams.values()].flatMap(({ law, runs }) =>
    fc.sample(law.cases, { seed: lawSeed(law, seed), numRuns: runs }),
  );
  return [...new Set(laws.flatMap((l) => l.examples)), ...drawn] as Case[];
}

/** The arrays holding an input's numbers: a vector itself, a matrix's rows. */
const rowsOf = (v: unknown): number[][] => (Array.isArray((v as unknown[])[0]) ? (v as number[][]) : [v as number[]]);

/** The answer flattened like the template (an array, a matrix, a record): a wrong shape throws, as a shape error. */
function flatLike(answer: unknown, template: unknown, out: number[] = []): number[] {
  if (!Array.isArray(template)) {
    for (const k of Object.keys(template as object)) flatLike((answer as Case)?.[k], (template as Case)[k], out);
    return out;
  }
  const a = answer as ArrayLike<unknown>;
  if (!(Array.isArray(a) || ArrayBuffer.isView(a)) || a.length !== template.length) throw new Error('shape');
  for (let i = 0; i < a.length; i++) {
    if (typeof template[i] === 'object') flatLike(a[i], template[i], out);
    else if (typeof a[i] === 'number') out.push(a[i] as number);
    else throw new Error('shape');
  }
  return out;
}

/** mlpLoss in plain numbers, the reference's operations in its order (its duals cost 50× more at size 24). */
export function mlpLoss(c: Case): number[] {
  const [W1, b1, W2, b2, x] = ['W1', 'b1', 'W2', 'b2', 'x'].map((k) => c[k]) as [
    number[][],
    number[],
    number[][],
    number[],
    number[],
  ];
  const affine = (W: number[][], b: number[], v: number[]) =>
    W.map((row, i) => row.reduce((s, w, j) => s + w * v[j], 0) + b[i]);
  const z = affine(
    W2,
    b2,
    affine(W1, b1, x).map((a) => (a > 0 ? a : 0)),
  );
  const m = z.reduce((t, zk) => (zk > t ? zk : t));
  return [Math.log(z.reduce((s, zk) => s + Math.exp(zk - m), 0)) + m - z[c.label as number]];
}
const FAST: Record<string, (c: Case) => number[]> = { mlpLoss };

/** Whether two cases hold the same numbers (a student's write into an input shows here). */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null) return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (!Array.isArray(a)) return Object.keys(a).every((k) => same((a as Case)[k], (b as Case)[k]));
  if (!Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
  return true;
}

/** Forward evaluations at each case and function, by step and entry: the same for every answer while the case is. */
const evaluated = new WeakMap<Case, Map<string, { steps: Map<number, number[][]>; named: Map<string, number[]> }>>();

/** The checker's Problem for fn at case c0, on its own copy of the case (student and forward share its arrays). */
export function problemOf(fn: string, c0: Case, impl: Fn): Problem & { untouched(): boolean } {
  const module = moduleOf(fn);
  // What the checker differentiates: the derivative the exercise says fn returns.
  const spec = module.derivatives[fn];
  const c = structuredClone(c0);
  const fwd = FAST[spec.forward] ?? (module.answers[spec.forward].expected as (c: Case) => number[]);
  const args = module.answers[fn].args as (c: Case) => unknown[];
  const inputs = spec.wrt.map((f) => c[f]);
  const rows = inputs.flatMap(rowsOf);
  const size = rows.reduce((t, r) => t + r.length, 0);
  const [owner, pos] = [new Int32Array(size), new Int32Array(size)];
  rows.reduce((k, r, i) => (r.forEach((_, j) => ((owner[k + j] = i), (pos[k + j] = j))), k + r.length), 0);
  const byFn = evaluated.get(c0) ?? new Map();
  evaluated.set(c0, byFn); // edge cases are shared between functions: entries by function
  const cache = byFn.get(fn) ?? { steps: new Map(), named: new Map() };
  byFn.set(fn, cache);
  let [pristine, called] = [true, false];
  /** f with θ_k moved by d for each [k, d], put back after; reused while the student has written nothing. */
  const at = (delta: readonly (readonly [number, number])[]) => {
    const kept = delta.map(([k]) => rows[owner[k]][pos[k]]);
    delta.forEach(([k, d], j) => (rows[owner[k]][pos[k]] = kept[j] + d));
    try {
      return fwd(c);
    } finally {
      delta.forEach(([k], j) => (rows[owner[k]][pos[k]] = kept[j]));
    }
  };
  const untouched = () => {
    if (called) [pristine, called] = [same(c, c0), false];
    return pristine;
  };
  const reused = <T>(get: () => T | undefined, put: (y: T) => void, compute: () => T): T => {
    untouched();
    const hit = pristine ? get() : undefined;
    if (hit !== undefined) return hit;
    const y = compute();
    if (pristine) put(y);
    return y;
  };
  const named = (key: string, delta: readonly (readonly [number, number])[]) =>
    reused(
      () => cache.named.get(key),
      (y) => cache.named.set(key, y),
      () => at(delta),
    );
  const forwardAt = (k: number, h: number) => {
    const steps = cache.steps.get(h) ?? new Array<number[]>(size);
    cache.steps.set(h, steps);
    return reused(
      () => steps[k],
      (y) => (steps[k] = y),
      () => at([[k, h]]),
    );
  };
  const outputs = named('', []).length;
  const call = (cc: Case) => {
    called = true;
    return impl(...args(cc));
  };
  const flatTemplate = spec.wrt.length === 1 ? inputs[0] : Object.fromEntries(spec.wrt.map((f) => [f, c[f]]));
  const jacobianOf = () => {
    const J = call(c) as number[][];
    if (!Array.isArray(J) || J.length !== outputs) throw new Error('shape');
    const row = new Array<number>(size).fill(0);
    return J.map((r) => flatLike(r, row));
  };
  const vjp = (g: number[]) => {
    if (spec.returns === 'vjp') return flatLike(call({ ...c, dLdy: g }), flatTemplate);
    if (spec.returns === 'gradient') return flatLike(call(c), flatTemplate).map((v) => g[0] * v);
    const J = jacobianOf();
    return J[0].map((_, k) => g.reduce((s, go, o) => s + J[o][k] * go, 0));
  };
  const upstream = outputs === 1 ? [1] : (c.dLdy as number[]);
  if (upstream.length !== outputs) throw new Error(`head-to-head: ${fn}'s case has no upstream gradient of its size`);
  return {
    size,
    parts: inputs.map((i) => rowsOf(i).reduce((t, r) => t + r.length, 0)),
    forward: (delta, key) =>
      delta
        ? key === undefined
          ? at(delta.map((d, k) => [k, d] as const))
          : named(
              key,
              delta.map((d, k) => [k, d] as const),
            )
        : named('', []),
    forwardAt,
    vjp,
    jacobian: spec.returns === 'jacobian' ? jacobianOf : undefined,
    upstream,
    untouched,
  };
}

/** The plain forwards are the reference's, to rounding, on the grader's cases at a seed (else the bench stops). */
export function checkPlainForwards(seed: number): void {
  for (const [name, fast] of Object.entries(FAST)) {
    const fn = GRADIENTS.find((g) => moduleOf(g).derivatives[g].forward === name)!;
    const reference = moduleOf(name).answers[name].expected as (c: Case) => number[];
    for (const c of graderCases(fn, seed)) {
      const [y, want] = [fast(c)[0], reference(c)[0]];
      if (!(Math.abs(y - want) <= 1e-13 * Math.max(1, Math.abs(want))))
        throw new Error(`head-to-head: the plain ${name} gives ${y} where the reference gives ${want}`);
    }
  }
}
