// Grading a whole implementation in-process, law by law: what the self-tests
// assert on. (npm run grade does the same through jest, one test per law.)

import type { Kata } from '../contract';
import { GRADED } from '../laws';
import { DEFAULT_RUNS, runLaw, type Outcome } from '../run';

export interface Verdict {
  readonly seed: number;
  readonly fn: string;
  readonly law: string;
  readonly outcome: Outcome;
}

/** Every law of every function at each seed. */
export function gradeAll(kata: Partial<Kata>, seeds: readonly number[], numRuns = DEFAULT_RUNS): Verdict[] {
  return seeds.flatMap((seed) =>
    GRADED.flatMap(({ fn, laws }) =>
      laws.map((law) => ({ seed, fn, law: law.name, outcome: runLaw(law, kata, { seed, numRuns }) })),
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
