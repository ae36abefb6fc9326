// @ts-check
// Type-checking a submission, behind the boundary: a file with a type error
// does not compile, so it is reported with the compiler's messages (file,
// line and a caret). The errors cost the functions they sit in, or the whole
// file when one sits outside every graded function (in a helper, say, or
// at the top level); the other files are still graded.
//
// The source text is hostile data. The compiler runs in a sandboxed process
// of its own (typecheck-host.js, launched as the student process is, with
// TypeScript and Node's declaration files readable and nothing else), on the
// text read here the one way the stage reads it; only the kata files and the
// libraries' declarations resolve, and pragmas that switch the check off are
// not honoured. What comes back is bounded: at most MAX_MESSAGES messages a
// file, each cut to a line, and code frames built here from a cut line. A
// check that fails, runs out of time or memory, or answers what cannot be
// read scores the file zero: a type check passes only when it says so.
//
// The verdict is cached by everything the check read (the compiler's
// version, its settings and every kata file's text), so grading the same
// code again costs nothing.

'use strict';

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { FILES, FUNCTIONS, ROOT } = require('../layout');
const { codeFrame, plainLine } = require('../escape');
const { launch } = require('./layers');
const { errorsCosting, withCount } = require('./type-errors');
const { readSubmitted } = require('./submitted');
const { ALL_EXERCISES } = require('../exercises/select');

const TYPESCRIPT = require.resolve('typescript', { paths: [ROOT] });
const TS_VERSION = require(require.resolve('typescript/package.json', { paths: [ROOT] })).version;
/**
 * What the checker may read besides the submission: TypeScript's libraries and Node's declarations, by their
 * real paths (node_modules may be a link), which is where the sandbox binds them.
 */
const NODE_TYPES = path.dirname(require.resolve('@types/node/package.json', { paths: [ROOT] }));
const TYPE_ROOTS = path.dirname(NODE_TYPES);
const LIBRARIES = [
  path.dirname(TYPESCRIPT),
  NODE_TYPES,
  path.dirname(require.resolve('undici-types/package.json', { paths: [NODE_TYPES] })),
];
/**
 * Each kata file stands alone, checked with the repository's compiler
 * settings (tsconfig.json): its strictness, target, libraries and module
 * system, with Node's types. Not its lint-like checks (noUnusedLocals and
 * the like): an unused variable must not make a correct answer score zero.
 */
const COMPILER = require('../../tsconfig.json').compilerOptions;
const OPTIONS = {
  strict: Boolean(COMPILER.strict),
  skipLibCheck: Boolean(COMPILER.skipLibCheck),
  esModuleInterop: Boolean(COMPILER.esModuleInterop),
  target: COMPILER.target,
  lib: COMPILER.lib,
  module: COMPILER.module,
};
const CACHE = path.join(ROOT, 'node_modules/.cache/backprop-kata-typecheck');
/** A kata file type-checks in about a second; one that takes far longer was written to. */
const CHECK_SECONDS = 60;
const CHECK_HEAP_MB = 1024;
/** The most messages a file's report holds (the first ones; the count of the rest is said). */
const MAX_MESSAGES = 20;
/** The most characters of one message. */
const MAX_TEXT = 300;
/** The most the checker may answer, in bytes. */
const MAX_ANSWER = 256 * 1024;
const HOST = path.join(__dirname, 'typecheck-host.js');
/** What the checker's stage holds: the host and the one module it requires. */
const HOST_FILES = [HOST, path.join(__dirname, 'function-at.js')];
/** Each graded kata file's functions, by file. */
/** @type {Record<string, Set<string>>} */
const FUNCTIONS_OF = Object.fromEntries(
  Object.keys(FILES).map((file) => [file, new Set(Object.keys(FUNCTIONS).filter((fn) => FUNCTIONS[fn].file === file))]),
);

/**
 * @typedef {{ line: number, column: number, code: number, text: string, elsewhere?: string, in?: string }} Message
 * @typedef {{ count: number, messages: Message[], functions: Record<string, number> | null } | { failed: string }}
 *   Checked
 * @typedef {import('./type-errors').FileErrors} FileErrors
 */

/**
 * Runs one checker on kata files `roots` of `sources`, in the sandbox: a verdict for each root it answered
 * for, and for the others (the checker died, ran out of time, or said what cannot be read) why not.
 * @param {string[]} roots @param {Record<string, string>} sources @param {import('./layers').SandboxMode} mode
 * @returns {Promise<{ answered: Record<string, Checked>, failed?: string }>}
 */
