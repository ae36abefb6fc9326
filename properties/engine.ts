// The grading engine: the one loop every host runs (npm run grade's jest
// process, npm run kata's grading thread, the self-tests, the bench, the web
// page's judge worker). It grades a function law by law against a Student,
// which is the sandboxed student process for any submission
// (sandbox/submission.ts's openSubmission), the page's student worker, or,
// for the self-tests' own catalogues of trusted answers only, an in-process
// table. It needs nothing of Node's, so that the page bundles it as it is.

import type { FunctionName } from './contract';
import type { AnyLaw } from './law';
import { ALL_EXERCISES } from './exercises/select.js';
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

/**
 * What a kata file's verdicts depend on: its text and, in turn, the texts of the kata files it names (mlp.ts
 * imports linear.ts), by their names as the registry gives them. A file that is missing counts as empty.
 */
export function dependencyKey(file: string, texts: Readonly<Record<string, string | undefined>>): string {
  // Every exercise's file, not only the assignment's: the stage stages them all, and an assigned file may import one.
  const names = ALL_EXERCISES.map((e) => e.file);
  const named = (text: string) =>
    names.filter((f) => new RegExp(`\\b${f.replace(/\.ts$/, '')}\\b`).test(text) && f !== file);
  const seen = new Set([file]);
  for (let todo = [file]; todo.length > 0;) {
    const next = todo.flatMap((f) => named(texts[f] ?? '')).filter((f) => !seen.has(f));
    next.forEach((f) => seen.add(f));
    todo = next;
  }
  return JSON.stringify([...seen].sort().map((f) => [f, texts[f] ?? '']));
}

/**
 * The learner's loops (npm run kata, the web page) grade again after every save. A function all of whose laws
 * held keeps its verdicts while nothing it depends on changed (its file, the kata files it names, the settings),
 * so a save re-grades what it can have changed. A failing function is always graded again: a verdict kept
 * where another file's change could mend it would fail a correct student. npm run grade keeps nothing.
 */
export class KeptVerdicts {
  private readonly kept = new Map<string, { key: string; results: LawResult[] }>();

  /** fn's verdicts kept under this key, if any. */
  lookup(fn: string, key: string): LawResult[] | undefined {
    const kept = this.kept.get(fn);
    return kept && kept.key === key ? kept.results : undefined;
  }

  /** fn's verdicts just graded under this key: kept if every law held, else any kept before are dropped. */
  remember(fn: string, key: string, results: LawResult[]): LawResult[] {
    if (results.length > 0 && results.every((r) => r.status === 'passed')) this.kept.set(fn, { key, results });
    else this.kept.delete(fn);
    return results;
  }
}
