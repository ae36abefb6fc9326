// How often the diagnosis is right and how often wrong, over the natural
// mistakes of mistakes.ts at given seeds: each mistake replaces one function
// of its catalogue's right answers, and every law of that function runs.
// Load it after KATA_EXERCISES is set: it reads the registry.

import { gradeOutcomes } from '../engine';
import { ALL_EXERCISES } from '../exercises/select';
import { DEFAULT_RUNS } from '../run';
import { inProcessStudent } from '../sandbox/wire';
import { CATALOGUES } from './catalogues';
import { MISTAKES, type Mistake } from './mistakes';

export interface Diagnosed {
  readonly mistake: string;
  readonly seeds: number;
  /** Seeds at which some law failed. */
  readonly caught: number;
  /** Seeds at which some diagnosis given is one the mistake lists. */
  readonly right: number;
  /** Seeds at which some diagnosis given is not, and the first of those seen. */
  readonly wrong: number;
  readonly firstWrong?: string;
}

const rightAnswersFor = (fn: string) => {
  const exercise = ALL_EXERCISES.find((e) => e.functions.some((f) => f.name === fn))!;
  return CATALOGUES.find((c) => c.exercises.includes(exercise.name))!.catalogue.right;
};

export function diagnosed(m: Mistake, seeds: readonly number[], numRuns = DEFAULT_RUNS): Diagnosed {
  const student = inProcessStudent({ ...rightAnswersFor(m.fn), [m.fn]: m.impl } as never);
  let caught = 0;
  let right = 0;
  let wrong = 0;
  let firstWrong: string | undefined;
  for (const seed of seeds) {
    const failed = gradeOutcomes(student, m.fn as never, { seed, numRuns }).filter(
      ({ outcome }) => outcome.status !== 'passed',
    );
    const codes = failed.flatMap(({ outcome }) =>
      'diagnosisCode' in outcome && outcome.diagnosisCode ? [outcome.diagnosisCode.slice(m.fn.length + 1)] : [],
    );
    if (failed.length > 0) caught++;
    if (codes.some((c) => m.right.includes(c))) right++;
    const bad = codes.filter((c) => !m.right.includes(c));
    if (bad.length > 0) {
      wrong++;
      firstWrong ??= `seed ${seed}: ${bad[0]}`;
    }
  }
  return { mistake: `${m.fn}: ${m.name}`, seeds: seeds.length, caught, right, wrong, firstWrong };
}

export { MISTAKES };
