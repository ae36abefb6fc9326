// Diagnosis: when a function fails, a wrong shape is said first, as it is.
// Otherwise its answer on the failing input is compared with the answers
// that common misconceptions produce there, and again on the exercise's
// generic case (a shrunk input is often degenerate: n = 1, equal logits, a
// square W, where several misconceptions give the same numbers). If exactly
// one of them fits on both (and differs from the right answer), the student
// is told which; otherwise nothing is guessed. Only answers are compared,
// never the student's source.

import type { FunctionName, Kata } from './contract';
import { moduleOf } from './exercises/modules';
import { call } from './law';
import { transpose, type Answer, type Pattern } from './patterns';
import type { Student } from './sandbox/wire';

const { abs, max } = Math;

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

/** Two entries equal to a millionth of the answers' size; NaN equals NaN (a prediction may hold NaN). */
const near = (a: unknown, b: number, size: number) =>
  typeof a === 'number' && (Number.isNaN(b) ? Number.isNaN(a) : abs(a - b) <= 1e-6 * size);

const isRecord = (a: unknown): a is Readonly<Record<string, unknown>> =>
  typeof a === 'object' && a !== null && !Array.isArray(a);

/** Same shape and every entry near; a record, the same fields, each the same. */
function same(a: unknown, b: Answer, size: number): boolean {
  if (isRecord(b)) {
    const fields = Object.keys(b);
    return (
      isRecord(a) && Object.keys(a).length === fields.length && fields.every((f) => f in a && same(a[f], b[f], size))
    );
  }
  if (!Array.isArray(a) || a.length !== b.length) return false;
  return (b as (number | number[])[]).every((bi, i) => {
    const ai = a[i];
    if (Array.isArray(bi))
      return Array.isArray(ai) && ai.length === bi.length && bi.every((v, j) => near(ai[j], v, size));
    return near(ai, bi, size);
  });
}

function sizeOf(a: Answer): number {
  let size = 1e-300;
  for (const v of numbersOf(a)) if (Number.isFinite(v)) size = max(size, abs(v));
  return size;
}

/** The numbers of an answer, at any depth (a record's fields in turn); non-numbers are left out. */
const numbersOf = (a: unknown): number[] =>
  Array.isArray(a)
    ? a.flatMap(numbersOf)
    : typeof a === 'number'
      ? [a]
      : isRecord(a)
        ? Object.values(a).flatMap(numbersOf)
        : [];

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
      !(moduleOf(fn).mayOverflow?.(fn, args) ?? false),
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

/** The right answer of fn on case c, from the grader's definitions and central differences. */
export function expectedAnswer(fn: FunctionName, c: unknown): Answer {
  return moduleOf(fn).answers[fn].expected(c as never);
}

/** A misconception named: what the student is told, and its code ('softmaxGradX/missing-centring'). */
export interface Diagnosis {
  readonly says: string;
  readonly code: string;
}

/** An answer's shape: 'number', [length] or [rows, columns]; undefined for anything else (ragged rows too). */
function shapeOf(a: unknown): 'number' | number[] | undefined {
  if (typeof a === 'number') return 'number';
  if (!Array.isArray(a)) return undefined;
  if (a.every((v) => typeof v === 'number')) return [a.length];
  if (
    a.length > 0 &&
    a.every((r) => Array.isArray(r) && r.length === a[0].length && r.every((v) => typeof v === 'number'))
  )
    return [a.length, (a[0] as unknown[]).length];
  return undefined;
}

const numbers = (k: number) => (k === 1 ? '1 number' : `${k} numbers`);
const shapeWords = (s: 'number' | number[]) =>
  s === 'number' ? 'a number' : s.length === 1 ? `an array of ${numbers(s[0])}` : `a ${s[0]}×${s[1]} matrix`;

/**
 * Which misconception explains fn's answer on case c, if exactly one does
 * and it holds on the exercise's generic cases too; a wrong shape is said
 * first, as it is. Calls the student's function once more per case (the
 * failing input last, for what it prints); says nothing if that call throws.
 */
