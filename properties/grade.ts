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
import { fileOf, FILES, type Kata, type KataFile } from './contract';
import { kataDir, loadKata } from './kata';
import type { AnyLaw } from './law';
import { GRADED } from './laws';
import { runLaw, settingsFromEnv } from './run';
import { Progress } from './progress';
import { fullName, verdict, type LawResult } from './verdict';

const dir = kataDir();
const settings = settingsFromEnv();
const skip = new Set((process.env.KATA_SKIP ?? '').split(',').filter(Boolean));
const filter = process.env.KATA_FILTER ? new RegExp(process.env.KATA_FILTER, 'i') : undefined;
const resultsFile = process.env.KATA_RESULTS;

function record(line: object): void {
  if (resultsFile) fs.appendFileSync(resultsFile, JSON.stringify(line) + '\n');
}

record({ type: 'settings', seed: settings.seed, runs: settings.numRuns });

// The watchdog thread copies the progress record into KATA_PROGRESS every
// 50 ms; it keeps running while the main thread is stuck in a student's loop.
const progress = new Progress();
if (process.env.KATA_PROGRESS) {
  const watchdog = new Worker(
    `const { workerData: { shared, file, reader } } = require('node:worker_threads');
     const fs = require('node:fs');
     const { readProgress } = require(reader);
     let copied = -1;
     setInterval(() => {
       const now = readProgress(shared);
       if (now === undefined || now.seq === copied) return;
       copied = now.seq;
       fs.writeFileSync(file, now.text);
     }, 50);`,
    {
      eval: true,
      workerData: {
        shared: progress.shared,
        file: process.env.KATA_PROGRESS,
        reader: path.join(__dirname, 'cli/progress-reader.js'),
      },
    },
  );
  watchdog.unref();
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
      progress.write({ loading: path.basename(file) });
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

/** The failure in plain text, as jest prints it when grade.ts is run on its own. */
function explain(r: LawResult): string {
  const lines = [`${r.law}: ${r.status}: ${r.message}`];
  if (r.diagnosis) lines.push(`diagnosis: ${r.diagnosis}`);
  if (r.input) lines.push(`input:    ${r.input}`);
  if (r.replay) lines.push(`replay:   ${r.replay}`);
  return lines.join('\n');
}

function grade(law: AnyLaw): LawResult {
  const outcome = runLaw(law, kata, settings, (c) => progress.trying(law, c));
  const result = verdict(law, outcome, settings, dir);
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
