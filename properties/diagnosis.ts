// Diagnosis: when a function fails, its answer on the failing input is
// compared with the answers that common misconceptions produce there. If it
// matches exactly one of them (and that one differs from the right answer),
// the student is told which; otherwise nothing is guessed. Only answers are
// compared, never the student's source.

import type { SoftmaxCase, LinearCase } from './arbitraries';
import type { FunctionName, Kata } from './contract';
import type { Student } from './sandbox/wire';
import { call } from './law';
import { linearAnswers } from './laws/linear';
import { softmaxAnswers } from './laws/softmax';
import { affine, softmaxOf } from './reference';

const { abs, exp, max } = Math;

type Answer = number[] | number[][];

interface Pattern<C> {
  /** A short, stable name for the misconception, for gradebooks ('missing-centring', after the function's name). */
  readonly code: string;
  /** What the student is told. */
  readonly says: string;
  /** The answer this misconception gives on case c, knowing the right one; undefined where it does not apply. */
  readonly predict: (c: C, right: Answer) => Answer | undefined;
}

/**
 * A misconception known by a trait of the answer rather than its values: tried
 * only when no predicted answer matches, and named only when exactly one fits.
 */
interface Trait {
  readonly code: string;
  readonly says: string;
  /** Whether the answer on case c (args as the function received them) shows the trait. */
  readonly shows: (actual: unknown, right: Answer, fn: FunctionName, args: readonly unknown[]) => boolean;
}

const transpose = (a: number[][]) => (a.length === 0 ? [] : a[0].map((_, j) => a.map((row) => row[j])));
const scale = (a: Answer, k: number): Answer =>
  a.map((r) => (Array.isArray(r) ? r.map((v) => k * v) : k * r)) as Answer;
const matrix = (a: Answer) => a as number[][];

const linear: { [F in keyof typeof linearAnswers]: Pattern<LinearCase>[] } = {
  linearForward: [
    {
      code: 'no-bias',
      says: 'y lacks the bias: add b_i to each row',
      predict: (c) =>
        affine(
          c.W,
          c.b.map(() => 0),
          c.x,
        ),
    },
    {
      code: 'W-transposed',
      says: 'you used W transposed: y_i = Σ_j W_ij·x_j runs along row i of W',
      predict: (c) =>
        c.W.length === c.x.length ? c.b.map((bi, i) => c.x.reduce((s, xj, j) => s + c.W[j][i] * xj, bi)) : undefined,
    },
  ],
  linearGradB: [
    {
      code: 'ones-not-dLdy',
      says: '∂L/∂b ignores the upstream gradient: it is dLdy itself, not ones',
      predict: (c) => c.b.map(() => 1),
    },
    { code: 'wrong-sign', says: '∂L/∂b has the wrong sign', predict: (_, right) => scale(right, -1) },
  ],
  linearJacobianW: [
    {
      code: 'vec-by-columns',
      says: 'you flattened W column by column; vec(W) goes row by row, with W_ij at column i·n + j',
      predict: (c) =>
        c.W.map((_, i) =>
          Array.from({ length: c.W.length * c.x.length }, (_, k) =>
            k % c.W.length === i ? c.x[Math.floor(k / c.W.length)] : 0,
          ),
        ),
    },
    {
      code: 'x-in-first-block',
      says: 'every row of your ∂y/∂vec(W) puts x in the first block; row i needs it at columns i·n … i·n + n − 1',
      predict: (c) => c.W.map(() => [...c.x, ...new Array<number>((c.W.length - 1) * c.x.length).fill(0)]),
    },
  ],
  linearGradW: [
    {
      code: 'transposed',
      says: 'your ∂L/∂W is the transpose of the right one: it is m×n, with entry [i][j] = dLdy_i·x_j',
      predict: (_, right) => transpose(matrix(right)),
    },
    {
      code: 'ignores-dLdy',
      says: '∂L/∂W ignores the upstream gradient: row i must be dLdy_i·x',
      predict: (c) => c.dLdy.map(() => c.x.slice()),
    },
    { code: 'wrong-sign', says: '∂L/∂W has the wrong sign', predict: (_, right) => scale(right, -1) },
  ],
  linearGradX: [
    {
      code: 'W-not-Wt',
      says: 'you multiplied dLdy by W; ∂L/∂x is Wᵀ·dLdy, which sums down the columns of W',
      // Row by row, as a loop over W does: m entries. With more columns than rows it reads past the end of
      // dLdy, and the NaN that gives says nothing of W·dLdy (the NaN trait names it instead).
      predict: (c) =>
        c.x.length <= c.W.length ? c.W.map((row) => row.reduce((s, w, j) => s + w * c.dLdy[j], 0)) : undefined,
    },
    {
      code: 'dLdy-passed-through',
      says: 'you passed dLdy straight through; ∂L/∂x is Wᵀ·dLdy, n entries, which weighs row i of W by dLdy_i',
      predict: (c) => c.dLdy.slice(),
    },
    {
      code: 'ignores-dLdy',
      says: '∂L/∂x ignores the upstream gradient: weight row i of W by dLdy_i',
      predict: (c) => c.x.map((_, j) => c.W.reduce((s, row) => s + row[j], 0)),
    },
    { code: 'wrong-sign', says: '∂L/∂x has the wrong sign', predict: (_, right) => scale(right, -1) },
  ],
};

