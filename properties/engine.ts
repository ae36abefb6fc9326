// The grading engine: the one loop every host runs (npm run grade's jest
// process, npm run kata's grading thread, the self-tests, the bench, the web
// page's judge worker). It grades a function law by law against a Student,
// which is the sandboxed student process for any submission
// (sandbox/submission.ts's openSubmission), the page's student worker, or,
// for the self-tests' own catalogues of trusted answers only, an in-process
// table. It needs nothing of Node's, so that the page bundles it as it is.

import type { FunctionName } from './contract';
import type { AnyLaw } from './law';
import { GRADED } from './laws';
import { runLaw, type Outcome, type Settings } from './run';
import type { Submission } from './sandbox/submission';
import type { Student } from './sandbox/wire';
import { fullName, verdict, type LawResult } from './verdict';

/**
 * Every law of fn (those whose full name `filter` matches) in order. Once a
 * call hangs or ends the process, the function's remaining laws take the same
 * verdict without running: it costs that function alone.
 */
export function gradeOutcomes(
  student: Student,
  fn: FunctionName,
  settings: Settings,
  filter?: RegExp,
): { law: AnyLaw; outcome: Outcome }[] {
  const laws = GRADED.find((g) => g.fn === fn)!.laws.filter((law) => !filter || filter.test(fullName(law)));
  const out: { law: AnyLaw; outcome: Outcome }[] = [];
  let stopped: Outcome | undefined;
  for (const law of laws) {
    if (stopped) {
      out.push({ law, outcome: stopped });
      continue;
    }
    const outcome = runLaw(law, student, settings);
    if (outcome.status === 'timeout' || outcome.status === 'error') stopped = outcome;
    out.push({ law, outcome });
  }
  return out;
}

/** The verdicts of fn's laws, as every front end shows them. */
export function gradeFunction(
  submission: Pick<Submission, 'student' | 'dir'>,
  fn: FunctionName,
  settings: Settings,
  options: { filter?: RegExp; columns?: number } = {},
): LawResult[] {
  return gradeOutcomes(submission.student, fn, settings, options.filter).map(({ law, outcome }) =>
    verdict(law, outcome, settings, submission.dir, options.columns),
  );
}
