// @ts-check
// The grading thread of `npm run kata`, a host of the engine. It stays alive
// between saves, so a re-grade costs only the grading (the laws are compiled
// and warm). The grader's own TypeScript is compiled here, on require, with
// the compiler's transpileModule; the student's is staged by the engine.

'use strict';

const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

/** @type {Map<string, { outputText: string, diagnostics?: readonly import('typescript').Diagnostic[] }>} */
const compiled = new Map();
const OPTIONS = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  resolveJsonModule: true,
};

require.extensions['.ts'] = (/** @type {NodeJS.Module} */ module, /** @type {string} */ filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  let out = compiled.get(source);
  if (!out) {
    out = ts.transpileModule(source, { compilerOptions: OPTIONS, fileName: filename, reportDiagnostics: true });
    compiled.set(source, out);
  }
  const first = (out.diagnostics || [])[0];
  if (first) {
    const { line, character } = first.file
      ? first.file.getLineAndCharacterOfPosition(first.start || 0)
      : { line: 0, character: 0 };
    const text = ts.flattenDiagnosticMessageText(first.messageText, '\n');
    throw new Error(`${path.basename(filename)}:${line + 1}:${character + 1} - error TS${first.code}: ${text}`);
  }
  /** @type {any} */ (module)._compile(out.outputText, filename);
};

const { GRADED } = require('../laws');
const { settingsFromEnv } = require('../run');
const { DEFAULT_LIMITS, gradeFunction, openSubmission } = require('../engine');

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
