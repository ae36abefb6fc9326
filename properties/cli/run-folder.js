// @ts-check
// Grading one folder in jest child processes, with a hard kill for code that
// never returns. The child (properties/grade.ts) writes its plan and verdicts
// to a results file and the case it is trying to a progress file; when the
// progress stalls, the child is killed, the function it was in is marked
// "timeout", and a fresh child grades what is left.

'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { typeErrors } = require('./typecheck');

const ROOT = path.resolve(__dirname, '../..');
const JEST = require.resolve('jest/bin/jest', { paths: [ROOT] });

/** How long a single case may run before its function is declared hung. */
const HANG_MS = Number(process.env.KATA_HANG_MS || 3000);
/** How long one function may take over all its laws. */
const FUNCTION_MS = 20000;
/** How long a child may take to start (a cold ts-jest compile included) before its first case. */
const STARTUP_MS = 30000;
/** The most one folder's grading may take in all. */
const FOLDER_MS = 50000;

/**
 * @typedef {'passed' | 'failed' | 'not-implemented' | 'timeout' | 'error'} Status
 * @typedef {{ fn: string, file?: string, law: string, group: string, status: Status, message: string, why?: string,
 *   input?: string, expected?: string, yours?: string, matrices?: string, diagnosis?: string, replay?: string }} LawResult
 * @typedef {{ laws: LawResult[], planned: number, seconds: number, childOutput: string, seed: number, runs: number }} FolderRun
 */

/** @param {string} text @returns {any[]} */
function jsonLines(text) {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return undefined;
      }
    })
    .filter(Boolean);
}

/** @param {string} file */
function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Runs one child over the functions not in `skip`; resolves when it exits or
 * is killed, saying which function (or file) it was stuck in, if any.
 * @param {string} dir @param {string[]} skip @param {string | undefined} filter @param {string} work @param {number} deadline
 * @returns {Promise<{ stuck?: { fn?: string, loading?: string, law?: string, input?: Record<string, unknown>, why: string }, output: string }>}
 */
function runChild(dir, skip, filter, work, deadline) {
  const progressFile = path.join(work, 'progress.json');
  fs.rmSync(progressFile, { force: true });
  const env = {
    ...process.env,
    KATA_DIR: dir,
    KATA_RESULTS: path.join(work, 'results.jsonl'),
    KATA_PROGRESS: progressFile,
    KATA_SKIP: skip.join(','),
    KATA_FILTER: filter || '',
    FORCE_COLOR: '0',
  };
  const args = [
    JEST,
    '--config',
    path.join(ROOT, 'properties/grade.config.json'),
    '--runInBand',
    '--forceExit',
    '--ci',
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));

  return new Promise((resolve) => {
    let lastN = -1;
    let lastChange = Date.now();
    let fnStart = Date.now();
    let current = /** @type {any} */ (undefined);
    /** @type {any} */
    let stuck;
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setInterval(() => {
      const now = Date.now();
      const p = readJson(progressFile);
      if (p && p.n !== lastN) {
        if (!current || p.fn !== current.fn || p.loading !== current.loading) fnStart = now;
        lastN = p.n;
        lastChange = now;
        current = p;
      }
      const budget = current ? HANG_MS : STARTUP_MS;
      let why;
      if (now - lastChange > budget)
        why = current
          ? `did not return within ${HANG_MS / 1000} s`
          : `the grader did not start within ${STARTUP_MS / 1000} s`;
      else if (current && current.fn && now - fnStart > FUNCTION_MS)
        why = `took more than ${FUNCTION_MS / 1000} s over its laws`;
      else if (now > deadline) why = `grading ran out of time`;
      if (why && !stuck) {
        stuck = { ...(current || {}), why };
        kill();
      }
    }, 50);
    child.on('exit', () => {
      clearInterval(timer);
      const p = readJson(progressFile);
      if (!stuck && p && p.n !== lastN) current = p;
      resolve({ stuck: stuck || (current ? { ...current, why: '' } : undefined), output });
    });
  });
}

/**
 * Grades one folder. Never throws for anything the folder holds: hangs,
 * crashes and load errors all end up as law results.
 * @param {string} dir absolute path of the folder
 * @param {string} [filter] a regular expression: grade only the laws whose full name it matches
 * @returns {Promise<FolderRun>}
 */
