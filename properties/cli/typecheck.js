// @ts-check
// Type-checking a kata folder: a file with a type error does not compile, so
// it is reported with the compiler's messages (file and line) and scores zero,
// while the other file is still graded. tsc runs in its own process beside the
// grading, and its verdict is cached by the files' contents, so grading the
// same code again costs nothing.

'use strict';

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ROOT } = require('../layout');
const TSC = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
const TS_VERSION = require(require.resolve('typescript/package.json', { paths: [ROOT] })).version;
/**
 * Each kata file stands alone, checked with the repository's compiler
 * settings (tsconfig.json): its strictness, target, libraries and module
 * system, with Node's types. Not its lint-like checks (noUnusedLocals and
 * the like): an unused variable must not make a correct answer score zero.
 */
const COMPILER = require('../../tsconfig.json').compilerOptions;
const OPTIONS = [
  '--ignoreConfig',
  '--noEmit',
  '--pretty',
  'false',
  ...(COMPILER.strict ? ['--strict'] : []),
  ...(COMPILER.skipLibCheck ? ['--skipLibCheck'] : []),
  ...(COMPILER.esModuleInterop ? ['--esModuleInterop'] : []),
  '--target',
  COMPILER.target,
  '--lib',
  COMPILER.lib.join(','),
  '--module',
  COMPILER.module,
  '--types',
  'node',
];
const CACHE = path.join(os.tmpdir(), 'backprop-kata-typecheck');
/** A kata file type-checks in about a second; one that takes far longer was written to. */
const TSC_SECONDS = 60;
const TSC_HEAP_MB = 1024;
const { MAX_FILE_BYTES } = require('../layout');
const FILES = Object.keys(require('../layout').FILES);
const { codeFrame } = require('./code-frame');

/**
 * The compiler's messages for each kata file in dir that has type errors,
 * as 'linear.ts:12:5 - error TS2322: …' and the line with a caret under the
 * place; files that compile are absent.
 * @param {string} dir @param {number} [tries] @returns {Promise<Record<string, string[]>>}
 */
function typeErrors(dir, tries = 3) {
  // Only regular files; a link is never followed (the stage refuses it anyway).
  // Only regular files that can be read; what cannot be read, the stage reports.
  /** @type {Buffer[]} */
  const sources = [];
  const present = FILES.filter((f) => {
    try {
      const st = fs.lstatSync(path.join(dir, f));
      if (!st.isFile() || st.size > MAX_FILE_BYTES) return false;
      sources.push(fs.readFileSync(path.join(dir, f)));
      return true;
    } catch {
      return false;
    }
  });
  if (present.length === 0) return Promise.resolve({});
  const key = crypto
    .createHash('sha256')
    .update(TS_VERSION)
    .update(OPTIONS.join(' '))
    .update('frames, per file, checked unchanged');
  present.forEach((f, k) => key.update(f).update(sources[k]));
  const cached = path.join(CACHE, `${key.digest('hex')}.json`);
  if (fs.existsSync(cached)) return Promise.resolve(JSON.parse(fs.readFileSync(cached, 'utf8')));
  // tsc names files line by line: a folder whose name has a line break is checked from a private copy
  // (where a type-only import from outside the folder no longer resolves; elsewhere it does).
  const copy = /[\n\r]/.test(dir) ? fs.mkdtempSync(path.join(os.tmpdir(), 'kata-typecheck-')) : dir;
  if (copy !== dir) present.forEach((f, k) => fs.writeFileSync(path.join(copy, f), sources[k]));
  // One compiler run per file, side by side: tsc reports no type errors at all while any file it reads
  // has a syntax error, so checking them together would let one file's typo hide the other's types.
  const one = (/** @type {string} */ file) =>
    new Promise((resolve) => {
      // A bounded compiler: types can be written to make tsc run for minutes and take gigabytes.
      const child = spawn(
        process.execPath,
        [`--max-old-space-size=${TSC_HEAP_MB}`, TSC, ...OPTIONS, path.join(copy, file)],
        {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const timer = setTimeout(() => child.kill('SIGKILL'), TSC_SECONDS * 1000);
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        /** @type {string[]} */
        const errors = [];
        if (signal === 'SIGKILL' || code === 134) {
          // Out of time or memory: a type check that does not end scores the file zero, as a type error would.
          return resolve([
            `${file}:1:1 - error: the type check did not finish within ${TSC_SECONDS} s and ${TSC_HEAP_MB} MB`,
          ]);
        }
        let understood = code === 0 || code === 2;
        for (const line of out.split('\n').filter(Boolean)) {
          // path/to/linear.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.
          const m = line.match(/^(.*?)\((\d+),(\d+)\): error (TS\d+): (.*)$/);
          const other = m && FILES.includes(path.basename(m[1])) && path.dirname(path.resolve(ROOT, m[1])) === copy;
          if (m && other && path.basename(m[1]) === file) {
            const source = sources[present.indexOf(file)].toString('utf8');
            errors.push(
              `${file}:${m[2]}:${m[3]} - error ${m[4]}: ${m[5]}\n${codeFrame(source, Number(m[2]), Number(m[3]))}`,
            );
          } else if (!other && /error TS\d+/.test(line)) understood = false;
        }
        // A compiler that failed for its own reasons says nothing about the student's file.
        resolve(understood ? errors : undefined);
      });
    });
  return Promise.all(present.map(one)).then((found) => {
    if (copy !== dir) fs.rmSync(copy, { recursive: true, force: true });
    // tsc read the files themselves: if one was saved again meanwhile, its messages belong to neither
    // version, and must be neither shown against the old text nor cached under it. Check the new one.
    const unchanged = present.every((f, k) => {
      try {
        return fs.readFileSync(path.join(dir, f)).equals(sources[k]);
      } catch {
        return false;
      }
    });
    if (!unchanged && copy === dir && tries > 1) return typeErrors(dir, tries - 1);
    /** @type {Record<string, string[]>} */
    const errors = {};
    present.forEach((file, k) => {
      const e = /** @type {string[] | undefined} */ (found[k]);
      if (e && e.length > 0) errors[file] = e;
    });
    if (!unchanged || found.some((e) => e === undefined)) return errors;
    fs.mkdirSync(CACHE, { recursive: true });
    fs.writeFileSync(cached, JSON.stringify(errors));
    return errors;
  });
}

module.exports = { typeErrors };
