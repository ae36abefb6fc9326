// @ts-check
// The grading thread of `npm run kata`, a host of the engine. It stays alive
// between saves, so a re-grade costs only the grading (the laws are compiled
// and warm). The grader's own TypeScript is compiled on require (ts-hook.js);
// the student's is staged by the engine, behind the sandbox.

'use strict';

const { parentPort } = require('node:worker_threads');

// The grader's own TypeScript, compiled on require.
require('./ts-hook');

const { GRADED } = require('../laws');
const { settingsFromEnv } = require('../run');
const { gradeFunction } = require('../engine');
const { DEFAULT_LIMITS, openSubmission } = require('../sandbox/submission');

const hangMs = Number(process.env.KATA_HANG_MS) || DEFAULT_LIMITS.hangMs;
parentPort?.postMessage({ type: 'ready' });

/**
 * Grades the folder once, through the engine: the student's code runs in its
 * own sandboxed process, which the engine times and kills, so this thread
 * always answers.
 * @param {{ seq: number, dir: string, columns: number }} job
 */
function grade(job) {
  const settings = settingsFromEnv();
  const submission = openSubmission(job.dir, 'auto', { ...DEFAULT_LIMITS, hangMs });
  try {
    /** @type {import('../verdict').LawResult[]} */
    const results = [];
    for (const { fn } of GRADED) results.push(...gradeFunction(submission, fn, settings, { columns: job.columns }));
    return { results, printed: submission.printed(), layers: submission.layers };
  } finally {
    submission.close();
  }
}

parentPort?.on('message', (job) => {
  try {
    parentPort?.postMessage({ type: 'graded', seq: job.seq, ...grade(job) });
  } catch (e) {
    parentPort?.postMessage({ type: 'failed', seq: job.seq, message: e instanceof Error ? e.message : String(e) });
  }
});
