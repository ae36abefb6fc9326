#!/usr/bin/env node
// @ts-check
// `npm run kata`: the learner's loop. It grades the kata folder (KATA_DIR,
// katas/ by default) on every save, shows the step you are on (from the
// exercise registry), the first law it breaks in plain words, and hints on request.
// Split by concern: kata/state.js (the steps and what is kept between
// sessions), kata/files.js (saves and resets), kata/terminal.js (keys, size,
// the alternate screen), kata/render.js (the screen); this file runs the
// grading thread, a host of the engine: the student's code runs in a
// sandboxed process of its own.

'use strict';

// The learner's loop walks every exercise unless an assignment says otherwise; the registry is read below,
// so a bad KATA_EXERCISES stops here with exit status 2.
process.env.KATA_EXERCISES ||= 'all';
{
  const bad = require('./settings').badSetting();
  if (bad) {
    console.error(`${bad} (npm run kata -- --help lists what is allowed)`);
    process.exit(2);
  }
  const unsupported = require('./platform').unsupportedPlatform();
  if (unsupported && !process.argv.includes('--help') && !process.argv.includes('-h')) {
    console.error(unsupported);
    process.exit(2);
  }
}

const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { Worker } = require('node:worker_threads');
const { ROOT } = require('../layout');
const { typeCheck } = require('../sandbox/typecheck');
const { badSetting, settingsHelp } = require('./settings');
const { STEPS, createState, save, currentStep, shownStep, settleSteps, passedNote } = require('./kata/state');
const { watchSaves, resetToStub } = require('./kata/files');
const terminal = require('./kata/terminal');
const { render } = require('./kata/render');

/** @typedef {import('../verdict').LawResult} LawResult */

const DIR = path.resolve(ROOT, process.env.KATA_DIR || 'katas');
const state = createState(DIR);
const color = !process.env.NO_COLOR;
/** How long one whole grade may take before the grading thread itself is deemed broken. */
const GRADE_MS = 120_000;

function show() {
  terminal.draw(render(state, { ...terminal.size(), color }));
}

// The grading thread, started once and kept warm; replaced only if it breaks.
/** @type {Worker | undefined} */
let worker;
let seq = 0;
let again = false;

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

/** Grades once; never throws. @returns {Promise<{ results: LawResult[], failure?: string }>} */
function gradeOnce() {
  return new Promise((resolve) => {
    const job = { seq: ++seq, dir: DIR, columns: terminal.size().columns - 5 };
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

/** Grades the folder, showing that it does, and then what the grade says. */
async function grade() {
  if (state.grading !== undefined) {
    again = true;
    return;
  }
  const started = Date.now();
  state.grading = started;
  show();
  // While grading, the elapsed seconds tick on the screen.
  const ticking = setInterval(show, 500);
  const failure = worker ? undefined : await startWorker();
  const got = failure ? { results: [], failure } : await gradeOnce();
  const typing = typeCheck(DIR);
  clearInterval(ticking);
  if (again) {
    // A save came in while grading: these results are already stale.
    again = false;
    state.grading = undefined;
    return grade();
  }
  state.grading = undefined;
  if (got.failure) {
    // The grader's own failure: said as it is, and the last verdicts kept.
    state.note = `✗ ${got.failure}`;
    show();
    return;
  }
  const before = state.graded ? currentStep(state) : -2;
  state.results = got.results;
  state.seconds = (Date.now() - started) / 1000;
  state.typesKnown = false;
  state.graded = true;
  show();
  state.typeErrors = await typing;
  state.typesKnown = true;
  settleSteps(state);
  settle(before);
  show();
}

/**
 * After a grade: say what changed since the last one (never at start, so a
 * restart says nothing stale), and keep the furthest step reached.
 * @param {number} before
 */
function settle(before) {
  const after = currentStep(state);
  const reachedNow = after < 0 ? STEPS.length : after;
  if (before >= 0 && (after > before || after < 0)) state.note = passedNote(state, before, reachedNow);
  else if (after !== before) state.note = '';
  if (reachedNow > state.reached) {
    state.reached = reachedNow;
    save(state);
  }
}

/** @param {string} key */
function onKey(key) {
  // h and r act on the step on screen: the current one, or one the learner opened with p and n.
  const k = shownStep(state);
  if (state.confirm) {
    const fn = state.confirm;
    state.confirm = undefined;
    if (key === 'y') {
      const s = STEPS.find((t) => t.functions.includes(fn));
      const problem = s ? resetToStub(DIR, s.file, fn) : `no step holds ${fn}`;
      state.note = problem ? `✗ could not reset ${fn}: ${problem}` : `${fn} is back to its stub.`;
    }
    show();
    return;
  }
  if (key === 'q' || key === '\u0003') quit();
  else if (key === 'p' || key === 'n') {
    // Open the previous or next step to read; back at the current one, the screen follows progress again.
    const current = currentStep(state);
    const from = k < 0 ? STEPS.length : k;
    const to = Math.max(0, Math.min(STEPS.length - 1, from + (key === 'p' ? -1 : 1)));
    state.viewing = to === current ? undefined : to;
    show();
  } else if (key === 'h' && k >= 0) {
    state.hints[k] = Math.min(state.hints[k] + 1, STEPS[k].hints.length);
    save(state);
    show();
  } else if (key === 'l') {
    state.list = !state.list;
    show();
  } else if (key === 'r' && k >= 0) {
    state.confirm = STEPS[k].functions[0];
    show();
  }
}

function quit() {
  void worker?.terminate();
  terminal.leave();
  process.exit(0);
}

const USAGE = [
  "npm run kata [-- --help]: the learner's loop. Keep it open beside your editor; it re-grades katas/ (or KATA_DIR) on every save.",
  'Keys: h the next hint for this step, r reset this step to its stub (asks first), l the steps and their state,',
  '  p and n open the previous and next step to read again (statement, formula, hints), q quit.',
  'Your progress and the hints you opened are kept in .kata-state.json (git ignores it).',
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
  terminal.requireTerminal();
  terminal.takeOver({ onKey, onResize: show });
  watchSaves(DIR, () => void grade());
  process.stdin.on('end', quit);
  await grade();
}

void main();
