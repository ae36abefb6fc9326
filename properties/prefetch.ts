// A law's calls fetched ahead. Each call to the student process is a round
// trip that wakes it; a law makes one for each of its cases. Before fast-check
// runs the law, its cases are drawn as fast-check will draw them (the same
// seed: its examples, then fc.sample's values), each case's first calls are
// noted by running the check against a student that only takes notes, and
// they are made in as few requests as the student's allow. fast-check then
// runs exactly as before; a call answered ahead is answered from there, any
// other (a check's later calls, shrinking, a diagnosis) is made as ever. So
// the verdict, the counterexample and the replay command stay what they were.
// Where a call hangs or ends the student while fetched ahead, the function is
// called again for the calls fast-check makes before it, and reaching it the
// law stops there, with what it did, and names that input, as before.

import fc from 'fast-check';
import type { FunctionName } from './contract';
import type { Law } from './law';
import type { Answer, Student, StudentGone } from './sandbox/wire';

/** Thrown by the note-taking student at a check's first call: the calls are noted, not made. */
class Noted extends Error {}

const keyOf = (fn: string, args: readonly unknown[]) => `${fn}\u0000${JSON.stringify(args)}`;

/** The cases fast-check will try, in its order: the examples, then the values its seed draws. */
export function casesAhead<C>(law: Law<C>, seed: number, numRuns: number): C[] {
  const drawn = Math.max(0, numRuns - law.examples.length);
  return [...law.examples, ...(drawn > 0 ? fc.sample(law.cases, { seed, numRuns: drawn }) : [])];
}

/** The student as the law's check sees it: the first calls of the cases given answered ahead, or as it was. */
export function fetchedAhead<C>(law: Law<C>, student: Student, cases: readonly C[]): Student {
  const { invokeUpTo, revive } = student;
  if (!invokeUpTo || !revive || cases.length === 0) return student;
  const noted = new Map<FunctionName, (readonly unknown[])[]>();
  const note = (fn: FunctionName, argsList: readonly (readonly unknown[])[]) => {
    // A copy: the check may build its next arguments in the arrays it passed.
    noted.set(fn, [...(noted.get(fn) ?? []), ...argsList.map((args) => structuredClone(args))]);
    throw new Noted();
  };
  const taker: Student = { invoke: (fn, args) => note(fn, [args]), invokeEach: (fn, argsList) => note(fn, argsList) };
  for (const c of cases) {
    try {
      law.check(taker, c);
    } catch {
      // Noted; or the check ended before a call, which fast-check will see again.
    }
  }
  // Each answer is used once, as a call's would be; the same arguments twice were asked twice.
  const ahead = new Map<string, Answer[]>();
  // A call that hung or ended the student while fetched ahead, and what it did: it is not made again.
  const hung = new Map<string, StudentGone>();
  for (const [fn, argsList] of noted) {
    let got: ReturnType<typeof invokeUpTo>;
    try {
      got = invokeUpTo.call(student, fn, argsList);
    } catch {
      // Missing, not compiling, or gone already: the law's own first call says so, as ever.
      return student;
    }
    got.answers.forEach((a, k) => {
      const key = keyOf(fn, argsList[k]);
      ahead.set(key, [...(ahead.get(key) ?? []), a]);
    });
    if (got.gone) {
      // The calls fast-check makes before reaching it (a check's later calls) are made as ever, by a student
      // called again; reaching it, the law stops there and names that input.
      hung.set(keyOf(fn, argsList[got.answers.length]), got.gone);
      revive.call(student, fn);
    }
  }
  const take = (fn: FunctionName, args: readonly unknown[]) => {
    const key = keyOf(fn, args);
    const queue = ahead.get(key);
    if (queue && queue.length > 0) return queue.shift();
    const gone = hung.get(key);
    if (gone) throw gone;
    return undefined;
  };
  return {
    invoke: (fn, args) => take(fn, args) ?? student.invoke(fn, args),
    invokeEach: (fn, argsList) => {
      const wanted = new Map<string, number>();
      for (const args of argsList) wanted.set(keyOf(fn, args), (wanted.get(keyOf(fn, args)) ?? 0) + 1);
      const all = [...wanted].every(([key, n]) => (ahead.get(key)?.length ?? 0) >= n);
      return all ? argsList.map((args) => take(fn, args)!) : student.invokeEach(fn, argsList);
    },
    lastPrinted: () => student.lastPrinted?.() ?? '',
  };
}
