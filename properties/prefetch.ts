// A law's calls fetched ahead. Each call to the student process is a round
// trip that wakes it; a law makes one for each of its cases. runLaw draws a
// law's cases as fast-check will draw them (the same seed: its examples, then
// fc.sample's values) and checks them in that order. Each case's first calls
// are noted by running the check against a student that only takes notes,
// and they are made a window of cases at a time (doubling), a request a
// window, as the checking reaches them. A case's first calls are answered
// from there when they are the very calls noted; any other (a check's later
// calls) is made as ever. fast-check runs only where a case fails, to reach it
// again and shrink it, calling the student as ever; so the verdict, the
// counterexample and the replay command stay what they were.
// Where a call hangs or ends the student while fetched ahead, the function is
// called again for the calls made before it (a check's later calls), and its
// case's first call throws what it did, so the law stops there, and names
// that input, as before.

import fc from 'fast-check';
import type { FunctionName } from './contract';
import type { Law } from './law';
import type { Answer, Student, StudentGone } from './sandbox/wire';

/** Thrown by the note-taking student at a check's first call: the calls are noted, not made. (Not an Error:
 * capturing a stack for each of a grade's thousands of cases cost more than the rest of the note-taking.) */
const NOTED = Object.freeze({ noted: true });

const { isArray } = Array;
const { getPrototypeOf, is } = Object;

/** The cases fast-check will try, in its order: the examples, then the values its seed draws. */
export function casesAhead<C>(law: Law<C>, seed: number, numRuns: number): C[] {
  const drawn = Math.max(0, numRuns - law.examples.length);
  return [...law.examples, ...(drawn > 0 ? fc.sample(law.cases, { seed, numRuns: drawn }) : [])].slice(0, numRuns);
}

/**
 * Cases fetched in the first request, doubling with each after it up to WINDOW_MAX: a law that fails at its first
 * cases fetches few others (whose time counts against the function's), and no more answers than a window's are
 * ever held at once, whatever KATA_RUNS is.
 */
const WINDOW_FIRST = 2;
const WINDOW_MAX = 16;

/** Whether two values are the same data: arrays entry by entry, plain records field by field, the rest by Object.is. */
export function sameData(a: unknown, b: unknown): boolean {
  if (isArray(a)) return isArray(b) && a.length === b.length && a.every((x, k) => sameData(x, b[k]));
  if (typeof a === 'object' && a !== null && getPrototypeOf(a) === Object.prototype) {
    if (typeof b !== 'object' || b === null || getPrototypeOf(b) !== Object.prototype) return false;
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return is(a, b);
}

/** A student for checking cases in order: `checking(k)` before case k's check, whose first calls are answered ahead. */
export interface AheadStudent extends Student {
  checking(k: number): void;
}

/** The student as the law's checks see it, case after case, the first calls of each answered ahead. */
export function fetchedAhead<C>(law: Law<C>, student: Student, cases: readonly C[]): AheadStudent {
  const plain: AheadStudent = { ...bound(student), checking: () => undefined };
  const { invokeUpTo, revive } = student;
  if (!invokeUpTo || !revive || cases.length === 0) return plain;
  // Each case's first calls: one function's argument lists, or none where the check ended before a call. Noted on
  // the case itself, which is checked after as it was drawn: no law writes into its case (selftest/exercises.test.ts).
  const noted: ({ fn: FunctionName; argsList: readonly (readonly unknown[])[] } | undefined)[] = [];
  let at = 0;
  const note = (fn: FunctionName, argsList: readonly (readonly unknown[])[]) => {
    // A copy: the check may build its next arguments in the arrays it passed.
    noted[at] = { fn, argsList: argsList.map((args) => structuredClone(args)) };
    throw NOTED;
  };
  const taker: Student = { invoke: (fn, args) => note(fn, [args]), invokeEach: (fn, argsList) => note(fn, argsList) };
  for (; at < cases.length; at++) {
    try {
      law.check(taker, cases[at]);
    } catch {
      // Noted; or the check ended before a call, which checking it will see again.
    }
  }

  // Each case's first calls' answers, fetched; or what the call that hung or ended the student did.
  const ahead: (Answer[] | StudentGone | undefined)[] = [];
  // That call: any call of the function on the same data throws what it did, rather than being made again.
  let hung: { fn: FunctionName; args: readonly unknown[]; gone: StudentGone } | undefined;
  let fetched = 0;
  let window = WINDOW_FIRST;
  let stopped = false;
  /** The next window of cases' first calls, a request a function; a call that hangs ends the fetching. */
  const fetchWindow = () => {
    const from = fetched;
    fetched = Math.min(cases.length, fetched + window);
    window = Math.min(2 * window, WINDOW_MAX);
    const mine = new Map<FunctionName, number[]>();
    for (let k = from; k < fetched; k++) {
      const n = noted[k];
      if (n) mine.set(n.fn, [...(mine.get(n.fn) ?? []), k]);
    }
    for (const [fn, ks] of mine) {
      const argsList = ks.flatMap((k) => noted[k]!.argsList);
      let got: ReturnType<typeof invokeUpTo>;
      try {
        got = invokeUpTo.call(student, fn, argsList);
      } catch {
        // Missing, not compiling, or gone already: the law's own call says so, as ever.
        stopped = true;
        return;
      }
      let answered = 0;
      for (const k of ks) {
        const count = noted[k]!.argsList.length;
        if (answered + count <= got.answers.length) ahead[k] = got.answers.slice(answered, answered + count);
        else if (got.gone) {
          // The calls made before it (a check's later calls) are made as ever, by a student called again; the
          // case's own first call throws what this one did, so the law stops there and names that input.
          ahead[k] = got.gone;
          hung = { fn, args: argsList[got.answers.length], gone: got.gone };
          revive.call(student, fn);
          stopped = true;
          return;
        }
        answered += count;
      }
    }
  };
  let current = -1;
  /** Case `current`'s first calls' answers, if these are they and they were fetched; taken once. */
  const answered = (fn: FunctionName, argsList: readonly (readonly unknown[])[]): Answer[] | undefined => {
    const k = current;
    current = -1;
    const n = noted[k];
    if (!n || n.fn !== fn || !sameData(n.argsList, argsList)) return undefined;
    while (!stopped && k >= fetched) fetchWindow();
    const got = ahead[k];
    ahead[k] = undefined;
    if (got && !isArray(got)) throw got;
    return got;
  };
  /** Where in argsList the call that hung is, if it is there. */
  const hangsAt = (fn: FunctionName, argsList: readonly (readonly unknown[])[]) =>
    hung && hung.fn === fn ? argsList.findIndex((args) => sameData(args, hung!.args)) : -1;
  return {
    ...plain,
    checking: (k) => (current = k),
    invoke: (fn, args) => {
      const got = answered(fn, [args]);
      if (got) return got[0];
      if (hangsAt(fn, [args]) === 0) throw hung!.gone;
      return student.invoke(fn, args);
    },
    invokeEach: (fn, argsList) => {
      const got = answered(fn, argsList);
      if (got) return got;
      const k = hangsAt(fn, argsList);
      if (k < 0) return student.invokeEach(fn, argsList);
      // The calls before it are made, as they would be before it hung.
      if (k > 0) student.invokeEach(fn, argsList.slice(0, k));
      throw hung!.gone;
    },
  };
}

/** The student's own methods, callable apart from it. */
function bound(student: Student): Student {
  return {
    invoke: (fn, args) => student.invoke(fn, args),
    invokeEach: (fn, argsList) => student.invokeEach(fn, argsList),
    lastPrinted: () => student.lastPrinted?.() ?? '',
  };
}
