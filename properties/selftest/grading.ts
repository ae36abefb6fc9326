// Grading a whole implementation law by law with the engine: what the
// self-tests assert on. A table of functions (the catalogues of trusted right
// and wrong answers) is called in-process through the wire's own encoding; a
// Student (a staged folder) is called behind the sandbox.

import type { Kata } from '../contract';
import { gradeOutcomes } from '../engine';
import { openSubmission } from '../sandbox/submission';
import { GRADED } from '../laws';
import { DEFAULT_RUNS, DEFAULT_SEED, type Outcome } from '../run';
import { inProcessStudent, type Student } from '../sandbox/wire';

export interface Verdict {
  readonly seed: number;
  readonly fn: string;
  readonly law: string;
  readonly outcome: Outcome;
}

/** Every law of every function at each seed. */
export function gradeAll(kata: Partial<Kata> | Student, seeds: readonly number[], numRuns = DEFAULT_RUNS): Verdict[] {
  const student =
    'invoke' in kata && typeof kata.invoke === 'function' ? (kata as Student) : inProcessStudent(kata as Partial<Kata>);
  return seeds.flatMap((seed) =>
    GRADED.flatMap(({ fn }) =>
      gradeOutcomes(student, fn, { seed, numRuns }).map(({ law, outcome }) => ({ seed, fn, law: law.name, outcome })),
    ),
  );
}

/** The verdicts that are not passes, one readable line each. */
export function notPassed(verdicts: readonly Verdict[]): string[] {
  return verdicts
    .filter((v) => v.outcome.status !== 'passed')
    .map((v) => `seed ${v.seed}: ${v.fn} ${v.law}: ${v.outcome.status}: ${v.outcome.message} on ${v.outcome.input}`);
}

/** n distinct seeds, spread out, starting from a given one. */
export const seeds = (n: number, from = 1): number[] => Array.from({ length: n }, (_, k) => from + 7919 * k);

/** The seeds every correct answer is graded at (correct.test.ts): the default first, then 19 others. */
export const CORRECT_SEEDS: readonly number[] = [DEFAULT_SEED, ...seeds(19)];
/** How many of them npm test grades; npm run test:slow grades the rest (correct.slow.test.ts). */
export const QUICK_SEEDS = 4;

/** Every law of every function on a folder, staged and behind the sandbox, as npm run grade runs it. */
export function gradeFolderHere(dir: string, seeds: readonly number[], numRuns = DEFAULT_RUNS): Verdict[] {
  const submission = openSubmission(dir, 'auto');
  try {
    return gradeAll(submission.student, seeds, numRuns);
  } finally {
    submission.close();
  }
}
