#!/usr/bin/env node
// @ts-check
// `npm run kata`: the learner's loop. It grades the kata folder (KATA_DIR,
// katas/ by default) on every save, shows the step you are on (properties/
// steps.json), the first law it breaks in plain words, and hints on request.
//   h  the next hint for this step     l  the steps and their state     q  quit
// Grading runs in a worker thread that stays warm between saves, through the
// engine: the student's code runs in a sandboxed process of its own.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { typeErrors } = require('./typecheck');
const { steps } = require('./steps-readme');
const { parseArgs } = require('node:util');
const { badSetting, settingsHelp } = require('./settings');

const { FILES, ROOT } = require('../layout');
const DIR = path.resolve(ROOT, process.env.KATA_DIR || 'katas');
const STEPS = steps();
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (/** @type {string} */ code, /** @type {string} */ text) =>
  color ? `\u001b[${code}m${text}\u001b[0m` : text;

/** @typedef {import('../verdict').LawResult} LawResult */
/** @typedef {ReturnType<typeof steps>[number]} Step */

/**
 * @type {{ results: LawResult[], seconds: number, hints: number[], list: boolean, note: string,
 *   typeErrors: Record<string, string[]> }}
 */
const state = { results: [], seconds: 0, hints: STEPS.map(() => 0), list: false, note: '', typeErrors: {} };

/** The laws of a step, with their verdicts. @param {Step} s */
const lawsOf = (s) => state.results.filter((r) => s.functions.includes(r.fn) && r.group === s.group);
/** @param {Step} s */
const stepState = (s) => {
  const laws = lawsOf(s);
  if (laws.length > 0 && laws.every((r) => r.status === 'passed')) return 'done';
  if (laws.length > 0 && laws.every((r) => r.status === 'not-implemented')) return 'todo';
  return 'failing';
};
const currentStep = () => STEPS.findIndex((s) => stepState(s) !== 'done');

/** Where to write: the line of the TODO marker inside the function, or of the function. @param {Step} s */
function whereToWrite(s) {
  const file = path.join(DIR, s.file);
  try {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const start = lines.findIndex((l) =>
      new RegExp(`function\\s+${s.functions[0]}\\b|\\b${s.functions[0]}\\s*=`).test(l),
    );
    const end = lines.findIndex((l, k) => k > start && /^export /.test(l));
    const todo = lines.findIndex((l, k) => k > start && (end < 0 || k < end) && l.includes('TODO:'));
    return `${path.relative(process.cwd(), file)}:${(todo >= 0 ? todo : Math.max(start, 0)) + 1}`;
  } catch {
    return path.relative(process.cwd(), file);
  }
}

/**
 * Prose wrapped to the terminal's width; indented lines (matrices, commands) are left alone.
 * @param {string} text @param {string} indent
 */
function wrap(text, indent = '') {
  const width = Math.max(30, (process.stdout.columns || 80) - 1);
  const out = [];
  for (const para of text.split('\n')) {
    let line = indent;
    for (const word of para.split(' ')) {
      if (line.length + word.length + 1 > width && line.trim().length > 0) {
        out.push(line.trimEnd());
        line = indent + '  ';
      }
      line += (line.trim().length > 0 ? ' ' : '') + word;
    }
    out.push(line.trimEnd());
  }
  return out.join('\n');
}

function render() {
  const out = [];
  const k = currentStep();
  const done = STEPS.filter((s) => stepState(s) === 'done').length;
  const width = Math.min(30, Math.max(9, (process.stdout.columns || 80) - 40));
  const filled = Math.round((done / STEPS.length) * width);
  out.push(
    `${paint('1', 'Backprop kata')}  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${STEPS.length}`,
  );
  if (state.note) out.push('', wrap(paint('32', state.note)));
  if (state.list) {
    out.push('', 'Steps:');
    STEPS.forEach((s, j) => {
      const mark = { done: '✓', todo: '○', failing: '✗' }[stepState(s)];
      out.push(wrap(`${j === k ? '▶' : ' '} ${mark} ${j + 1}. ${s.title}`, '  '));
    });
  }
  if (k < 0) {
    out.push(
      '',
      paint(
        '32',
        `All ${STEPS.length} steps done. Compare your files with solutions/, and run npm run grade for the score.`,
      ),
    );
  } else {
    const s = STEPS[k];
    out.push('', wrap(paint('1', `Step ${k + 1}/${STEPS.length}: ${s.title}`)));
    out.push(
      wrap(s.statement, '  '),
      wrap(`Formula: ${s.formula}`, '  '),
      wrap(`Write it in ${whereToWrite(s)}${s.group === 'stability' ? ' (softmax, and what uses it)' : ''}.`, '  '),
    );
    const failing = lawsOf(s).find((r) => r.status !== 'passed');
    if (failing && failing.status === 'not-implemented') {
      out.push('', wrap(`○ ${failing.fn} is not implemented yet: remove the throw and write it.`));
    } else if (failing) {
      out.push(
        '',
        wrap(paint('31', `✗ ${failing.fn} ${failing.group === 'stability' ? '[stability] ' : ''}${failing.law}`)),
      );
      out.push(wrap(failing.message, '  '));
      if (failing.diagnosis) out.push(wrap(paint('33', `diagnosis: ${failing.diagnosis}`), '  '));
      if (failing.why) out.push(wrap(`why: ${failing.why}`, '  '));
      if (failing.input) out.push(wrap(`input: ${failing.input}`, '  '));
      if (failing.matrices) out.push(...failing.matrices.split('\n').map((l) => `    ${l}`));
      // Not wrapped: it is a command to copy.
      if (failing.replay) out.push(`  replay: ${failing.replay}`);
    }
    // Type errors arrive after the grade (tsc is slower than the laws); npm run grade scores such a file zero.
    for (const [file, messages] of Object.entries(state.typeErrors)) {
      out.push(
        '',
        wrap(
          paint(
            '31',
            `✗ ${file} does not compile, so npm run grade scores it zero: ${messages[0]}${messages.length > 1 ? ` (and ${messages.length - 1} more)` : ''}`,
          ),
        ),
      );
    }
    const shown = state.hints[k];
    if (shown > 0) {
      out.push('', 'Hints:');
      s.hints.slice(0, shown).forEach((h, j) => out.push(wrap(`${j + 1}. ${h}`, '  ')));
    }
  }
  const hintKey =
    k >= 0 ? `h: hint ${Math.min(state.hints[k] + 1, STEPS[k].hints.length)}/${STEPS[k].hints.length}` : 'h: hint';
  out.push('', wrap(`${hintKey}   l: list steps   q: quit   (graded in ${state.seconds.toFixed(2)} s)`));
  process.stdout.write(
    (process.stdout.isTTY ? '\u001b[2J\u001b[H' : '\n' + '-'.repeat(40) + '\n') + out.join('\n') + '\n',
  );
}

