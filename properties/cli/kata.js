#!/usr/bin/env node
// @ts-check
// `npm run kata`: the learner's loop. It grades the kata folder (KATA_DIR,
// katas/ by default) on every save, shows the step you are on (properties/
// steps.json), the first law it breaks in plain words, and hints on request.
//   h  the next hint for this step     l  the steps and their state     q  quit
// Grading runs in a worker thread that stays warm between saves; code that
// never returns gets the thread terminated and replaced, and is reported.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { readProgress } = require('./progress-reader');
const { typeErrors } = require('./typecheck');
const { steps } = require('./steps-readme');

const ROOT = path.resolve(__dirname, '../..');
const DIR = path.resolve(ROOT, process.env.KATA_DIR || 'katas');
const HANG_MS = Number(process.env.KATA_HANG_MS || 3000);
const STEPS = steps();
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (/** @type {string} */ code, /** @type {string} */ text) =>
  color ? `\u001b[${code}m${text}\u001b[0m` : text;

/** @typedef {import('../verdict').LawResult} LawResult */
/** @typedef {ReturnType<typeof steps>[number]} Step */

/** @type {{ results: LawResult[], seconds: number, hints: number[], list: boolean, note: string, typeErrors: Record<string, string[]> }} */
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

/** Prose wrapped to the terminal's width; indented lines (matrices, commands) are left alone. @param {string} text @param {string} indent */
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

// The grading thread, replaced whenever it is stuck.
/** @type {Worker | undefined} */
let worker;
/** @type {SharedArrayBuffer | undefined} */
let shared;
let seq = 0;
let grading = false;
let again = false;

function startWorker() {
  return new Promise((resolve) => {
    worker = new Worker(path.join(__dirname, 'kata-worker.js'));
    worker.once('message', (m) => {
      shared = m.shared;
      resolve(undefined);
    });
    worker.on('error', () => undefined);
  });
}

/**
 * Grades once, skipping functions that hung; never throws. If the student's
 * code stops answering, the thread is terminated and the function it was in
 * is returned in `hung`, with timeout verdicts for its laws.
 * @param {string[]} skip @returns {Promise<{ results: LawResult[], hung?: string[] }>}
 */
function gradeOnce(skip) {
  return new Promise((resolve) => {
    const job = { seq: ++seq, dir: DIR, skip, columns: (process.stdout.columns || 80) - 5 };
    let lastSeen = -1;
    let lastChange = Date.now();
    const timer = setInterval(() => {
      const now = shared && readProgress(shared);
      if (now && now.seq !== lastSeen) {
        lastSeen = now.seq;
        lastChange = Date.now();
      }
      if (Date.now() - lastChange < HANG_MS) return;
      clearInterval(timer);
      const p = now ? JSON.parse(now.text) : {};
      void worker?.terminate();
      worker = undefined;
      const input = p.input
        ? `; input: ${Object.entries(p.input)
            .map(([key, v]) => `${key} = ${JSON.stringify(v)}`)
            .join(', ')}`
        : '';
      const hung = p.fn ? [p.fn] : STEPS.filter((s) => s.file === p.loading).flatMap((s) => s.functions);
      const message = p.fn
        ? `${p.fn} did not return within ${HANG_MS / 1000} s (law: ${p.law}${input})`
        : `${p.loading} did not finish loading within ${HANG_MS / 1000} s`;
      /** @type {(fn: string, group: 'core' | 'stability') => LawResult} */
      const timedOut = (fn, group) => ({
        type: 'result',
        fn: /** @type {any} */ (fn),
        law: p.law || 'loads',
        group,
        status: 'timeout',
        message,
        why: '',
      });
      const stable = (/** @type {string} */ fn) =>
        STEPS.some((s) => s.group === 'stability' && s.functions.includes(fn));
      resolve({
        results: hung.flatMap((fn) =>
          stable(fn) ? [timedOut(fn, 'core'), timedOut(fn, 'stability')] : [timedOut(fn, 'core')],
        ),
        hung,
      });
    }, 50);
    /** @param {any} m */
    const onMessage = (m) => {
      if (m.type !== 'graded' || m.seq !== job.seq) return;
      clearInterval(timer);
      worker?.off('message', onMessage);
      resolve({ results: m.results });
    };
    worker?.on('message', onMessage);
    worker?.postMessage(job);
  });
}

async function grade() {
  if (grading) {
    again = true;
    return;
  }
  grading = true;
  const start = Date.now();
  /** @type {LawResult[]} */
  let results = [];
  /** @type {string[]} */
  let skip = [];
  for (;;) {
    if (!worker) await startWorker();
    const got = await gradeOnce(skip);
    results = results.concat(got.results);
    if (!got.hung) break;
    skip = [...skip, ...got.hung];
  }
  grading = false;
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

async function main() {
  if (!fs.existsSync(DIR)) {
    console.error(`${DIR} does not exist`);
    process.exit(2);
  }
  /** @type {NodeJS.Timeout | undefined} */
  let debounce;
  fs.watch(DIR, (_event, file) => {
    if (file !== 'linear.ts' && file !== 'softmax.ts') return;
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
