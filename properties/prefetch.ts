// A law's calls fetched ahead. Each call to the student process is a round
// trip that wakes it; a law makes one for each of its cases. Before fast-check
// runs the law, its cases are drawn as fast-check will draw them (the same
// seed: its examples, then fc.sample's values), each case's first calls are
// noted by running the check against a student that only takes notes, and
// they are made a window of cases at a time (doubling), a request a window,
// as fast-check reaches them. fast-check runs exactly as before; a call
// answered ahead is answered from there, any other (a check's later calls,
// shrinking, a diagnosis) is made as ever. So the verdict, the
// counterexample and the replay command stay what they were.
// Where a call hangs or ends the student while fetched ahead, the function is
// called again for the calls fast-check makes before it, and reaching it the
// law stops there, with what it did, and names that input, as before.

import fc from 'fast-check';
import type { FunctionName } from './contract';
import type { Law } from './law';
import type { Answer, Student, StudentGone } from './sandbox/wire';

/** Thrown by the note-taking student at a check's first call: the calls are noted, not made. (Not an Error:
 * capturing a stack for each of a grade's thousands of cases cost more than the rest of the note-taking.) */
const NOTED = Object.freeze({ noted: true });

const keyOf = (fn: string, args: readonly unknown[]) => `${fn}\u0000${JSON.stringify(args)}`;

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

/** The student as the law's check sees it: the first calls of the cases given answered ahead, or as it was. */
export function fetchedAhead<C>(law: Law<C>, student: Student, cases: readonly C[]): Student {
  const { invokeUpTo, revive } = student;
  if (!invokeUpTo || !revive || cases.length === 0) return student;
  // Each case's first calls, in order, with the case they belong to.
  const noted: { fn: FunctionName; args: readonly unknown[]; key: string; at: number }[] = [];
  let at = 0;
  const note = (fn: FunctionName, argsList: readonly (readonly unknown[])[]) => {
    for (const args of argsList) {
      // A copy: the check may build its next arguments in the arrays it passed.
      const copy = structuredClone(args);
      noted.push({ fn, args: copy, key: keyOf(fn, copy), at });
    }
    throw NOTED;
  };
  const taker: Student = { invoke: (fn, args) => note(fn, [args]), invokeEach: (fn, argsList) => note(fn, argsList) };
  for (; at < cases.length; at++) {
    try {
      law.check(taker, cases[at]);
    } catch {
      // Noted; or the check ended before a call, which fast-check will see again.
    }
  }
  /** The case whose first calls first ask for each key. */
  const caseOf = new Map<string, number>();
  for (const n of noted) if (!caseOf.has(n.key)) caseOf.set(n.key, n.at);

  // Each answer is used once, as a call's would be; the same arguments twice were asked twice.
  const ahead = new Map<string, Answer[]>();
  // A call that hung or ended the student while fetched ahead, and what it did: it is not made again.
  const hung = new Map<string, StudentGone>();
  let fetched = 0;
  let window = WINDOW_FIRST;
  let stopped = false;
  /** The next window of cases' first calls, a request a function; a call that hangs ends the fetching. */
  const fetchWindow = () => {
    const batch = noted.filter((n) => n.at >= fetched && n.at < fetched + window);
    fetched += window;
    window = Math.min(2 * window, WINDOW_MAX);
    for (const fn of new Set(batch.map((n) => n.fn))) {
      const mine = batch.filter((n) => n.fn === fn);
      let got: ReturnType<typeof invokeUpTo>;
      try {
        got = invokeUpTo.call(
          student,
          fn,
          mine.map((n) => n.args),
        );
      } catch {
        // Missing, not compiling, or gone already: the law's own call says so, as ever.
        stopped = true;
        return;
      }
      got.answers.forEach((a, k) => ahead.set(mine[k].key, [...(ahead.get(mine[k].key) ?? []), a]));
      if (got.gone) {
        // The calls fast-check makes before reaching it (a check's later calls) are made as ever, by a student
        // called again; reaching it, the law stops there and names that input.
        hung.set(mine[got.answers.length].key, got.gone);
        revive.call(student, fn);
        stopped = true;
        return;
      }
    }
  };
  /** The answer fetched ahead for this call (fetching its window first), or undefined where there is none. */
  const lookup = (fn: FunctionName, args: readonly unknown[]): Answer | undefined => {
    const key = keyOf(fn, args);
    const due = caseOf.get(key);
    while (!stopped && due !== undefined && due >= fetched && fetched < cases.length) fetchWindow();
    const queue = ahead.get(key);
    if (queue && queue.length > 0) return queue.shift();
    const gone = hung.get(key);
    if (gone) throw gone;
    return undefined;
  };
  return {
    invoke: (fn, args) => lookup(fn, args) ?? student.invoke(fn, args),
    invokeEach: (fn, argsList) => {
      const answers: Answer[] = [];
      for (let k = 0; k < argsList.length; k++) {
        const a = lookup(fn, argsList[k]);
        // The rest made as ever, in one request.
        if (!a) return [...answers, ...student.invokeEach(fn, argsList.slice(k))];
        answers.push(a);
      }
      return answers;
    },
    lastPrinted: () => student.lastPrinted?.() ?? '',
  };
}