// The grading thread: a host of the engine, which keeps the student's code in
// a sandboxed process and times every call, so the thread always answers.
/** @type {Worker | undefined} */
let worker;
let seq = 0;
let grading = false;
let again = false;
/** How long one whole grade may take before the thread itself is deemed broken. */
const GRADE_MS = 120_000;

/** @returns {Promise<string | undefined>} why the thread did not start, if it did not */
function startWorker() {
  return new Promise((resolve) => {
    const w = new Worker(path.join(__dirname, 'kata-worker.js'));
    w.once('message', () => {
      worker = w;
      resolve(undefined);
    });
    w.once('error', (e) => resolve(`the grading thread did not start: ${e.message}`));
  });
}

/**
 * Grades once; never throws. A grader that fails says why in its one result.
 * @returns {Promise<{ results: LawResult[], failure?: string }>}
 */
function gradeOnce() {
  return new Promise((resolve) => {
    const job = { seq: ++seq, dir: DIR, columns: (process.stdout.columns || 80) - 5 };
    const w = /** @type {Worker} */ (worker);
    const done = (/** @type {{ results: LawResult[], failure?: string }} */ r) => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
      resolve(r);
    };
    const timer = setTimeout(() => {
      void w.terminate();
      worker = undefined;
      done({ results: [], failure: `grading took more than ${GRADE_MS / 1000} s` });
    }, GRADE_MS);
    /** @param {any} m */
    const onMessage = (m) => {
      if (m.seq !== job.seq) return;
      done(m.type === 'graded' ? { results: m.results } : { results: [], failure: m.message });
    };
    const onError = (/** @type {Error} */ e) => {
      worker = undefined;
      done({ results: [], failure: `the grading thread failed: ${e.message}` });
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.postMessage(job);
  });
}

async function grade() {
  if (grading) {
    again = true;
    return;
  }
  grading = true;
  const start = Date.now();
  const startFailure = worker ? undefined : await startWorker();
  const { results, failure } = startFailure ? { results: [], failure: startFailure } : await gradeOnce();
  grading = false;
  if (failure) {
    // The grader's own failure: said as it is, and the last verdicts kept.
    state.note = `✗ ${failure}`;
    render();
    return;
  }
  if (again) {
    // A save came in while grading: these results are already stale.
    again = false;
    return grade();
  }
  const before = currentStep();
  state.results = results;
  state.seconds = (Date.now() - start) / 1000;
  const after = currentStep();
  if (before >= 0 && (after > before || after < 0)) {
    const s = STEPS[before];
    state.note = `✓ Step ${before + 1} passes. Compare with solutions/${s.file} (${s.functions.join(', ')}).`;
  } else if (after !== before) {
    state.note = '';
  }
  render();
  const checked = await typeErrors(DIR);
  if (JSON.stringify(checked) !== JSON.stringify(state.typeErrors)) {
    state.typeErrors = checked;
    render();
  }
}

function quit() {
  if (process.stdin.isTTY) process.stdin.setRawMode(false);
  void worker?.terminate();
  process.stdout.write('\n');
  process.exit(0);
}

const USAGE = [
  "npm run kata [-- --help]: the learner's loop. Keep it open beside your editor; it re-grades katas/ (or KATA_DIR) on every save.",
  'Keys: h the next hint for this step, l the steps and their state, q quit.',
  settingsHelp('kata'),
  '  NO_COLOR\n      set to anything: no colours',
].join('\n');

async function main() {
  let help;
  try {
    const bad = badSetting();
    if (bad) throw new Error(bad);
    help = parseArgs({ args: process.argv.slice(2), options: { help: { type: 'boolean', short: 'h' } } }).values.help;
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : e} (npm run kata -- --help lists what is allowed)`);
    process.exit(2);
  }
  if (help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!fs.existsSync(DIR)) {
    console.error(`KATA_DIR must be a folder, got '${process.env.KATA_DIR}' (${DIR} does not exist)`);
    process.exit(2);
  }
  /** @type {NodeJS.Timeout | undefined} */
  let debounce;
  fs.watch(DIR, (_event, file) => {
    if (!file || !(file in FILES)) return;
    clearTimeout(debounce);
    debounce = setTimeout(() => void grade(), 80);
  });
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (data) => {
    for (const key of String(data)) {
      const k = currentStep();
      if (key === 'q' || key === '\u0003') quit();
      else if (key === 'h' && k >= 0) {
        state.hints[k] = Math.min(state.hints[k] + 1, STEPS[k].hints.length);
        render();
      } else if (key === 'l') {
        state.list = !state.list;
        render();
      }
    }
  });
  process.stdin.on('end', quit);
  await grade();
}

void main();
