// The type checker's side of the boundary: TypeScript's compiler, run on a
// submission's source text in a sandboxed process of its own, beside the
// student process. It reads one request on standard input and writes one
// JSON line. The compiler sees the kata files, held in memory in a folder
// that exists nowhere, and the libraries' declaration files it was given;
// no other path resolves, so an `import type` or a `/// <reference>` cannot
// bring the instructor's files, or a classmate's, into a message.
//
// Pragmas that would lift the rule "a type error scores zero" are not
// honoured: whatever the parser took for `@ts-nocheck`, `@ts-ignore` or
// `@ts-expect-error` (in any spelling it accepts) is cleared from the parsed
// file before the check, so they are plain comments, and the text is checked
// as it was written.
//
// Request: { typescript: path of typescript.js, roots: the kata files to check, each on its own, files:
//   { name: source }, libraries: folders of declaration files that may be read, typeRoots, options,
//   maxMessages, maxText }
// Answers: a line for each root as it is checked, { root, count, messages: [{ line, column, code, text,
//   elsewhere?, in?: the top-level function it sits in }], functions: how many errors sit in each top-level
//   function, or null when one sits outside any }, or { failed: why } for all that are left. Declaration
//   files are parsed once for all.

// @ts-check
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { functionAt } = require('./function-at');

/** The folder the kata files seem to live in; nothing exists there on disk. */
const HERE = '/kata-submission';

/**
 * A kata file as parsed, with no pragma that switches the check off: the parser keeps what it found in
 * `checkJsDirective` (@ts-nocheck, @ts-check) and `commentDirectives` (@ts-ignore, @ts-expect-error).
 * @param {import('typescript').SourceFile} source
 */
function withoutPragmas(source) {
  const parsed = /** @type {{ checkJsDirective?: unknown, commentDirectives?: unknown }} */ (
    /** @type {unknown} */ (source)
  );
  parsed.checkJsDirective = undefined;
  parsed.commentDirectives = undefined;
  return source;
}

/** @param {object} value */
function answer(value) {
  process.stdout.write(JSON.stringify(value) + '\n');
}