function run(roots, sources, mode) {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-typecheck-'));
  for (const file of HOST_FILES) fs.copyFileSync(file, path.join(stage, path.basename(file)));
  /** @type {import('./layers').Launch} */
  let l;
  try {
    l = launch(stage, mode, { entry: 'typecheck-host.js', readable: LIBRARIES, heapMb: CHECK_HEAP_MB });
  } catch (e) {
    fs.rmSync(stage, { recursive: true, force: true });
    return Promise.resolve({ answered: {}, failed: e instanceof Error ? e.message : String(e) });
  }
  if (l.uid !== undefined) {
    fs.chmodSync(stage, 0o755);
    for (const file of HOST_FILES) fs.chmodSync(path.join(stage, path.basename(file)), 0o644);
  }
  const request = {
    typescript: TYPESCRIPT,
    roots,
    files: sources,
    libraries: LIBRARIES,
    typeRoots: [TYPE_ROOTS],
    options: OPTIONS,
    maxMessages: MAX_MESSAGES,
    maxText: MAX_TEXT,
  };
  return new Promise((resolve) => {
    const child = spawn(l.command, l.args, {
      env: l.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      uid: l.uid,
      gid: l.gid,
    });
    /** @type {Record<string, Checked>} */
    const answered = {};
    let out = '';
    let err = '';
    let done = false;
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const finish = (/** @type {string | undefined} */ failed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      kill();
      fs.rmSync(stage, { recursive: true, force: true });
      resolve({ answered, failed });
    };
    const timer = setTimeout(
      () => finish(`the type check did not finish within ${CHECK_SECONDS} s`),
      CHECK_SECONDS * 1000,
    );
    child.on('error', (e) => finish(`the type checker did not start (${e.message})`));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.length > MAX_ANSWER) return finish('the type checker answered more than it may');
      // Each answer line as it comes: data, believed only as far as its shape.
      for (let k = out.indexOf('\n'); k >= 0; k = out.indexOf('\n')) {
        const line = out.slice(0, k);
        out = out.slice(k + 1);
        /** @type {any} */
        let a;
        try {
          a = JSON.parse(line);
        } catch {
          return finish('the type checker answered what cannot be read');
        }
        if (a && typeof a.failed === 'string') return finish(plainLine(a.failed, MAX_TEXT));
        if (a && roots.includes(a.root) && Number.isSafeInteger(a.count) && Array.isArray(a.messages))
          answered[a.root] = {
            count: a.count,
            messages: a.messages.slice(0, MAX_MESSAGES).map((/** @type {unknown} */ m) => message(m, a.root)),
            // Believed only as names of the file's own graded functions.
            functions: believedFunctions(a.functions, a.root),
          };
        else return finish('the type checker answered what cannot be read');
      }
    });
    child.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
    child.on('close', (code, signal) => {
      const memory = /heap out of memory|Allocation failed|bad_alloc/.test(err);
      finish(
        memory
          ? `the type check ran out of memory (${CHECK_HEAP_MB} MB)`
          : `the type checker ended without a verdict (${signal ?? `exit ${code}`})`,
      );
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(request));
  });
}

/**
 * Checks kata files `roots`: all in one checker (TypeScript and the declaration files are loaded once), and
 * any it did not answer for again, each in a checker of its own, so that a file that breaks the checker is
 * blamed alone.
 * @param {string[]} roots @param {Record<string, string>} sources @param {import('./layers').SandboxMode} mode
 * @returns {Promise<Record<string, Checked>>}
 */
async function check(roots, sources, mode) {
  const { answered, failed } = await run(roots, sources, mode);
  const left = roots.filter((f) => !answered[f]);
  if (left.length === 0) return answered;
  if (roots.length === 1) return { [roots[0]]: { failed: failed ?? 'the type checker gave no verdict' } };
  const again = await Promise.all(left.map((f) => check([f], sources, mode)));
  return Object.assign(answered, ...again);
}

/**
 * The functions a file's errors sit in, from the checker, believed only as the file's own graded functions,
 * each with a whole count of at least one; anything else charges the whole file (null).
 * @param {unknown} f @param {string} file @returns {Record<string, number> | null}
 */
function believedFunctions(f, file) {
  if (typeof f !== 'object' || f === null || Array.isArray(f)) return null;
  const entries = Object.entries(f);
  const believed =
    entries.length > 0 &&
    entries.every(([name, n]) => FUNCTIONS_OF[file].has(name) && Number.isSafeInteger(n) && Number(n) > 0);
  return believed ? Object.fromEntries(entries.map(([name, n]) => [name, Number(n)])) : null;
}

/**
 * A message from the checker, believed only as data (the function it sits in, only as a graded one of file).
 * @param {any} m @param {string} file @returns {Message}
 */
