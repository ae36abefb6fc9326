// One grading process, run by the driver (cli/grade.js, `npm run grade`)
// through jest and grade.config.json: one jest test per law, grouped by
// function, on the folder KATA_DIR names. It tells the driver what it does
// through two files the driver names, so that the driver can report, and
// recover from, a function that never returns:
//   KATA_RESULTS  one JSON line per law: first the plan, then each verdict;
//   KATA_PROGRESS the case being tried right now, refreshed every 50 ms.
// KATA_SKIP lists functions not to grade (they hung in an earlier process);
// KATA_FILTER, a regular expression, keeps only the laws whose full name
// ('softmax stability stays finite …') it matches, as jest's -t does.

import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { fileOf, FILES, type FunctionName, type Kata, type KataFile } from './contract';
import { kataDir, loadKata, ROOT } from './kata';
import { fmtValue, type AnyLaw } from './law';
import { GRADED } from './laws';
import { runLaw, settingsFromEnv, type Outcome, type Settings, type Status } from './run';

/** A law's verdict, as the driver reads it from KATA_RESULTS. */
export interface LawResult {
  readonly type: 'result';
  readonly fn: FunctionName;
  readonly law: string;
  readonly group: 'core' | 'stability';
  readonly status: Status;
  readonly message: string;
  readonly why: string;
  readonly input?: string;
  readonly expected?: string;
  readonly yours?: string;
  readonly replay?: string;
}

const dir = kataDir();
const settings = settingsFromEnv();
const skip = new Set((process.env.KATA_SKIP ?? '').split(',').filter(Boolean));
const filter = process.env.KATA_FILTER ? new RegExp(process.env.KATA_FILTER, 'i') : undefined;
const resultsFile = process.env.KATA_RESULTS;
let progressCount = 0;

function record(line: object): void {
  if (resultsFile) fs.appendFileSync(resultsFile, JSON.stringify(line) + '\n');
}

record({ type: 'settings', seed: settings.seed, runs: settings.numRuns });

// Progress goes through shared memory, not the file system: a write per case
// would cost more than the grading. A watchdog thread copies it into the
// progress file every 50 ms; it keeps running while the main thread is stuck
// in a student's loop, so the file ends up naming the very case that hangs.
const PROGRESS_BYTES = 4096;
const shared = new SharedArrayBuffer(8 + PROGRESS_BYTES);
/** [sequence number (odd while a record is being written), record length in bytes] */
const header = new Int32Array(shared, 0, 2);
const record_ = new Uint8Array(shared, 8);
const encoder = new TextEncoder();

if (process.env.KATA_PROGRESS) {
  const watchdog = new Worker(
    `const { workerData: { shared, file } } = require('node:worker_threads');
     const fs = require('node:fs');
     const header = new Int32Array(shared, 0, 2);
     const bytes = new Uint8Array(shared, 8);
     let copied = -1;
     setInterval(() => {
       const seq = Atomics.load(header, 0);
       if (seq === copied || seq % 2 === 1) return;
       const text = Buffer.from(bytes.slice(0, Atomics.load(header, 1)));
       if (Atomics.load(header, 0) !== seq) return;
       copied = seq;
       fs.writeFileSync(file, text);
     }, 50);`,
    { eval: true, workerData: { shared, file: process.env.KATA_PROGRESS } },
  );
  watchdog.unref();
}

function progress(state: object): void {
  let text = JSON.stringify({ n: ++progressCount, ...state });
  if (text.length * 3 > PROGRESS_BYTES) text = JSON.stringify({ n: progressCount, ...state, input: undefined });
  Atomics.add(header, 0, 1);
  const { written } = encoder.encodeInto(text, record_);
  Atomics.store(header, 1, written);
  Atomics.add(header, 0, 1);
}

/** Cases with more numbers than this are described by their sizes in progress records. */
const PROGRESS_NUMBERS = 64;

/** The parts of a case the function receives, raw (formatting every case would cost more than grading it). */
function shown(law: AnyLaw, c: Record<string, unknown>): Record<string, unknown> | string {
  let count = 0;
  for (const key of law.shows) {
    const v = c[key];
    count += Array.isArray(v) ? (Array.isArray(v[0]) ? v.length * v[0].length : v.length) : 1;
  }
  const out: Record<string, unknown> = {};
  for (const key of law.shows) {
    const v = c[key];
    out[key] = count <= PROGRESS_NUMBERS || !Array.isArray(v) ? v : Array.isArray(v[0]) ? `${v.length}×${v[0].length} matrix` : `${v.length} numbers`;
  }
  return out;
}

// Loaded before the first law, after the plan is written; and only the files
// with something left to grade, so that a file whose top level never returns
// cannot stop the other file being graded.
let kata: Partial<Kata> = {};
beforeAll(() => {
  const done = (Object.keys(FILES) as KataFile[]).filter((f) => FILES[f].every((fn) => skip.has(fn)));
  kata = loadKata(
    dir,
    (file) => {
      progress({ loading: path.basename(file) });
      return require(file);
    },
    done,
  );
});

/** A failure jest prints as it is, without the grader's stack. */
class GradeFailure extends Error {
  constructor(results: readonly LawResult[]) {
    super(results.map(explain).join('\n\n'));
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
  if (dir !== kataDir({})) {
    const rel = path.relative(ROOT, dir);
    env.push(`KATA_DIR=${shellQuote(rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel)}`);
  }
  return `${env.join(' ')} npm run grade -- -t ${shellQuote(`^${regexEscape(fullName)}$`)}`;
}

/** The failure in plain text, as jest prints it when grade.ts is run on its own. */
function explain(r: LawResult): string {
  const lines = [`${r.law}: ${r.status}: ${r.message}`];
  if (r.input) lines.push(`input:    ${r.input}`);
  if (r.replay) lines.push(`replay:   ${r.replay}`);
  return lines.join('\n');
}

/** The name a law goes by in -t filters and replay commands. */
const fullName = (law: AnyLaw) => `${law.fn} ${law.group === 'stability' ? 'stability ' : ''}${law.name}`;

function grade(law: AnyLaw): LawResult {
  const outcome = runLaw(law, kata, settings, (c) => progress({ fn: law.fn, law: law.name, input: shown(law, c) }));
  const result: LawResult = {
    type: 'result',
    fn: law.fn,
    law: law.name,
    group: law.group,
    status: outcome.status,
    message: outcome.message,
    why: law.why,
    input: outcome.input,
    expected: outcome.expected === undefined ? undefined : fmtValue(outcome.expected),
    yours: outcome.actual === undefined ? undefined : fmtValue(outcome.actual),
    replay: outcome.status === 'passed' ? undefined : replayCommand(fullName(law), outcome, settings),
  };
  record(result);
  return result;
}

// One jest test per function (a test costs jest about a millisecond; a law
// takes less), each running its laws in order and recording every verdict.
for (const { fn, laws } of GRADED) {
  const chosen = laws.filter((law) => !skip.has(fn) && (!filter || filter.test(fullName(law))));
  if (chosen.length === 0) continue;
  for (const law of chosen) record({ type: 'plan', fn, file: fileOf(fn), law: law.name, group: law.group });
  test(fn, () => {
    const failures = chosen.map(grade).filter((r) => r.status !== 'passed');
    if (failures.length > 0) throw new GradeFailure(failures);
  });
}
