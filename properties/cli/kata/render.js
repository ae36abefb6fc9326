// @ts-check
// npm run kata's screen, drawn from the state to fit the terminal: the
// progress line, the step and where to write it, the verdict and the footer
// always show; the rest gives way, less important first, and what is cut is
// pointed to (npm run grade shows the whole text).

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { STEPS, lawsOf, stepErrors, stepState, shownStep } = require('./state');
const { terminalText } = require('../../escape');
const { glossaryWords, leadingFailures } = require('../../glossary');
const { settingOf } = require('../settings');
const { chargedFunctions } = require('../../sandbox/type-errors');

/** @typedef {import('./state').State} State */
/** @typedef {import('./state').Step} Step */
/**
 * A block of lines; those of lower rank give way first, rank 0 never.
 * @typedef {{ lines: string[], rank: number }} Block
 */

/**
 * Prose wrapped to a width; lines that start indented (matrices, code) are left alone.
 * @param {string} text @param {number} width @param {string} indent
 */
function wrap(text, width, indent = '') {
  const out = [];
  for (const para of text.split('\n')) {
    if (/^\s{2,}/.test(para)) {
      out.push((indent + para).slice(0, width));
      continue;
    }
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
  return out;
}

/**
 * Where to write: the line of the TODO marker inside the function, or of the function.
 * @param {string} dir @param {Step} s
 */
function whereToWrite(dir, s) {
  const file = path.join(dir, s.file);
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
 * Cuts blocks until the lines fit in `rows` of `columns`: whole blocks of the
 * lowest rank first, then the longest remaining block, ending it with a
 * pointer. A line longer than the terminal is wide takes several rows.
 * @param {Block[]} blocks @param {number} rows @param {number} columns
 */
function fit(blocks, rows, columns) {
  // eslint-disable-next-line no-control-regex -- colour codes take no room on the screen
  const visible = (/** @type {string} */ l) => l.replace(/\u001b\[[0-9;]*m/g, '').length;
  const rowsOf = (/** @type {string} */ l) => Math.max(1, Math.ceil(visible(l) / columns));
  const count = () => blocks.reduce((n, b) => n + b.lines.reduce((m, l) => m + rowsOf(l), 0), 0);
  while (count() > rows) {
    const droppable = blocks.filter((b) => b.rank > 0 && b.lines.length > 0);
    if (droppable.length > 0) {
      const lowest = droppable.reduce((a, b) => (b.rank < a.rank ? b : a));
      lowest.lines = [];
      continue;
    }
    const longest = blocks.reduce((a, b) => (b.lines.length > a.lines.length ? b : a));
    const keep = Math.max(1, longest.lines.length - (count() - rows) - 1);
    longest.lines = [...longest.lines.slice(0, keep), '  … (npm run grade shows the whole text)'];
    if (keep === 1 && count() > rows) break;
  }
  return blocks.flatMap((b) => b.lines);
}

/**
 * The screen for the state, at a terminal of `columns` × `rows`.
 * @param {State} state @param {{ columns: number, rows: number, color: boolean, now?: number }} term
 */
function render(state, term) {
  const width = Math.max(30, term.columns - 1);
  const paint = (/** @type {string} */ code, /** @type {string} */ text) =>
    term.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  const w = (/** @type {string} */ text, indent = '') => wrap(text, width, indent);
  /** @type {Block[]} */
  const blocks = [];
  const add = (/** @type {number} */ rank, /** @type {string[]} */ lines) => blocks.push({ rank, lines });

  // The step on screen: the current one, or one the learner opened to read again (p and n).
  const k = shownStep(state);
  const reading = state.viewing !== undefined;
  const done = STEPS.filter((s) => stepState(state, s) === 'done').length;
  const barWidth = Math.min(30, Math.max(9, term.columns - 40));
  const filled = Math.round((done / STEPS.length) * barWidth);
  add(0, [
    `${paint('1', 'Backprop kata')}  [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${done}/${STEPS.length}`,
  ]);
  if (state.grading !== undefined) {
    const elapsed = ((term.now ?? Date.now()) - state.grading) / 1000;
    add(0, [paint('36', `⟳ grading your last save${elapsed >= 1 ? ` (${Math.floor(elapsed)} s)` : ''}…`)]);
  } else if (!state.graded) add(0, [paint('36', '⟳ grading…')]);
  if (state.note) add(6, ['', ...w(paint(state.note.startsWith('✗') ? '31' : '32', terminalText(state.note)))]);
  if (state.confirm) {
    add(0, [
      '',
      ...w(paint('33', `Reset ${state.confirm} to its stub? Your code in it will be lost. y: yes, any other key: no`)),
    ]);
  }
  if (state.list) {
    add(2, [
      '',
      'Steps:',
      ...STEPS.flatMap((s, j) => {
        const mark = { done: '✓', todo: '○', failing: '✗', checking: '…' }[stepState(state, s)];
        return w(`${j === k ? '▶' : ' '} ${mark} ${j + 1}. ${s.title}`, '  ');
      }),
    ]);
  }
  if (k < 0) {
    add(0, ['', ...w(paint('32', `All ${STEPS.length} steps done. Run npm run grade for the score.`))]);
  } else {
    const s = STEPS[k];
    const mark = reading ? { done: ' (done)', todo: ' (not started)', failing: ' (not done)', checking: '' } : {};
    const heading = `${reading ? 'Reading step' : 'Step'} ${k + 1}/${STEPS.length}: ${s.title}`;
    add(0, ['', ...w(paint('1', `${heading}${mark[stepState(state, s)] ?? ''}`))]);
    add(3, w(s.statement, '  '));
    if (s.formula) add(4, w(`Formula: ${s.formula}`, '  '));
    add(
      0,
      w(
        `Write it in ${whereToWrite(state.dir, s)}${s.group === 'stability' ? ` (and ${s.functions.slice(1).join(', ')})` : ''}.`,
        '  ',
      ),
    );
    verdict(state, s, w, paint, add);
    // A step done has nothing left to give away: all its hints, to read again.
    const shown = stepState(state, s) === 'done' ? s.hints.length : state.hints[k];
    if (shown > 0) add(5, ['', 'Hints:', ...s.hints.slice(0, shown).flatMap((h, j) => w(`${j + 1}. ${h}`, '  '))]);
  }
  const hintKey =
    k >= 0 ? `h: hint ${Math.min(state.hints[k] + 1, STEPS[k].hints.length)}/${STEPS[k].hints.length}   ` : '';
  const resetKey = k >= 0 ? 'r: reset this step   ' : '';
  const back = reading
    ? 'p/n: other steps (back at the current one, it follows your progress)   '
    : 'p/n: other steps   ';
  add(0, ['', ...w(`${hintKey}${resetKey}${back}l: list   q: quit   (graded in ${state.seconds.toFixed(2)} s)`)]);
  return fit(blocks, Math.max(8, term.rows - 1), Math.max(30, term.columns)).join('\n');
}

/**
 * The step's verdict: a compile error that costs it first (with every error),
 * else the first law that fails, marked stale while a newer save is graded.
 * @param {State} state @param {Step} s
 * @param {(text: string, indent?: string) => string[]} w
 * @param {(code: string, text: string) => string} paint
 * @param {(rank: number, lines: string[]) => void} add
 */
function verdict(state, s, w, paint, add) {
  const stale = state.grading !== undefined ? paint('2', ' (from before your last save)') : '';
  // The student's text (messages, printed output, source lines) reaches the screen only made plain.
  const t = terminalText;
  const errors = stepErrors(state, s)?.map(t);
  if (errors) {
    // Whose the errors are: this step's function alone, or the whole file (an error outside every function).
    const found = state.typeErrors[s.file];
    const charged = found ? chargedFunctions(found, settingOf('KATA_TYPE_ERRORS')) : null;
    const what = charged
      ? `${s.functions.filter((fn) => fn in charged).join(' and ')} does not compile, so it scores zero`
      : `${s.file} does not compile, so every function in it scores zero`;
    add(0, ['', ...w(paint('31', `✗ ${what}; fix it first:${stale}`))]);
    add(
      1,
      errors.flatMap((e) => e.split('\n').flatMap((l, j) => (j === 0 ? w(l, '  ') : [`  ${l}`]))),
    );
    return;
  }
  const failing = leadingFailures(lawsOf(state, s))[0];
  if (!failing) {
    if (stepState(state, s) === 'checking') add(0, ['', w(paint('36', 'The laws hold; checking the types…'))[0]]);
    return;
  }
  if (failing.status === 'not-implemented') {
    add(0, ['', ...w(`○ ${failing.fn} is not implemented yet: remove the throw and write it.${stale}`)]);
    return;
  }
  const law = `${failing.fn} ${failing.group === 'stability' ? '[stability] ' : ''}${failing.law}`;
  add(0, ['', ...w(paint('31', `✗ ${failing.status === 'error' ? failing.fn : law}${stale}`))]);
  add(0, w(t(failing.message), '  '));
  if (failing.diagnosis) add(0, w(paint('33', `diagnosis: ${t(failing.diagnosis)}`), '  '));
  // A file that did not load has no input, no law to explain, nothing to replay.
  if (failing.status === 'error') return;
  if (failing.why) add(1, w(`why: ${failing.why}`, '  '));
  if (failing.glossary) add(3, w(`glossary: ${glossaryWords(failing.glossary)}`, '  '));
  if (failing.input) add(2, w(`input: ${t(failing.input)}`, '  '));
  if (failing.matrices)
    add(
      2,
      t(failing.matrices)
        .split('\n')
        .map((l) => `    ${l}`),
    );
  if (failing.printed)
    add(2, [
      '  what your code printed:',
      ...t(failing.printed)
        .split('\n')
        .map((l) => `    | ${l}`),
    ]);
  // Not wrapped: it is a command to copy.
  if (failing.replay) add(1, [`  replay: ${failing.replay}`]);
}

module.exports = { render, wrap };
