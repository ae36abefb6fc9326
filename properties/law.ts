// What a law is, how the student's functions are called, and how a law's
// verdict is reached and explained. Laws live in laws/, one file per kata file.

import fc from 'fast-check';
import type { FunctionName, Kata } from './contract';
import { Described, MissingFunction, type Answer, type Student, type Thrown } from './sandbox/wire';
import { allowed, close, type Budget } from './tolerance';

export { MissingFunction };

// Builtins read once: under jest's vm sandbox every global lookup is slow.
const { floor } = Math;
const { isArray } = Array;

export interface Law<C> {
  /** The function this law grades. */
  readonly fn: FunctionName;
  /** The law, as it reads after the function's name: 'linearGradB' + ' equals …'. */
  readonly name: string;
  /** One line of mathematics, shown when the law fails: why it must hold. */
  readonly why: string;
  /** 'stability' laws earn their own points, so that a naive exp loses only those. */
  readonly group: 'core' | 'stability';
  /** Random inputs, and the edge cases tried before them. */
  readonly cases: fc.Arbitrary<C>;
  /** The share of KATA_RUNS this law runs (1 unless its cases are costly). */
  readonly share?: number;
  readonly examples: readonly C[];
  /** The parts of a case the function receives, in the order shown on failure. */
  readonly shows: readonly (keyof C & string)[];
  /** Returns if the law holds; throws LawFailure, StudentThrew, MissingFunction or StudentGone. */
  readonly check: (student: Student, c: C) => void;
}

/** Laws over different kinds of case, side by side; each is only ever run on its own cases. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLaw = Law<any>;

/** A law that does not hold on one input, with what was expected against what was returned. */
export class LawFailure extends Error {
  constructor(
    message: string,
    readonly expected?: unknown,
    readonly actual?: unknown,
    /** For each entry of actual, whether it is outside its budget. */
    readonly marks?: boolean[] | boolean[][],
    /** Where the expected values come from, for the side-by-side display. */
    readonly source?: string,
  ) {
    super(message);
    this.name = 'LawFailure';
  }
}

/** The student's function wrote into an argument, or returned one: named by the argument, in every law. */
export class ArgumentMisuse extends LawFailure {}

/** The student's code threw: its name, message and place, as plain text from the wire. */
export class StudentThrew extends Error {
  constructor(readonly thrown: Thrown) {
    super(thrown.message);
    this.name = 'StudentThrew';
  }
}

/** Stubs throw this message; the grader reports them as not implemented. */
export const STUB_MESSAGE = /Remove this line and implement/;

/**
 * Calls a student's function. Its arguments reach it as private copies that
 * record every write, so a write (even one undone before returning) or a
 * returned argument fails whichever law made the call, naming the argument.
 */
export function call<F extends FunctionName>(student: Student, fn: F, ...args: Parameters<Kata[F]>): unknown {
  return valueOf(student.invoke(fn, args));
}

/** Several calls of one function whose arguments do not depend on each other's results: one round trip. */
export function callEach<F extends FunctionName>(
  student: Student,
  fn: F,
  argsList: readonly Parameters<Kata[F]>[],
): unknown[] {
  return student.invokeEach(fn, argsList).map(valueOf);
}

function valueOf(answer: Answer): unknown {
  if (!answer.ok) throw new StudentThrew(answer.error);
  if (answer.wrote.length > 0) {
    const which = answer.wrote.join(' and ');
    throw new ArgumentMisuse(
      `wrote into its argument${answer.wrote.length > 1 ? 's' : ''} ${which}; compute into a new array and leave ${which} as it was given`,
    );
  }
  if (answer.returned !== undefined) {
    throw new ArgumentMisuse(
      `returned (part of) its argument ${answer.returned} itself; return a new array (for example with .slice() or .map())`,
    );
  }
  return answer.value;
}

