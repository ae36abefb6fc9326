// The grader's entry point, run by `npm run grade` through grade.config.json:
// one jest test per law, grouped by function, on the folder KATA_DIR names.
// score-reporter.js turns the results into the score table.

import { GRADED } from './laws';
import type { AnyLaw } from './law';
import { kataDir, loadKata, ROOT } from './kata';
import { fmtValue } from './law';
import { runLaw, settingsFromEnv, type Outcome, type Settings } from './run';
import path from 'node:path';

const dir = kataDir();
const kata = loadKata(dir);
const settings = settingsFromEnv();

/** What score-reporter.js reads of a failed law (jest passes it on in failureDetails). */
export interface FailureReport {
  readonly status: Outcome['status'];
  readonly message: string;
  readonly why: string;
  readonly input?: string;
  readonly expected?: string;
  readonly yours?: string;
  readonly replay: string;
}

/** A failure jest prints as it is, without the grader's stack, and hands to the reporter whole. */
class GradeFailure extends Error {
  constructor(readonly report: FailureReport) {
    super(explain(report));
    this.name = 'GradeFailure';
    this.stack = this.message;
  }
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const regexEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The command that reruns exactly this law on exactly this case. */
export function replayCommand(fullName: string, outcome: Outcome, s: Settings): string {
  const env = [`KATA_SEED=${s.seed}`];
  if (outcome.path !== undefined) env.push(`KATA_PATH=${outcome.path}`);
  if (process.env.KATA_DIR) {
    const rel = path.relative(ROOT, dir);
    env.push(`KATA_DIR=${shellQuote(rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel)}`);
  }
  return `${env.join(' ')} npm run grade -- -t ${shellQuote(`^${regexEscape(fullName)}$`)}`;
}

function report(law: AnyLaw, fullName: string, outcome: Outcome): FailureReport {
  return {
    status: outcome.status,
    message: outcome.message,
    why: law.why,
    input: outcome.input,
    expected: outcome.expected === undefined ? undefined : fmtValue(outcome.expected),
    yours: outcome.actual === undefined ? undefined : fmtValue(outcome.actual),
    replay: replayCommand(fullName, outcome, settings),
  };
}

/** The failure in plain text, as jest's own reporters print it. */
function explain(r: FailureReport): string {
  const lines = [`${r.status}: ${r.message}`];
  if (r.status === 'failed') {
    lines.push(`why:      ${r.why}`);
    if (r.input) lines.push(`input:    ${r.input}`);
    if (r.expected !== undefined) lines.push(`expected: ${r.expected}`);
    if (r.yours !== undefined) lines.push(`yours:    ${r.yours}`);
  }
  lines.push(`replay:   ${r.replay}`);
  return lines.join('\n');
}

function lawTest(law: AnyLaw, fullName: string): void {
  test(law.name, () => {
    const outcome = runLaw(law, kata, settings);
    if (outcome.status !== 'passed') throw new GradeFailure(report(law, fullName, outcome));
  });
}

for (const { fn, laws } of GRADED) {
  describe(fn, () => {
    for (const law of laws.filter((l) => l.group === 'core')) lawTest(law, `${fn} ${law.name}`);
    const stability = laws.filter((l) => l.group === 'stability');
    if (stability.length > 0) {
      describe('stability', () => {
        for (const law of stability) lawTest(law, `${fn} stability ${law.name}`);
      });
    }
  });
}
