// @ts-check
// The one compile of the grader's own TypeScript outside the self-tests'
// ts-jest: ts-hook.js requires through it (npm run kata's grading thread, the
// bench), and npm run grade's jest process (grade.config.json) transforms
// with it, being a jest transformer. Types are checked by tsc, not here.
//
// The compiler is loaded only when a file must be compiled: jest asks
// getCacheKey first and, with its cache warm, never calls process, which
// keeps TypeScript's load (about 0.3 s) off every warm grade.

'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** @type {typeof import('typescript') | undefined} */
let compiler;
const typescript = () => (compiler ??= require('typescript'));
/** What a compiled file depends on besides its text: the compiler's version and this file (its options). */
const KEY = `${require('typescript/package.json').version}\u0000${fs.readFileSync(__filename, 'utf8')}`;

/**
 * A TypeScript file compiled to CommonJS; its first error is thrown with its place.
 * @param {string} source @param {string} filename @param {{ inlineSourceMap?: boolean }} [o]
 */
function compile(source, filename, o = {}) {
  const ts = typescript();
  const out = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      resolveJsonModule: true,
      inlineSourceMap: Boolean(o.inlineSourceMap),
    },
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
  return out.outputText;
}

module.exports = {
  compile,
  // jest's transformer API. The source map is inline, so that a stack names the TypeScript line.
  /** @param {string} source @param {string} filename @param {{ configString: string }} options */
  getCacheKey: (source, filename, options) =>
    crypto
      .createHash('sha256')
      .update(`${KEY}\u0000${options.configString}\u0000${filename}\u0000${source}`)
      .digest('hex'),
  /** @param {string} source @param {string} filename */
  process: (source, filename) => ({ code: compile(source, filename, { inlineSourceMap: true }) }),
};
