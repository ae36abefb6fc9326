// @ts-check
// Grading one folder: a jest process (properties/grade.ts) runs the engine,
// which keeps the student's code in a sandboxed process of its own and times
// every call, so this driver only starts it, bounds it with a deadline, and
// reads the verdicts it writes. Nothing the student wrote runs here or in the
// jest process.

'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { typeCheck, errorsCosting, withCount } = require('../sandbox/typecheck');
const { chargedFunctions } = require('../sandbox/type-errors');
const { settingOf } = require('./settings');

const { ROOT } = require('../layout');
const JEST = require.resolve('jest/bin/jest', { paths: [ROOT] });

/** The most one folder's grading may take in all, a cold compile of the grader (ts-compile.js) included. */
const FOLDER_MS = 120_000;
/** The jest process's own output kept (its last 64 KB). */
const OUTPUT_KEEP = 64 * 1024;

/**
 * @typedef {import('../run').Status} Status
 * @typedef {Omit<import('../verdict').LawResult, 'type' | 'fn'> & { fn: string, file?: string }} LawResult
 *   A verdict as the grading process writes it (verdict.ts), with its file.
 * @typedef {{ laws: LawResult[], planned: number, seconds: number, childOutput: string, seed: number, runs: number,
 *   layers: string[], printed: string, typeErrors?: Record<string, string[]> }} FolderRun
 *   typeErrors: the compile errors shown but not counted (KATA_TYPE_ERRORS=report), by file.
 * @typedef {{ filter?: string, sandbox?: string, seed?: number, deadlineMs?: number }} FolderOptions
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

/** The most of a results file read: verdicts are short (their values are cut), so more is an attack. */
const RESULTS_MAX = 64 * 1024 * 1024;

/**
 * The lines of the results file, line by line, never more than RESULTS_MAX
 * bytes; a line that is not JSON is left out.
 * @param {string} file @returns {any[]}
 */
function readResults(file) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = Math.min(fs.fstatSync(fd).size, RESULTS_MAX);
    const buffer = Buffer.alloc(size);
    const got = fs.readSync(fd, buffer, 0, size, 0);
    return jsonLines(buffer.toString('utf8', 0, got));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Runs the jest process on dir; resolves when it exits or is killed at the deadline.
 * @param {string} dir @param {FolderOptions} o @param {string} resultsFile
 * @returns {Promise<{ output: string, killed: boolean }>}
 */
function runChild(dir, o, resultsFile) {
  /** @type {Record<string, string | undefined>} */
  const env = {
    ...process.env,
    KATA_DIR: dir,
    KATA_RESULTS: resultsFile,
    KATA_FILTER: o.filter || '',
    KATA_SANDBOX: o.sandbox || 'auto',
    FORCE_COLOR: '0',
  };
  if (o.seed !== undefined) env.KATA_SEED = String(o.seed);
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
  const keep = (/** @type {Buffer} */ d) => (output = (output + d).slice(-OUTPUT_KEEP));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const kill = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  return new Promise((resolve) => {
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      kill();
    }, o.deadlineMs ?? FOLDER_MS);
    child.on('error', () => undefined);
    child.on('close', () => {
      clearTimeout(timer);
      // Whatever it left behind in its group goes too.
      kill();
      resolve({ output, killed });
    });
  });
}

/**
 * Grades one folder. Never throws for anything the folder holds: hangs,
 * crashes and load errors all end up as law results.
 * @param {string} dir absolute path of the folder
 * @param {FolderOptions} [o]
 * @returns {Promise<FolderRun>}
 */
async function gradeFolder(dir, o = {}) {
  const started = Date.now();
  // Type-checked beside the grading; a type error costs the function it sits in, or its file.
  const typing = typeCheck(dir, /** @type {import('../sandbox/layers').SandboxMode} */ (o.sandbox || 'auto'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-grade-'));
  const resultsFile = path.join(work, 'results.jsonl');
  /** @type {Map<string, LawResult>} */
  const results = new Map();
  /** @type {Map<string, { fn: string, file: string, law: string, group: LawResult['group'], lawCode: string }>} */
  const plan = new Map();
  let settings = { seed: 0, runs: 0, layers: /** @type {string[]} */ ([]) };
  let printed = '';
  const key = (/** @type {{fn: string, law: string}} */ r) => `${r.fn}\u0000${r.law}`;
  /** @type {string} */
  let childOutput;
  try {
    const { output, killed } = await runChild(dir, o, resultsFile);
    childOutput = output;
    const lines = readResults(resultsFile);
    for (const l of lines) {
      if (l.type === 'plan')
        plan.set(key(l), { fn: l.fn, file: l.file, law: l.law, group: l.group, lawCode: l.lawCode });
      if (l.type === 'result') results.set(key(l), l);
      if (l.type === 'settings') settings = { seed: l.seed, runs: l.runs, layers: l.layers || [] };
      if (l.type === 'printed') printed = String(l.text || '');
    }
    const why = killed ? 'not graded: the folder ran out of time' : 'not graded: the grading process ended early';
    for (const p of plan.values()) {
      if (!results.has(key(p)))
        results.set(key(p), { ...p, status: killed ? 'timeout' : 'error', message: why, why: '' });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const errors = await typing;
  const policy = settingOf('KATA_TYPE_ERRORS');
  for (const [k, p] of plan) {
    const found = errors[p.file];
    // The loader's own reason (missing, importing from outside, a syntax error) says more.
    if (!found || results.get(k)?.status === 'error') continue;
    const messages = errorsCosting(found, p.file, p.fn, policy);
    if (!messages) continue; // its errors are in other functions
    // The first error on the first line (a gradebook's note, with how many more), then every error shown with its
    // place in the file.
    const [first, ...frame] = messages[0].split('\n');
    const where = chargedFunctions(found, policy) ? `${p.fn} does not compile` : `${p.file} does not compile`;
    results.set(k, {
      fn: p.fn,
      law: p.law,
      lawCode: p.lawCode,
      group: p.group,
      status: 'error',
      message: [`${where}: ${first}`, ...frame, ...messages.slice(1)].join('\n'),
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
    layers: settings.layers,
    printed,
    seconds: (Date.now() - started) / 1000,
    childOutput,
    typeErrors:
      policy === 'report'
        ? Object.fromEntries(Object.entries(errors).map(([file, e]) => [file, withCount(e.messages, e.count, file)]))
        : {},
  };
}

module.exports = { gradeFolder };
