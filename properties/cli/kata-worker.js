// @ts-check
// The grading thread of `npm run kata`, a host of the engine. It stays alive
// between saves, so a re-grade costs only the grading (the laws are compiled
// and warm). The grader's own TypeScript is compiled on require (ts-hook.js);
// the student's is staged by the engine, behind the sandbox.

'use strict';

const { parentPort } = require('node:worker_threads');

// The grader's own TypeScript, compiled on require.
require('./ts-hook');

const { fileOf } = require('../contract');
const { ALL_EXERCISES } = require('../exercises/select');
const { readSubmitted } = require('../sandbox/submitted');
const { GRADED } = require('../laws');
const { settingsFromEnv } = require('../run');
const { dependencyKey, gradeFunction, KeptVerdicts } = require('../engine');
const { DEFAULT_LIMITS, openSubmission } = require('../sandbox/submission');

const hangMs = Number(process.env.KATA_HANG_MS) || DEFAULT_LIMITS.hangMs;
// A function whose laws all held keeps its verdicts from save to save while nothing it depends on changes.
const kept = new KeptVerdicts();
/** The sandbox layers the last opened submission had: a save that grades nothing again opens none. */
/** @type {readonly string[]} */
let layers = [];
parentPort?.postMessage({ type: 'ready' });

/** Every kata file's text, as the key of what each function's verdicts depend on, read as the stage reads it. */
/** @param {string} dir */
function textsOf(dir) {
  return Object.fromEntries(
    ALL_EXERCISES.map((e) => {
      const text = readSubmitted(dir, e.file);
      // A file that cannot be read (missing, a link, too large) says why, which keys it as well as its text.
      return [e.file, typeof text === 'string' ? text : JSON.stringify(text)];
    }),
  );
}

/**
 * Grades the folder once, through the engine: the student's code runs in its
 * own sandboxed process (started only if a function needs grading), which the
 * engine times and kills, so this thread always answers.
 * @param {{ seq: number, dir: string, columns: number }} job
 */
function grade(job) {
  const settings = settingsFromEnv();
  const texts = textsOf(job.dir);
  const context = JSON.stringify([settings, job.columns, hangMs, job.dir]);
  /** @type {import('../sandbox/submission').Submission | undefined} */
  let submission;
  const opened = () => (submission ??= openSubmission(job.dir, 'auto', { ...DEFAULT_LIMITS, hangMs }));
  try {
    /** @type {import('../verdict').LawResult[]} */
    const results = [];
    for (const { fn } of GRADED) {
      const key = dependencyKey(fileOf(fn), texts) + context;
      const before = kept.lookup(fn, key);
      results.push(
        ...(before ?? kept.remember(fn, key, gradeFunction(opened(), fn, settings, { columns: job.columns }))),
      );
    }
    if (submission) layers = submission.layers;
    return { results, printed: submission?.printed() ?? '', layers };
  } finally {
    submission?.close();
  }
}

parentPort?.on('message', (job) => {
  try {
    parentPort?.postMessage({ type: 'graded', seq: job.seq, ...grade(job) });
  } catch (e) {
    parentPort?.postMessage({ type: 'failed', seq: job.seq, message: e instanceof Error ? e.message : String(e) });
  }
});
