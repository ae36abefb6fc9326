// One grading process, run by the driver (cli/run-folder.js, `npm run grade`)
// through jest and grade.config.json: one jest test per function, running the
// engine on the folder KATA_DIR names. It holds no student code: that runs in
// the student process behind the sandbox (sandbox/), which the engine starts,
// times and kills. It tells the driver what it does through one file:
//   KATA_RESULTS  one JSON line per law: first the settings and the plan, then each verdict.
// KATA_FILTER, a regular expression, keeps only the laws whose full name
// ('softmax stability stays finite …') it matches, as jest's -t does;
// KATA_SANDBOX is auto, required or off.

// First, so that the student process boots while the rest loads.
import { submission } from './grade-early';
import fs from 'node:fs';
import { fileOf } from './contract';
import { gradeFunction } from './engine';
import { GRADED } from './laws';
import { settingsFromEnv } from './run';
import { fullName, lawCode, type LawResult } from './verdict';

const settings = settingsFromEnv();
const filter = process.env.KATA_FILTER ? new RegExp(process.env.KATA_FILTER, 'i') : undefined;
const resultsFile = process.env.KATA_RESULTS;

function record(line: object): void {
  if (resultsFile) fs.appendFileSync(resultsFile, JSON.stringify(line) + '\n');
}

beforeAll(() => {
  record({ type: 'settings', seed: settings.seed, runs: settings.numRuns, layers: submission.layers });
});
afterAll(() => {
  record({ type: 'printed', text: submission.printed() });
  submission.close();
});

/** A failure jest prints as it is, without the grader's stack. */
class GradeFailure extends Error {
  constructor(results: readonly LawResult[]) {
    super(results.map(explain).join('\n\n'));
    this.name = 'GradeFailure';
    this.stack = this.message;
  }
}

/** The failure in plain text, as jest prints it when grade.ts is run on its own. */
function explain(r: LawResult): string {
  const lines = [`${r.law}: ${r.status}: ${r.message}`];
  if (r.diagnosis) lines.push(`diagnosis: ${r.diagnosis}`);
  if (r.input) lines.push(`input:    ${r.input}`);
  if (r.replay) lines.push(`replay:   ${r.replay}`);
  return lines.join('\n');
}

// One jest test per function (a test costs jest about a millisecond; a law
// takes less), each running its laws in order and recording every verdict.
for (const { fn, laws } of GRADED) {
  const chosen = laws.filter((law) => !filter || filter.test(fullName(law)));
  if (chosen.length === 0) continue;
  for (const law of chosen) {
    record({ type: 'plan', fn, file: fileOf(fn), law: law.name, group: law.group, lawCode: lawCode(law) });
  }
  test(fn, () => {
    const results = gradeFunction(submission, fn, settings, { filter });
    for (const r of results) record(r);
    const failures = results.filter((r) => r.status !== 'passed');
    if (failures.length > 0) throw new GradeFailure(failures);
  });
}
