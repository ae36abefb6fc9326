// @ts-check
// The one TypeScript loader for the grader's own code outside jest (which has
// ts-jest): `require('./ts-hook')`, or `node -r ./properties/cli/ts-hook.js
// file.ts`, compiles each .ts file on require with the compiler's
// transpileModule (types are checked by tsc in npm test, not here).
// npm run kata's grading thread and npm run bench use it.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const OPTIONS = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  resolveJsonModule: true,
};

// The one synchronous hook CommonJS has for a file type of its own.
require.extensions['.ts'] = (/** @type {NodeJS.Module} */ module, /** @type {string} */ filename) => {
  const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    compilerOptions: OPTIONS,
    fileName: filename,
    reportDiagnostics: true,
  });
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
