// What crosses the trust boundary, seen from the trusted side: the student's
// answers are decoded from JSON into plain arrays and numbers, and anything
// else becomes a Described placeholder. No object the student made ever
// reaches the laws: no Proxy, getter, Promise or error of theirs.

import { FILES, fileOf, PARAMS, type FunctionName, type Kata } from '../contract';
import { plainLine } from '../escape.js';
// The same invoke() that runs inside the student process (host.js), so that
// the in-process student of the self-tests speaks exactly the wire's language.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { invoke } = require('./host.js') as {
  invoke: (f: unknown, args: unknown[], names: readonly string[]) => unknown;
};

// Builtins read once (module-level), as everywhere in the grader.
const { isArray } = Array;
const { parse } = JSON;

/** A value that is neither a number nor an array, known only by its description ('undefined', 'a Float64Array …'). */
export class Described {
  constructor(readonly text: string) {}
}

/** An error the student's code threw, as plain text: its name, message and place in the student's file. */
export interface Thrown {
  readonly name: string;
  readonly message: string;
  /** 'linear.ts:12:5', when the student's file is on the stack. */
  readonly where?: string;
}

/** The function is missing from the folder, or its file did not load (or hung, or ended the process, while loading). */
export class MissingFunction extends Error {
  constructor(
    message: string,
    readonly status: 'error' | 'timeout' = 'error',
  ) {
    super(message);
    this.name = 'MissingFunction';
  }
}

/**
 * The student process did not answer this call: it ran past its time, or
 * ended. Known by the judge, never told by the student.
 */
export class StudentGone extends Error {
  constructor(
    readonly kind: 'timeout' | 'crash',
    message: string,
  ) {
    super(message);
    this.name = 'StudentGone';
  }
}

/** One call's outcome, decoded. */
export type Answer =
  | { readonly ok: true; readonly value: unknown; readonly wrote: readonly string[]; readonly returned?: string }
  | { readonly ok: false; readonly error: Thrown; readonly wrote: readonly string[] };

/** The student's functions, behind whatever boundary: the laws call them only through this. */
export interface Student {
  /** Calls fn on (copies of) args. Throws MissingFunction or StudentGone; never the student's own errors. */
  invoke(fn: FunctionName, args: readonly unknown[]): Answer;
  /** Calls fn on each list of arguments in turn, in one round trip where there is one to save. */
  invokeEach(fn: FunctionName, argsList: readonly (readonly unknown[])[]): Answer[];
  /** What the student's code printed during the last call, where that is captured. */
  lastPrinted?(): string;
  /**
   * Where calls cost a round trip (a process, a worker): invokeEach that stops at a call that hangs or ends the
   * student, with the answers before it and its StudentGone, for a law's calls fetched ahead (run.ts).
   */
  invokeUpTo?(fn: FunctionName, argsList: readonly (readonly unknown[])[]): { answers: Answer[]; gone?: StudentGone };
  /** After such a batch: fn may be called again, for the calls made before the one that hung (prefetch.ts). */
  revive?(fn: FunctionName): void;
}

const MAX_TEXT = 2000;
/**
 * A student's text as the verdicts carry it: on one line, with every control
 * character made visible (escape.js), and cut to `max` characters, so that it
 * can neither restyle a terminal nor stand at the start of a line as a report
 * line or a GitHub workflow command of its own. Each report escapes it again
 * for its own format.
 */
export function plainText(v: string, max = MAX_TEXT): string {
  return plainLine(v, max);
}
const text = (v: unknown, fallback: string) => (typeof v === 'string' ? plainText(v) : fallback);
const texts = (v: unknown) =>
  isArray(v)
    ? v
        .filter((x): x is string => typeof x === 'string')
        .slice(0, 8)
        .map((x) => plainText(x, 40))
    : [];

/** A record's field names: plain names, never one that reaches a prototype. */
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;
const MAX_FIELDS = 16;

/** A value from the wire: arrays and finite numbers, tagged non-finite numbers, records, and descriptions. */
export function decodeValue(v: unknown, depth = 0): unknown {
  if (typeof v === 'number') return v;
  if (depth === 0 && v !== null && typeof v === 'object' && !isArray(v) && '$r' in v) {
    const fields = (v as { $r?: unknown }).$r;
    if (fields === null || typeof fields !== 'object' || isArray(fields))
      return new Described('a record the grader cannot read');
    const names = Object.keys(fields);
    if (names.length > MAX_FIELDS || names.some((k) => !FIELD.test(k) || k === '__proto__'))
      return new Described('a record the grader cannot read');
    // A record with no prototype: no field of the student's can stand for one of Object's.
    const out = Object.create(null) as Record<string, unknown>;
    for (const k of names) out[k] = decodeValue((fields as Record<string, unknown>)[k], depth + 1);
    return out;
  }
  if (isArray(v))
    return depth < 3 ? v.map((x) => decodeValue(x, depth + 1)) : new Described('an array nested too deep');
  if (v !== null && typeof v === 'object') {
    const tag = (v as { $n?: unknown }).$n;
    if (tag === 'NaN') return NaN;
    if (tag === 'Infinity') return Infinity;
    if (tag === '-Infinity') return -Infinity;
    if (tag === '-0') return -0;
    const d = (v as { $d?: unknown }).$d;
    if (typeof d === 'string') return new Described(plainText(d, 200));
  }
  return new Described('a value the grader cannot read');
}

/** An answer from the wire, already parsed from JSON; anything malformed is the student's error. */
export function decodeAnswer(raw: unknown): Answer {
  const r = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const wrote = texts(r.wrote);
  if (r.ok === true) {
    return {
      ok: true,
      value: decodeValue(r.value),
      wrote,
      returned: typeof r.returned === 'string' ? plainText(r.returned, 40) : undefined,
    };
  }
  const e = (r.error !== null && typeof r.error === 'object' ? r.error : {}) as Record<string, unknown>;
  const place = typeof e.where === 'string' ? /^([^:]+):\d+:\d+$/.exec(e.where) : null;
  const where = place && Object.hasOwn(FILES, place[1]) ? (e.where as string) : undefined;
  return { ok: false, error: { name: text(e.name, ''), message: text(e.message, '(no message)'), where }, wrote };
}

/** A line of the wire, parsed; undefined when it is not JSON. */
export function parseLine(line: string): unknown {
  try {
    return parse(line);
  } catch {
    return undefined;
  }
}

/**
 * Trusted code only: the self-tests' catalogues of right and wrong answers,
 * called in this process through the host's own invoke() and decoder, with
 * none of the sandbox. Student code never goes through this.
 */
export function inProcessStudent(kata: Partial<Kata>): Student {
  const one = (fn: FunctionName, args: readonly unknown[]): Answer => {
    const f = kata[fn];
    if (typeof f !== 'function') throw new MissingFunction(`${fileOf(fn)} does not export a function named ${fn}`);
    return decodeAnswer(invoke(f, args as unknown[], PARAMS[fn]));
  };
  return { invoke: one, invokeEach: (fn, argsList) => argsList.map((args) => one(fn, args)) };
}