function message(m, file) {
  const whole = (/** @type {unknown} */ v) => (Number.isSafeInteger(v) && Number(v) > 0 ? Number(v) : 1);
  return {
    line: whole(m?.line),
    column: whole(m?.column),
    code: whole(m?.code),
    text: plainLine(typeof m?.text === 'string' ? m.text : '', MAX_TEXT),
    ...(typeof m?.elsewhere === 'string' ? { elsewhere: plainLine(m.elsewhere, 100) } : {}),
    ...(typeof m?.in === 'string' && FUNCTIONS_OF[file].has(m.in) ? { in: m.in } : {}),
  };
}

/**
 * The report of one file: 'linear.ts:12:5 - error TS2322: …' and the line
 * with a caret under the place, for each message, and how many more there were.
 * @param {string} file @param {string} source @param {Checked} checked @returns {string[]}
 */
function describe(file, source, checked) {
  if ('failed' in checked) return [`${file}:1:1 - error: ${checked.failed}, so the file counts as not compiling`];
  return checked.messages.map((m) =>
    m.elsewhere
      ? `${file}:1:1 - error TS${m.code} (in ${m.elsewhere}, brought in by ${file}): ${m.text}`
      : `${file}:${m.line}:${m.column} - error TS${m.code}: ${m.text}\n${codeFrame(source, m.line, m.column)}`,
  );
}

/**
 * The compiler's messages for each kata file in dir that has type errors;
 * files that compile, and files the stage refuses (missing, a link, too
 * large: it says why), are absent.
 * @param {string} dir @param {import('./layers').SandboxMode} [mode]
 * @returns {Promise<Record<string, string[]>>}
 */
async function typeErrors(dir, mode = 'auto') {
  const found = await typeCheck(dir, mode);
  return Object.fromEntries(Object.entries(found).map(([file, e]) => [file, withCount(e.messages, e.count, file)]));
}

/**
 * What type errors cost in each kata file in dir that has them: their messages, and the functions they sit in
 * (null: the whole file). Files that compile, and files the stage refuses, are absent.
 * @param {string} dir @param {import('./layers').SandboxMode} [mode] @param {number} [tries]
 * @returns {Promise<Record<string, FileErrors>>}
 */
async function typeCheck(dir, mode = 'auto', tries = 3) {
  // Every exercise's file the folder holds, so that a graded file may import another; the graded ones are checked.
  /** @type {Record<string, string>} */
  const sources = {};
  for (const file of ALL_EXERCISES.map((/** @type {{ file: string }} */ e) => e.file)) {
    const text = readSubmitted(dir, file);
    if (typeof text === 'string') sources[file] = text;
  }
  const present = Object.keys(FILES).filter((f) => f in sources);
  if (present.length === 0) return {};
  const key = crypto
    .createHash('sha256')
    .update(`${TS_VERSION}\u0000${JSON.stringify(OPTIONS)}\u0000${MAX_MESSAGES}\u0000`)
    .update(HOST_FILES.map((f) => fs.readFileSync(f, 'utf8')).join('\u0000'))
    .update(JSON.stringify(sources))
    // The files checked, the assignment's: another assignment's result holds no verdict for the others.
    .update(JSON.stringify(present))
    .digest('hex');
  const cached = path.join(CACHE, `${key}.json`);
  try {
    return JSON.parse(fs.readFileSync(cached, 'utf8'));
  } catch {
    // not checked yet
  }
  // Each file checked on its own, its errors its own.
  const verdicts = await check(present, sources, mode);
  const checked = present.map((f) => verdicts[f]);
  /** @type {Record<string, FileErrors>} */
  const errors = {};
  // (What the errors cost is the caller's, by its policy: errorsCosting.)
  present.forEach((file, k) => {
    const c = checked[k];
    if ('failed' in c || c.count > 0)
      errors[file] = {
        messages: describe(file, sources[file], c),
        count: 'failed' in c ? 1 : c.count,
        functions: 'failed' in c ? null : c.functions,
        inside: 'failed' in c ? [] : c.messages.map((m) => m.in ?? null),
      };
  });
  // If a file was saved again meanwhile, the verdict is for text no longer there: check the new text.
  const all = Object.keys(sources);
  const now = all.map((f) => readSubmitted(dir, f));
  if (now.some((t, k) => t !== sources[all[k]]) && tries > 1) return typeCheck(dir, mode, tries - 1);
  // A failure of the checker (a time-out, say) may not recur: it is reported, never cached.
  if (!checked.some((c) => 'failed' in c)) {
    try {
      fs.mkdirSync(CACHE, { recursive: true });
      const temporary = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify(errors));
      fs.renameSync(temporary, cached);
    } catch {
      // A read-only install checks each time.
    }
  }
  return errors;
}

module.exports = { typeErrors, typeCheck, errorsCosting, withCount, MAX_MESSAGES };