function describeValue(value: unknown): string {
  if (value instanceof Described) return value.text;
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} (return a plain array)`;
  return `${typeof value} ${String(value).slice(0, 40)}`;
}

/** The result as a vector of n numbers, or a LawFailure saying what was wrong with it. */
export function asVector(value: unknown, n: number, what: string): number[] {
  if (!isArray(value) || value.length !== n) {
    throw new LawFailure(
      `${what} should be an array of ${n} number${n === 1 ? '' : 's'}, got ${describeValue(value)}`,
      undefined,
      value,
    );
  }
  const bad = value.findIndex((v) => typeof v !== 'number');
  if (bad >= 0)
    throw new LawFailure(`${what}[${bad}] should be a number, got ${describeValue(value[bad])}`, undefined, value);
  return value as number[];
}

/** The result as a rows×cols matrix (array of row arrays), or a LawFailure. */
export function asMatrix(value: unknown, rows: number, cols: number, what: string): number[][] {
  if (!isArray(value) || value.length !== rows) {
    throw new LawFailure(
      `${what} should be a ${rows}×${cols} matrix (an array of ${rows} row${rows === 1 ? '' : 's'}), got ${describeValue(value)}`,
      undefined,
      value,
    );
  }
  return value.map((row, i) => asVector(row, cols, `${what}[${i}]`));
}

/** Entry (i, j) of a matrix, or entry i of a vector. */
export function entryAt(a: readonly number[] | readonly (readonly number[])[], i: number, j: number): number {
  const row = a[i];
  return isArray(row) ? row[j] : (row as number);
}

/** f applied entry by entry to two vectors or two matrices of one shape. */
export function zipWith<T extends number[] | number[][]>(a: T, b: T, f: (u: number, v: number) => number): T {
  return a.map((ai, i) =>
    isArray(ai) ? ai.map((aij, j) => f(aij, (b[i] as number[])[j])) : f(ai, b[i] as number),
  ) as T;
}

function index(flat: number, cols: number | undefined): string {
  return cols === undefined ? `[${flat}]` : `[${floor(flat / cols)}][${flat % cols}]`;
}

/**
 * Fails with the first entry of actual that is not close to expected. The
 * budget may depend on the entry (i, j); for vectors j is 0.
 */
export function expectClose(
  actual: readonly number[] | readonly (readonly number[])[],
  expected: readonly number[] | readonly (readonly number[])[],
  budget: (i: number, j: number) => Budget,
  what: string,
  against: string,
): void {
  const isMatrix = isArray(expected[0]);
  const cols = isMatrix ? (expected[0] as readonly number[]).length : undefined;
  const a = (isMatrix ? (actual as number[][]).flat() : actual) as number[];
  const e = (isMatrix ? (expected as number[][]).flat() : expected) as number[];
  const at = (k: number) => (cols === undefined ? [k, 0] : [floor(k / cols), k % cols]);
  const off = (k: number) => {
    const [i, j] = at(k);
    return !close(a[k], e[k], budget(i, j));
  };
  for (let k = 0; k < e.length; k++) {
    if (!off(k)) continue;
    const [i, j] = at(k);
    const flags = e.map((_, q) => off(q));
    const marks =
      cols === undefined
        ? flags
        : Array.from({ length: e.length / cols }, (_, r) => flags.slice(r * cols, r * cols + cols));
    throw new LawFailure(
      `${what}${index(k, cols)} is ${fmtApart(a[k], e[k]).join(`, but ${against} gives `)} (allowed error ${allowed(e[k], budget(i, j)).toExponential(1)})`,
      expected,
      actual,
      marks,
      /central difference/.test(against) ? 'central differences' : against,
    );
  }
}

/** Fails unless a number is within budget of 0 (or of a target). */
export function expectNear(actual: number, target: number, budget: Budget, message: string): void {
  if (!close(actual, target, budget)) {
    throw new LawFailure(
      `${message}: got ${fmtApart(actual, target).join(', expected ')} (allowed error ${allowed(target, budget).toExponential(1)})`,
    );
  }
}

/** A number as a student wants to read it: short, exact when it is short. */
export function fmt(v: number): string {
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  const short = Number(v.toPrecision(6));
  return short === v ? String(v) : v.toPrecision(6);
}

/** Two numbers that differ, each with digits enough to show that they do (6 at least, 17 at most). */
export function fmtApart(a: number, b: number): [string, string] {
  const [fa, fb] = [fmt(a), fmt(b)];
  if (fa !== fb || a === b || Number.isNaN(a) || Number.isNaN(b)) return [fa, fb];
  for (let digits = 7; digits <= 17; digits++) {
    const [pa, pb] = [a.toPrecision(digits), b.toPrecision(digits)];
    if (pa !== pb) return [pa, pb];
  }
  return [String(a), String(b)];
}

/** Entries of an array a message shows before it says how many more there are. */
const SHOWN_ENTRIES = 32;

export function fmtValue(value: unknown): string {
  if (isArray(value)) {
    // However long an answer is, what is said of it stays short.
    const shown = value.slice(0, SHOWN_ENTRIES).map(fmtValue);
    if (value.length > SHOWN_ENTRIES) shown.push(`… ${value.length - SHOWN_ENTRIES} more`);
    return `[${shown.join(', ')}]`;
  }
  if (typeof value === 'number') return fmt(value);
  return describeValue(value);
}

/**
 * Two small vectors or matrices side by side, columns aligned, the entries
 * that differ marked with *: what a student reads first in a failure.
 * Undefined when they are not two arrays of one small shape.
 */
export function sideBySide(
  yours: unknown,
  expected: unknown,
  marks: boolean[] | boolean[][] | undefined,
  expectedLabel: string,
  columns = Infinity,
): string | undefined {
  const rowsOf = (v: unknown): number[][] | undefined => {
    if (!isArray(v) || v.length === 0 || v.length > 8) return undefined;
    const rows = isArray(v[0]) ? (v as unknown[][]) : [v];
    if (
      rows.some(
        (r) =>
          !isArray(r) ||
          r.length === 0 ||
          r.length > 8 ||
          r.length !== rows[0].length ||
          r.some((x) => typeof x !== 'number'),
      )
    )
      return undefined;
    return rows as number[][];
  };
  const a = rowsOf(yours);
  const e = rowsOf(expected);
  if (!a || !e) return undefined;
  const sameShape = a.length === e.length && a[0].length === e[0].length;
  const flag = (i: number, j: number) => {
    if (!sameShape || !marks) return false;
    return Boolean(
      isArray(marks[0])
        ? (marks as boolean[][])[i]?.[j]
        : a.length === 1
          ? (marks as boolean[])[j]
          : (marks as boolean[])[i],
    );
  };
  const render = (m: number[][], marked: boolean) => {
    const cell = (v: number, i: number, j: number) =>
      fmt(v) + (marked && flag(i, j) ? '*' : marked && marks && sameShape ? ' ' : '');
    const width = m[0].map((_, j) => Math.max(...m.map((row, i) => cell(row[j], i, j).length)));
    return m.map((row, i) => `[ ${row.map((v, j) => cell(v, i, j).padStart(width[j])).join(' ')} ]`);
  };
  // Sizes are worth naming only when the shapes differ.
  const size = (m: number[][], original: unknown) =>
    sameShape
      ? ''
      : isArray((original as unknown[])[0])
        ? ` ${m.length}×${m[0].length}`
        : ` (${m[0].length} number${m[0].length === 1 ? '' : 's'})`;
  const left = render(a, true);
  const right = render(e, false);
  const head = `yours${size(a, yours)}`;
  const w = Math.max(head.length, ...left.map((l) => l.length));
  const rightHead = `expected (${expectedLabel})${size(e, expected)}`;
  const note = marks && sameShape ? ['(* marks the entries that differ)'] : [];
  // One above the other when side by side would not fit.
  if (w + 3 + Math.max(rightHead.length, ...right.map((l) => l.length)) > columns)
    return [head, ...left, rightHead, ...right, ...note].join('\n');
  const lines = [`${head.padEnd(w)}   ${rightHead}`];
  for (let i = 0; i < Math.max(left.length, right.length); i++)
    lines.push(`${(left[i] ?? '').padEnd(w)}   ${right[i] ?? ''}`.trimEnd());
  return [...lines, ...note].join('\n');
}
