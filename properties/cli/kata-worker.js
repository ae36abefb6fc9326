// @ts-check
// The grading thread of `npm run kata`. It stays alive between saves, so a
// re-grade costs only the grading (the laws are compiled and warm); the main
// thread terminates it if the student's code never returns, and starts another.
// TypeScript is compiled here, on require, with the compiler's transpileModule.

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

// eslint-disable-next-line n/no-deprecated-api -- the one synchronous hook CommonJS has
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
const { runLaw, settingsFromEnv } = require('../run');
const { loadKata } = require('../kata');
const { verdict } = require('../verdict');
const { Progress } = require('../progress');

const progress = new Progress();
parentPort?.postMessage({ type: 'ready', shared: progress.shared });

/** @param {{ seq: number, dir: string, skip: string[], columns: number }} job */
function grade(job) {
  const settings = settingsFromEnv();
  const kataFiles = ['linear.ts', 'softmax.ts'].map((f) => path.join(job.dir, f));
  for (const f of kataFiles) delete require.cache[f];
  const kata = loadKata(job.dir, (file) => {
    progress.write({ loading: path.basename(file) });
    return require(file);
  });
  const results = [];
  for (const { fn, laws } of GRADED) {
    if (job.skip.includes(fn)) continue;
    for (const law of laws)
      results.push(
        verdict(
          law,
          runLaw(law, kata, settings, (c) => progress.trying(law, c)),
          settings,
          job.dir,
          job.columns,
        ),
      );
  }
  return results;
}

parentPort?.on('message', (job) => parentPort?.postMessage({ type: 'graded', seq: job.seq, results: grade(job) }));
