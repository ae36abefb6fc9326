// Running one law over its edge cases and random inputs (drawn as fast-check
// draws them; fast-check itself runs where one fails, to shrink it), and
// turning the result into a verdict a student can read.

import fc from 'fast-check';
import { plainText, StudentGone, type Student } from './sandbox/wire';
import { diagnose, expectedAnswer } from './diagnosis';
import { casesAhead, fetchedAhead, sameData, type AheadStudent } from './prefetch';
import { FUNCTIONS } from './layout.js';
import {
  ArgumentMisuse,
  fmtValue,
  LawFailure,
  MissingFunction,
  STUB_MESSAGE,
  StudentThrew,
  type AnyLaw,
  type Law,
} from './law';

export interface Settings {
  /** The base seed; each law derives its own from it and its name. */
  readonly seed: number;
  /** Random cases per law, after the edge-case examples. */
  readonly numRuns: number;
  /** A fast-check counterexample path, to replay exactly one failing case. */
  readonly path?: string;
  /** Whether a law's calls are fetched ahead (prefetch.ts): unless false; the self-tests compare both ways. */
  readonly ahead?: boolean;
}

/** The grade is a function of the code alone unless KATA_SEED says otherwise. */
export const DEFAULT_SEED = 2019;
export const DEFAULT_RUNS = 50;

function positiveInteger(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === '') return fallback;
  const v = Number(text);
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`${name} must be a non-negative integer, got '${text}'`);
  return v;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    seed: positiveInteger(env.KATA_SEED, DEFAULT_SEED, 'KATA_SEED'),
    numRuns: Math.max(1, positiveInteger(env.KATA_RUNS, DEFAULT_RUNS, 'KATA_RUNS')),
    path: env.KATA_PATH || undefined,
  };
}

/** A 32-bit FNV-1a hash, to give each law its own stream of cases. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

export function lawSeed(law: AnyLaw, base: number): number {
  return hash(`${base}:${law.fn}:${law.name}`);
}

/** The parts of a case the function receives, as a student reads them. */
export function showInput<C>(law: Law<C>, c: C): string {
  return law.shows.map((key) => `${key} = ${fmtValue(c[key])}`).join(', ');
}

/** 'timeout' is given by the process that watches the grading, never by runLaw. */
export type Status = 'passed' | 'failed' | 'not-implemented' | 'error' | 'timeout';

export interface Outcome {
  readonly status: Status;
  /** Plain words: what went wrong on the counterexample. Empty when passed. */
  readonly message: string;
  /** The shrunk input, as the student's function received it. */
  readonly input?: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
  /** For each entry of actual, whether it is outside its budget, and where expected comes from. */
  readonly marks?: boolean[] | boolean[][];
  readonly source?: string;
  /** What to set KATA_PATH to (with the same KATA_SEED) to replay this case alone. */
  readonly path?: string;
  /** Cases tried, examples included. */
  readonly numRuns: number;
  /** The misconception the answer on the failing input matches, if exactly one does (diagnosis.ts). */
  readonly diagnosis?: string;
  /** Its short, stable code: 'softmaxGradX/missing-centring'. */
  readonly diagnosisCode?: string;
  /** What the student's code printed on the failing input (its first lines), or on a passing law's last case. */
  readonly printed?: string;
}

/** The first lines a function printed, for a failure's report. */
function firstLines(text: string | undefined): string | undefined {
  if (!text || text.trim() === '') return undefined;
  const lines = text.replace(/\s+$/, '').split('\n');
  // Each line as plain text (no terminal escapes); reports show them indented, never at a line's start.
  const shown = lines.slice(0, 8).map((l) => plainText(l.length > 160 ? `${l.slice(0, 160)}…` : l));
  return lines.length > 8 ? [...shown, `… (${lines.length - 8} more lines)`].join('\n') : shown.join('\n');
}

/** The first case, in order, on which the law's check throws, with what it threw; undefined if it holds on all. */
function firstFailure<C>(
  law: Law<C>,
  student: AheadStudent,
  cases: readonly C[],
): { at: number; error: unknown } | undefined {
  try {
    for (let at = 0; at < cases.length; at++) {
      try {
        student.checking(at);
        law.check(student, cases[at]);
      } catch (error) {
        return { at, error };
      }
    }
    return undefined;
  } finally {
    // Calls made after (fast-check's, shrinking) belong to no case checked here.
    student.checking(-1);
  }
}

/** A law that held on every case it tried; what its last call printed, so that a print left in a passing answer
 * can be mentioned once. */
function passed(student: Student, numRuns: number): Outcome {
  const printed = firstLines(student.lastPrinted?.());
  return { status: 'passed', message: '', numRuns, ...(printed ? { printed } : {}) };
}

