// Diagnosis: when a function fails, its answer on the failing input is
// compared with the answers that common misconceptions produce there. If it
// matches exactly one of them (and that one differs from the right answer),
// the student is told which; otherwise nothing is guessed. Only answers are
// compared, never the student's source.

import type { FunctionName, Kata } from './contract';
import { moduleOf } from './exercises/modules';
import { call } from './law';
import type { Answer } from './patterns';
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

/**
 * Which misconception explains fn's answer on case c, if exactly one does.
 * Calls the student's function once more; says nothing if that throws.
 */
export function diagnose(fn: FunctionName, student: Student, c: unknown): Diagnosis | undefined {
  const { answers, diagnoses: patterns } = moduleOf(fn);
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