const y = (c: SoftmaxCase) => softmaxOf(c.x, c.beta);
const jacobianOf = (p: number[], beta: number) =>
  p.map((pi, i) => p.map((pj, j) => beta * pi * ((i === j ? 1 : 0) - pj)));

const softmax: { [F in keyof typeof softmaxAnswers]: Pattern<SoftmaxCase>[] } = {
  softmax: [
    {
      code: 'ignores-beta',
      says: 'your softmax ignores β: exponentiate β·x_i, not x_i',
      predict: (c) => softmaxOf(c.x, 1),
    },
    { code: 'beta-twice', says: 'your softmax applies β twice', predict: (c) => softmaxOf(c.x, c.beta * c.beta) },
    {
      code: 'not-normalised',
      says: 'your softmax is not normalised: divide each exp(β·x_i) by their sum',
      predict: (c) => {
        const m = c.x.reduce((acc, xi) => max(acc, c.beta * xi), -Infinity);
        return c.x.map((xi) => exp(c.beta * xi - m));
      },
    },
  ],
  softmaxJacobian: [
    {
      code: 'missing-beta',
      says: 'your Jacobian lacks the factor β that ∂(β·x_j)/∂x_j brings',
      predict: (c, right) => scale(right, 1 / c.beta),
    },
    { code: 'beta-twice', says: 'your Jacobian has the factor β twice', predict: (c, right) => scale(right, c.beta) },
    {
      code: 'off-diagonal-sign',
      says: 'the sign of the off-diagonal entries is flipped: J_ij = −β·y_i·y_j for i ≠ j',
      predict: (_, right) => matrix(right).map((row, i) => row.map((v, j) => (i === j ? v : -v))),
    },
    {
      code: 'diagonal-only',
      says: 'only the diagonal is right: off the diagonal J_ij = −β·y_i·y_j, not 0',
      predict: (_, right) => matrix(right).map((row, i) => row.map((v, j) => (i === j ? v : 0))),
    },
    {
      code: 'diagonal-missing-y2',
      says: 'the diagonal lacks the −β·y_i² term: J_ii = β·y_i·(1 − y_i)',
      predict: (c) => jacobianOf(y(c), c.beta).map((row, i) => row.map((v, j) => (i === j ? c.beta * y(c)[i] : v))),
    },
    { code: 'wrong-sign', says: 'your Jacobian has the wrong sign', predict: (_, right) => scale(right, -1) },
  ],
  softmaxGradX: [
    {
      code: 'missing-centring',
      says: 'the centring term −(dLdy·y) is missing: (∂L/∂x)_j = β·y_j·(dLdy_j − dLdy·y)',
      predict: (c) => y(c).map((yj, j) => c.beta * yj * c.dLdy[j]),
    },
    {
      code: 'centring-added',
      says: 'the centring term is added: (∂L/∂x)_j = β·y_j·(dLdy_j − dLdy·y), with a minus',
      predict: (c) => {
        const p = y(c);
        const gy = p.reduce((s, pi, i) => s + pi * c.dLdy[i], 0);
        return p.map((pj, j) => c.beta * pj * (c.dLdy[j] + gy));
      },
    },
    {
      code: 'missing-beta',
      says: '∂L/∂x lacks the factor β that ∂(β·x_j)/∂x_j brings',
      predict: (c, right) => scale(right, 1 / c.beta),
    },
    {
      code: 'diagonal-of-J-returned',
      says: '∂L/∂x ignores dLdy: what you returned is the diagonal of J',
      predict: (c) => y(c).map((yj) => c.beta * yj * (1 - yj)),
    },
    {
      code: 'diagonal-of-J-only',
      says:
        'only the diagonal of J was used: (∂L/∂x)_j = Σ_i J_ij·dLdy_i takes every i, not just i = j; ' +
        'the off-diagonal terms −β·y_i·y_j·dLdy_i add up to the centring term −β·y_j·(dLdy·y)',
      predict: (c) => y(c).map((yj, j) => c.beta * yj * (1 - yj) * c.dLdy[j]),
    },
    {
      code: 'dLdy-passed-through',
      says: '∂L/∂x is dLdy passed straight through: it must go back through the softmax, β·y_j·(dLdy_j − dLdy·y)',
      predict: (c) => c.dLdy.slice(),
    },
    { code: 'wrong-sign', says: '∂L/∂x has the wrong sign', predict: (_, right) => scale(right, -1) },
  ],
};