async function gradeFolder(dir, filter) {
  const started = Date.now();
  // Type-checked beside the grading; a file that does not compile scores zero.
  const typing = typeErrors(dir);
  const deadline = started + FOLDER_MS;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-grade-'));
  const resultsFile = path.join(work, 'results.jsonl');
  /** @type {Map<string, LawResult>} */
  const results = new Map();
  /** @type {Map<string, { fn: string, file: string, law: string, group: string }>} */
  const plan = new Map();
  /** @type {string[]} */
  const skip = [];
  let childOutput = '';
  let settings = { seed: 0, runs: 0 };
  const key = (/** @type {{fn: string, law: string}} */ r) => `${r.fn}\u0000${r.law}`;

  try {
    for (;;) {
      fs.rmSync(resultsFile, { force: true });
      const { stuck, output } = await runChild(dir, skip, filter, work, deadline);
      childOutput = output;
      const lines = fs.existsSync(resultsFile) ? jsonLines(fs.readFileSync(resultsFile, 'utf8')) : [];
      for (const l of lines) {
        if (l.type === 'plan') plan.set(key(l), { fn: l.fn, file: l.file, law: l.law, group: l.group });
        if (l.type === 'result') results.set(key(l), l);
        if (l.type === 'settings') settings = { seed: l.seed, runs: l.runs };
      }
      const unfinished = [
        ...new Set([...plan.values()].filter((p) => !results.has(key(p)) && !skip.includes(p.fn)).map((p) => p.fn)),
      ];
      if (unfinished.length === 0) break;
      // The child stopped early: blame the function (or file) it was in.
      const inFile = (/** @type {string} */ file) => [
        ...new Set([...plan.values()].filter((p) => p.file === file).map((p) => p.fn)),
      ];
      const culprits = stuck && stuck.fn ? [stuck.fn] : stuck && stuck.loading ? inFile(stuck.loading) : unfinished;
      const where =
        stuck && stuck.law ? ` (law: ${stuck.law}${stuck.input ? `; input: ${showInput(stuck.input)}` : ''})` : '';
      const timedOut = Boolean(stuck && stuck.why);
      const exitCall = output.match(/process\.exit called with "?([^"\s]*)"?/);
      const ended = exitCall
        ? `ended the grading process by calling process.exit(${exitCall[1]})`
        : `ended the grading process (${lastLines(output)})`;
      const message =
        stuck && stuck.loading && !stuck.fn
          ? `${stuck.loading} ${timedOut ? `did not finish loading within ${HANG_MS / 1000} s` : ended.replace('ended', 'while loading, ended')}`
          : `${culprits.join(', ')} ${timedOut ? stuck && stuck.why : ended}${where}`;
      for (const fn of culprits) {
        skip.push(fn);
        for (const p of plan.values()) {
          if (p.fn === fn && !results.has(key(p))) {
            results.set(key(p), {
              fn: p.fn,
              law: p.law,
              group: p.group,
              status: timedOut ? 'timeout' : 'error',
              message,
              why: '',
            });
          }
        }
      }
      if (Date.now() > deadline) {
        for (const p of plan.values()) {
          if (!results.has(key(p)))
            results.set(key(p), {
              fn: p.fn,
              law: p.law,
              group: p.group,
              status: 'timeout',
              message: 'not graded: the folder ran out of time',
              why: '',
            });
        }
        break;
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const errors = await typing;
  for (const [k, p] of plan) {
    const messages = errors[p.file];
    // The loader's own reason (missing, importing from outside, a syntax error) says more.
    if (!messages || results.get(k)?.status === 'error') continue;
    const more = messages.length > 1 ? ` (and ${messages.length - 1} more)` : '';
    results.set(k, {
      fn: p.fn,
      law: p.law,
      group: p.group,
      status: 'error',
      message: `${p.file} does not compile: ${messages[0]}${more}`,
      why: '',
    });
  }
  const order = [...plan.keys()];
  return {
    laws: order.map((k) => ({
      file: /** @type {any} */ (plan.get(k)).file,
      .../** @type {LawResult} */ (results.get(k)),
    })),
    planned: plan.size,
    seed: settings.seed,
    runs: settings.runs,
    seconds: (Date.now() - started) / 1000,
    childOutput,
  };
}

/** A case as the student reads it: 'x = [1, 2], beta = 2'. @param {Record<string, unknown>} input */
function showInput(input) {
  return Object.entries(input)
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? `(${v})` : JSON.stringify(v).replace(/,/g, ', ')}`)
    .join(', ');
}

/** The last few meaningful lines a child printed, for a crash message. @param {string} output */
function lastLines(output) {
  return output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-3)
    .join(' | ')
    .slice(0, 400);
}

module.exports = { gradeFolder, ROOT };