export function diagnose(fn: FunctionName, student: Student, c: unknown): Diagnosis | undefined {
  const module = moduleOf(fn);
  const patterns = module.diagnoses[fn];
  const named = (p: { code: string; says: string }) => ({ says: p.says, code: `${fn}/${p.code}` });
  try {
    // The generic cases first, so that what the student's code prints last is the failing input's.
    const generic = module.genericCases().flatMap((g) => {
      try {
        return [observe(fn, student, g)];
      } catch {
        return []; // no evidence either way: a pattern must then fit another generic case
      }
    });
    const first = observe(fn, student, c);
    // A degenerate input (n = 1, equal logits) can fit several misconceptions: each must fit the generic cases
    // too, every one it predicts an answer for, and at least one.
    const hits = patterns.filter((p) => {
      const predicting = generic.filter((g) => g.predicts(p));
      return first.fits(p) && predicting.length > 0 && predicting.every((g) => g.fits(p));
    });
    const shape = wrongShape(first, generic);
    if (shape) {
      // A shape alone says little (dLdy passed through, say): the misconception that gives it, where one does.
      const why = shape.code === 'shape' && hits.length === 1 ? hits[0] : undefined;
      return named(why ? { code: why.code, says: `${shape.says}; ${why.says}` } : shape);
    }
    if (hits.length > 0) return hits.length === 1 ? named(hits[0]) : undefined;
    const traits = TRAITS.filter((t) => first.shows(t) && generic.some((g) => g.shows(t)));
    return traits.length === 1 ? named(traits[0]) : undefined;
  } catch {
    return undefined;
  }
}

type Observed = ReturnType<typeof observe>;

/** The student's answer on case c beside the right one, and which patterns and traits it fits there. */
function observe(fn: FunctionName, student: Student, c: unknown) {
  const { answers } = moduleOf(fn);
  const args = answers[fn].args(c as never) as Parameters<Kata[typeof fn]>;
  const right = answers[fn].expected(c as never);
  // A loss answers a number, and its right answer is kept as an array of that one number.
  const raw = call(student, fn, ...args);
  const actual = typeof raw === 'number' && Array.isArray(right) && right.length === 1 ? [raw] : raw;
  const size = sizeOf(right);
  // Each pattern's prediction here, computed once (both questions below ask for it).
  const predictions = new Map<Pattern<never>, Answer | undefined>();
  const predict = (p: Pattern<never>) => {
    if (!predictions.has(p)) predictions.set(p, p.predict(c as never, right));
    return predictions.get(p);
  };
  return {
    actual,
    right,
    predicts: (p: Pattern<never>) => predict(p) !== undefined,
    fits: (p: Pattern<never>) => {
      const predicted = predict(p);
      return (
        predicted !== undefined &&
        !same(predicted, right, size) &&
        same(actual, predicted, max(size, sizeOf(predicted)))
      );
    },
    shows: (t: Trait) => t.shows(actual, right, fn, args),
  };
}

/** How a result of the wrong shape relates to the right answer, by the relations that hold on it. */
const RELATIONS = [
  {
    code: 'shape-transposed',
    says: () => 'it is the right answer transposed, [j][i] for [i][j]',
    holds: (actual: unknown, right: number[][], size: number) => same(actual, transpose(right), size),
  },
  {
    code: 'shape-reshape',
    says: (m: number, n: number) =>
      `the right numbers in row-major order: reshape it into ${m}×${n}, entry k = i·${n} + j going to [i][j]`,
    holds: (actual: unknown, right: number[][], size: number) => sameNumbers(actual, right.flat(), size),
  },
  {
    code: 'shape-reshape-columns',
    says: (m: number, n: number) =>
      `the right numbers column by column: reshape it into ${m}×${n}, entry k = j·${m} + i going to [i][j]`,
    holds: (actual: unknown, right: number[][], size: number) => sameNumbers(actual, transpose(right).flat(), size),
  },
];

function sameNumbers(actual: unknown, wanted: number[], size: number) {
  const flat = numbersOf(actual);
  return flat.length === wanted.length && wanted.every((x, k) => near(flat[k], x, size));
}

const sameShape = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The relations a result of the wrong shape has to a matrix answer (none for other answers). */
function relationsOf(actual: unknown, right: Answer) {
  const want = shapeOf(right);
  if (!Array.isArray(want) || want.length !== 2) return [];
  return RELATIONS.filter((r) => r.holds(actual, right as number[][], sizeOf(right)));
}

/**
 * What a result of the wrong shape is told: what came back, what was expected, and how the two relate where
 * the relation holds on every generic case that has the wrong shape too (a 1×m row is both the transpose and
 * the reshaping of m×1).
 */
function wrongShape(first: Observed, generic: readonly Observed[]): { code: string; says: string } | undefined {
  const want = shapeOf(first.right);
  const got = shapeOf(first.actual);
  // A record's shape is its laws' to tell (a field missing, a field of the wrong shape).
  if (want === undefined || got === undefined || sameShape(got, want)) return undefined;
  const says = `you returned ${shapeWords(got)} where the answer is ${shapeWords(want)}`;
  const misshapen = generic.filter((g) => !sameShape(shapeOf(g.actual), shapeOf(g.right)));
  const relation = relationsOf(first.actual, first.right).find(
    (r) => misshapen.length > 0 && misshapen.every((g) => relationsOf(g.actual, g.right).includes(r)),
  );
  if (!relation || !Array.isArray(want)) return { code: 'shape', says };
  return { code: relation.code, says: `${says}: ${relation.says(want[0], want[1])}` };
}