function main() {
  const request = JSON.parse(fs.readFileSync(0, 'utf8'));
  /** @type {typeof import('typescript')} */
  const ts = require(request.typescript);
  /** @type {string[]} */
  const libraries = request.libraries.map((/** @type {string} */ d) => d.replace(/\/+$/, ''));
  const within = (/** @type {string} */ p, /** @type {string} */ dir) => p === dir || p.startsWith(dir + '/');
  const allowed = (/** @type {string} */ p) => libraries.some((d) => within(p, d));
  const files = new Map(Object.entries(request.files).map(([name, text]) => [`${HERE}/${name}`, String(text)]));
  const isFile = (/** @type {string} */ p) => {
    if (files.has(p)) return true;
    if (!allowed(p)) return false;
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  const isDirectory = (/** @type {string} */ p) => {
    const d = p.replace(/\/+$/, '') || '/';
    if (d === HERE) return true;
    // A folder on the way to a library's exists (and cannot be read here); one inside it, if it does.
    if (libraries.some((l) => within(l, d))) return true;
    if (!allowed(d)) return false;
    try {
      return fs.statSync(d).isDirectory();
    } catch {
      return false;
    }
  };
  /** @type {Map<string, import('typescript').SourceFile>} */
  const libraryFiles = new Map();
  /** @type {import('typescript').CompilerHost} */
  const host = {
    fileExists: isFile,
    readFile: (p) => (files.has(p) ? files.get(p) : isFile(p) ? fs.readFileSync(p, 'utf8') : undefined),
    directoryExists: isDirectory,
    getDirectories: (p) => {
      if (!isDirectory(p) || !allowed(p)) return [];
      return fs
        .readdirSync(p, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    },
    realpath: (p) => p,
    getSourceFile(name, languageVersionOrOptions) {
      // JSDoc comments decide no type error in a TypeScript file: they are not parsed (a third of the parse).
      const languageVersion = {
        ...(typeof languageVersionOrOptions === 'object'
          ? languageVersionOrOptions
          : { languageVersion: languageVersionOrOptions }),
        jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors,
      };
      const text = host.readFile(name);
      if (text === undefined) return undefined;
      if (files.has(name)) return withoutPragmas(ts.createSourceFile(name, text, languageVersion, true));
      // Declaration files are parsed once, whichever program reads them.
      const key = `${name}\u0000${JSON.stringify(languageVersion)}`;
      if (!libraryFiles.has(key)) libraryFiles.set(key, ts.createSourceFile(name, text, languageVersion, true));
      return libraryFiles.get(key);
    },
    getDefaultLibFileName: (o) => path.join(path.dirname(request.typescript), ts.getDefaultLibFileName(o)),
    writeFile: () => undefined,
    getCurrentDirectory: () => HERE,
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
  };
  const options = {
    ...ts.convertCompilerOptionsFromJson(request.options, HERE).options,
    noEmit: true,
    typeRoots: request.typeRoots,
    types: ['node'],
  };
  for (const name of request.roots) checkOne(ts, name, options, host, files, request);
}

/**
 * Checks one kata file as the root of a program of its own, and answers its line.
 * @param {typeof import('typescript')} ts @param {string} name @param {import('typescript').CompilerOptions} options
 * @param {import('typescript').CompilerHost} host @param {Map<string, string>} files @param {any} request
 */
function checkOne(ts, name, options, host, files, request) {
  const root = `${HERE}/${name}`;
  const program = ts.createProgram({ rootNames: [root], options, host });
  const configuration = program.getOptionsDiagnostics();
  if (configuration.length > 0) {
    return answer({ failed: ts.flattenDiagnosticMessageText(configuration[0].messageText, ' ') });
  }
  const source = program.getSourceFile(root);
  if (!source) return answer({ failed: `the compiler could not read ${name}` });
  // The root's own errors; errors the compiler places nowhere or in a library (a global it could not find, an
  // augmentation that clashes) are the root's too, said where they are. The other kata file's are its own.
  const kataFile = (/** @type {import('typescript').SourceFile | undefined} */ f) =>
    f !== undefined && files.has(f.fileName);
  const found = [
    ...program.getSyntacticDiagnostics(source),
    ...program.getSemanticDiagnostics(source),
    ...program.getGlobalDiagnostics(),
    ...program.getSemanticDiagnostics().filter((d) => !kataFile(d.file)),
  ].filter(
    (d) =>
      d.category === ts.DiagnosticCategory.Error && (d.file === undefined || d.file === source || !kataFile(d.file)),
  );
  // The function each error sits in: how many sit in each, or null once one sits outside every function.
  const inside = (/** @type {import('typescript').Diagnostic} */ d) =>
    d.file === source && d.start !== undefined ? (functionAt(ts, source, d.start)?.name ?? null) : null;
  /** @type {Map<string, number> | null} */
  let counts = new Map();
  for (const d of found) {
    const f = inside(d);
    if (f === null) {
      counts = null;
      break;
    }
    counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  const functions = counts && Object.fromEntries(counts);
  const messages = found.slice(0, request.maxMessages).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ').slice(0, request.maxText);
    if (d.file === source && d.start !== undefined) {
      const { line, character } = source.getLineAndCharacterOfPosition(d.start);
      const fn = inside(d);
      return { line: line + 1, column: character + 1, code: d.code, text, ...(fn ? { in: fn } : {}) };
    }
    return { line: 1, column: 1, code: d.code, text, elsewhere: d.file ? path.basename(d.file.fileName) : 'no file' };
  });
  answer({ root: name, count: found.length, messages, functions });
}

try {
  main();
} catch (e) {
  answer({ failed: String(e instanceof Error ? e.message : e).slice(0, 300) });
}
