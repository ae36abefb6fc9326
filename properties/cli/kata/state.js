// @ts-check
// npm run kata's state: the steps (the exercise registry's), the verdicts of
// the last grade, where the student is, and what is kept between sessions
// (the hints opened, the steps reached) in .kata-state.json at the
// repository's root, which git ignores.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { ROOT, STEPS } = require('../../layout');
const { errorsCosting } = require('../../sandbox/type-errors');
const { settingOf } = require('../settings');

/** @typedef {import('../../verdict').LawResult} LawResult */
/** @typedef {import('../../layout').Step} Step */
/**
 * @typedef {{
 *   dir: string,
 *   results: LawResult[],
 *   graded: boolean,
 *   typeErrors: Record<string, import('../../sandbox/type-errors').FileErrors>,
 *   typesKnown: boolean,
 *   seconds: number,
 *   grading: number | undefined,
 *   note: string,
 *   list: boolean,
 *   confirm: string | undefined,
 *   viewing: number | undefined,
 *   hints: number[],
 *   reached: number,
 *   settled: Set<number>,
 * }} State
 *   grading: when the grade under way began (Date.now()); confirm: the function a reset awaits a yes for;
 *   viewing: the step the learner opened to read (p and n), when not the current one;
 *   settled: the steps done when the types were last known.
 */

const SAVED = path.resolve(ROOT, process.env.KATA_STATE || '.kata-state.json');

/**
 * What was kept for this folder: hints opened (by step title) and the furthest step reached.
 * @param {string} dir @returns {{ hints?: Record<string, number>, reached?: number }}
 */
function loadSaved(dir) {
  try {
    const all = JSON.parse(fs.readFileSync(SAVED, 'utf8'));
    const mine = all && typeof all === 'object' ? all[dir] : undefined;
    return mine && typeof mine === 'object' ? mine : {};
  } catch {
    return {};
  }
}

/** @param {string} dir @returns {State} */
function createState(dir) {
  const saved = loadSaved(dir);
  const hints = STEPS.map((s) => Math.min(Number(saved.hints?.[s.title]) || 0, s.hints.length));
  return {
    dir,
    results: [],
    graded: false,
    typeErrors: {},
    typesKnown: false,
    seconds: 0,
    grading: undefined,
    note: '',
    list: false,
    confirm: undefined,
    viewing: undefined,
    hints,
    reached: Math.max(0, Math.min(Number(saved.reached) || 0, STEPS.length)),
    settled: new Set(),
  };
}

/** Keeps the hints opened and the furthest step reached, for the next session. @param {State} state */
function save(state) {
  /** @type {Record<string, unknown>} */
  let all;
  try {
    all = JSON.parse(fs.readFileSync(SAVED, 'utf8')) || {};
  } catch {
    all = {};
  }
  all[state.dir] = {
    hints: Object.fromEntries(STEPS.map((s, k) => [s.title, state.hints[k]])),
    reached: state.reached,
  };
  try {
    fs.writeFileSync(SAVED, JSON.stringify(all, null, 2) + '\n');
  } catch {
    // A read-only checkout works all the same; it just forgets.
  }
}

/** The laws of a step, with their verdicts. @param {State} state @param {Step} s */
const lawsOf = (state, s) => state.results.filter((r) => s.functions.includes(r.fn) && r.group === s.group);

/**
 * The compiler's errors that cost step s: those inside its functions, or all of its file's when one sits
 * outside every graded function (npm run grade's rule). Undefined when there are none.
 * @param {State} state @param {Step} s @returns {string[] | undefined}
 */
function stepErrors(state, s) {
  const found = state.typeErrors[s.file];
  const policy = settingOf('KATA_TYPE_ERRORS');
  const each = s.functions.map((fn) => errorsCosting(found, s.file, fn, policy)).filter((e) => e !== undefined);
  return each.length > 0 ? [...new Set(each.flat())] : undefined;
}

/**
 * A step passes when all its laws hold and no compile error costs it: the rule npm run grade applies (an
 * error costs the function it sits in, or the whole file). Until the type check is in, a step whose laws
 * hold is 'checking'.
 * @param {State} state @param {Step} s @returns {'done' | 'todo' | 'failing' | 'checking'}
 */
function stepState(state, s) {
  const laws = lawsOf(state, s);
  if (stepErrors(state, s)) return 'failing';
  if (laws.length > 0 && laws.every((r) => r.status === 'passed')) return state.typesKnown ? 'done' : 'checking';
  if (laws.length > 0 && laws.every((r) => r.status === 'not-implemented')) return 'todo';
  return 'failing';
}

/**
 * The first step not done, or -1 when all are. While the types are checked, a
 * step that was done stays done, so the screen does not flicker back to it.
 * @param {State} state
 */
const currentStep = (state) =>
  STEPS.findIndex((s, k) => {
    const now = stepState(state, s);
    return now !== 'done' && !(now === 'checking' && state.settled.has(k));
  });

/** Notes which steps are done, once the types are known. @param {State} state */
function settleSteps(state) {
  state.settled = new Set(STEPS.flatMap((s, k) => (stepState(state, s) === 'done' ? [k] : [])));
}

/** The step on screen: the one the learner opened to read, or the current one (-1: all done). @param {State} state */
const shownStep = (state) => state.viewing ?? currentStep(state);

/**
 * What to say when steps from to before `to` have just passed (to: STEPS.length when all are done): which,
 * the laws the last of them now holds, a print left in its code, and, once every step a solution file
 * answers passes, that file (so that it never gives a later step away).
 * @param {State} state @param {number} from @param {number} to
 */
function passedNote(state, from, to) {
  const s = STEPS[to - 1];
  const which = to - from === 1 ? `Step ${to} passes` : `Steps ${from + 1} to ${to} pass`;
  const laws = lawsOf(state, s);
  const holds = laws.map((r) => r.law).join('; ');
  const printed = laws.some((r) => r.printed)
    ? ` Your code still prints when it runs: take the console.log out of ${s.functions.join(', ')} when you are done.`
    : '';
  const files = [...new Set(STEPS.slice(from, to).map((t) => t.file))];
  const compare = files
    .filter((file) => STEPS.every((t) => t.file !== file || stepState(state, t) === 'done'))
    .filter((file) => fs.existsSync(path.join(ROOT, 'solutions', file)))
    .map((file) => ` Every step of ${file} passes: compare with solutions/${file}.`)
    .join('');
  return `✓ ${which}: ${s.functions.join(' and ')} ${holds}.${printed}${compare}`;
}

module.exports = {
  STEPS,
  createState,
  save,
  lawsOf,
  stepErrors,
  stepState,
  currentStep,
  shownStep,
  settleSteps,
  passedNote,
};