/**
 * Runs a law over its edge cases and settings.numRuns random cases. A call
 * the student process did not answer (StudentGone) ends the law at once, on
 * the very case it was given: later cases and shrinking are skipped, so the
 * input reported is the one that hung or ended the process.
 */
export function runLaw<C>(law: Law<C>, student: Student, settings: Settings): Outcome {
  let gone: { error: StudentGone; c: C } | undefined;
  const seed = lawSeed(law, settings.seed);
  const numRuns = Math.max(1, Math.round(settings.numRuns * (law.share ?? 1)));
  // Fetched ahead (prefetch.ts), the law's cases are checked here, in fast-check's order, and fast-check runs only
  // when one fails: to reach it again and shrink it, as ever (a replay runs one case: it fetches nothing).
  let first: { case: C; at: number; error: unknown } | undefined;
  // fast-check's calls go through the same student: a call that hung while fetched ahead is not made again.
  let asked = student;
  if (settings.path === undefined && settings.ahead !== false) {
    const cases = casesAhead(law, seed, numRuns);
    const ahead = fetchedAhead(law, student, cases);
    asked = ahead;
    const failed = firstFailure(law, ahead, cases);
    if (!failed) return passed(student, cases.length);
    first = { ...failed, case: cases[failed.at] };
  }
  let run = 0;
  const property = fc.property(law.cases, (c) => {
    if (gone) return;
    const k = run++;
    try {
      // The cases checked above: those before the failure held, and the failure is thrown again as it was.
      if (first && k < first.at) return;
      if (first && k === first.at && sameData(c, first.case)) throw first.error;
      law.check(asked, c);
    } catch (e) {
      if (e instanceof StudentGone) gone = { error: e, c };
      throw e;
    }
  });
  const details = fc.check(property, {
    seed,
    numRuns,
    path: settings.path,
    examples: law.examples.map((c) => [c] as [C]),
  });
  if (gone) {
    const { error, c } = gone;
    const input = showInput(law, c);
    return {
      status: error.kind === 'timeout' ? 'timeout' : 'error',
      message: `${law.fn} ${error.message} (law: ${law.name}; input: ${input})`,
      input,
      // Every case after it passes unrun, so nothing shrinks: the path fast-check reports is this very case's,
      // and the replay command names it (KATA_PATH), as any other failure's does.
      path: details.counterexamplePath ?? undefined,
      printed: firstLines(student.lastPrinted?.()),
      numRuns: details.numRuns,
    };
  }
  if (!details.failed) return passed(student, details.numRuns);
  if (details.counterexample === null) {
    // fast-check failed without an input: a bug in the grader, never the student's fault.
    throw new Error(`grader error: ${law.fn} ${law.name} failed without a counterexample`);
  }
  const [c] = details.counterexample;
  const input = showInput(law, c);
  const common = { input, path: details.counterexamplePath ?? undefined, numRuns: details.numRuns };
  const error = details.errorInstance;
  if (error instanceof LawFailure) {
    // Diagnosing calls the function once more on the failing input: what it prints then is shown.
    const { says: diagnosis, code: diagnosisCode } = diagnose(law.fn, student, c) ?? {};
    const printed = firstLines(student.lastPrinted?.());
    // A result of the wrong shape is shown beside the right answer, for its shape.
    const shapeOnly = error.expected === undefined && error.actual !== undefined;
    const expected = shapeOnly ? expectedAnswer(law.fn, c) : error.expected;
    const source = shapeOnly ? (FUNCTIONS[law.fn].forward ? 'the definition' : 'central differences') : error.source;
    return {
      status: 'failed',
      message: error instanceof ArgumentMisuse ? `${law.fn} ${error.message}` : `${law.fn}: ${error.message}`,
      expected,
      actual: error.actual,
      marks: error.marks,
      source,
      diagnosis,
      diagnosisCode,
      printed,
      ...common,
    };
  }
  if (error instanceof MissingFunction) return { status: error.status, message: error.message, ...common };
  if (error instanceof StudentThrew) {
    const { name, message, where } = error.thrown;
    if (STUB_MESSAGE.test(message)) {
      return {
        status: 'not-implemented',
        message: `${law.fn} is not implemented yet (it throws '${message}')`,
        ...common,
      };
    }
    const at = where ? ` (at ${where})` : '';
    const thrown = name ? `${name}: ${message}` : message;
    const { says: diagnosis, code: diagnosisCode } = diagnose(law.fn, student, c) ?? {};
    return {
      status: 'failed',
      message: `${law.fn} threw ${thrown}${at}`,
      diagnosis,
      diagnosisCode,
      printed: firstLines(student.lastPrinted?.()),
      ...common,
    };
  }
  // Anything else is the grader's own error: never blamed on the student.
  throw error;
}