/** Two entries equal to a millionth of the answers' size; NaN equals NaN (a prediction may hold NaN). */
const near = (a: unknown, b: number, size: number) =>
  typeof a === 'number' && (Number.isNaN(b) ? Number.isNaN(a) : abs(a - b) <= 1e-6 * size);

/** Same shape and every entry near. */
function same(a: unknown, b: Answer, size: number): boolean {
  if (!Array.isArray(a) || a.length !== b.length) return false;
  return b.every((bi, i) => {
    const ai = a[i];
    if (Array.isArray(bi))
      return Array.isArray(ai) && ai.length === bi.length && bi.every((v, j) => near(ai[j], v, size));
    return near(ai, bi as number, size);
  });
}

function sizeOf(a: Answer): number {
  let size = 1e-300;
  for (const v of (a as number[]).flat()) if (Number.isFinite(v)) size = max(size, abs(v));
  return size;
}

/** The numbers of an answer, at any depth; non-numbers are left out. */
const numbersOf = (a: unknown): number[] =>
  Array.isArray(a) ? a.flatMap(numbersOf) : typeof a === 'number' ? [a] : [];

/** Traits every function's answer may show (tried after the predicted answers). */
const TRAITS: readonly Trait[] = [
  {
    code: 'nan-past-end',
    says:
      'your answer has NaN where the right one is finite: an index ran past the end of an array ' +
      '(v[v.length] is undefined, and undefined in arithmetic is NaN); check each loop bound (< length, not ≤)',
    // Not where exp may overflow: Infinity/Infinity is NaN too, and the stability laws name that.
    shows: (actual, right, fn, args) =>
      numbersOf(actual).some(Number.isNaN) &&
      numbersOf(right).every(Number.isFinite) &&
      // The softmax functions take (x, β, …): exp(β·x_i) may overflow there.
      !(fn.startsWith('softmax') && numbersOf(args[0]).some((xi) => abs((args[1] as number) * xi) > 700)),
  },
  {
    code: 'rows-one-array',
    says:
      'every row of your matrix is the same: new Array(m).fill(row) puts one array in every row, so each write ' +
      'lands in all of them; make each row anew, for example Array.from({ length: m }, () => new Array(n).fill(0))',
    shows: (actual, right) => {
      if (!Array.isArray(actual) || actual.length < 2 || !actual.every(Array.isArray)) return false;
      const rows = actual as unknown[][];
      // Rows that are all NaN or Infinity are alike for other reasons (an overflow, say).
      if (!numbersOf(rows).every(Number.isFinite)) return false;
      const alike = (a: readonly unknown[], b: readonly unknown[]) =>
        a.length === b.length && a.every((v, j) => Object.is(v, b[j]));
      const wanted = right as number[][];
      return rows.every((r) => alike(r, rows[0])) && !wanted.every((r) => alike(r, wanted[0]));
    },
  },
];

const ANSWERS = { ...linearAnswers, ...softmaxAnswers } as Record<
  FunctionName,
  { args: (c: never) => unknown[]; expected: (c: never) => Answer }
>;

/** The right answer of fn on case c, from the grader's definitions and central differences. */
export function expectedAnswer(fn: FunctionName, c: unknown): Answer {
  return ANSWERS[fn].expected(c as never);
}

/** A misconception named: what the student is told, and its code ('softmaxGradX/missing-centring'). */
export interface Diagnosis {
  readonly says: string;
  readonly code: string;
}

/**
 * Which misconception explains fn's answer on case c, if exactly one does.
 * Calls the student's function once more; says nothing if that throws.
 */
export function diagnose(fn: FunctionName, student: Student, c: unknown): Diagnosis | undefined {
  const answers = ANSWERS;
  const patterns = { ...linear, ...softmax } as Record<FunctionName, Pattern<never>[]>;
  try {
    const args = answers[fn].args(c as never) as Parameters<Kata[typeof fn]>;
    const actual = call(student, fn, ...args);
    const right = answers[fn].expected(c as never);
    const size = sizeOf(right);
    const hits = patterns[fn].filter((p) => {
      const predicted = p.predict(c as never, right);
      return (
        predicted !== undefined &&
        !same(predicted, right, size) &&
        same(actual, predicted, max(size, sizeOf(predicted)))
      );
    });
    const named = (p: { code: string; says: string }) => ({ says: p.says, code: `${fn}/${p.code}` });
    if (hits.length > 0) return hits.length === 1 ? named(hits[0]) : undefined;
    const traits = TRAITS.filter((t) => t.shows(actual, right, fn, args));
    return traits.length === 1 ? named(traits[0]) : undefined;
  } catch {
    return undefined;
  }
}
