// The page's text, as HTML: the progress, the step (its statement, formula
// and hints, from the registry), and its verdict, in the order npm run kata's
// screen shows them (cli/kata/render.js). Every text, the student's above all,
// reaches the HTML through escape.js's htmlText; nothing else is markup.

import type { LawResult } from '../../../properties/verdict';
import { htmlText } from '../../../properties/escape.js';
import { glossaryWords, leadingFailures } from '../../../properties/glossary.js';
import * as kata from '../../../properties/cli/kata/state.js';

export type State = import('../../../properties/cli/kata/state.js').State;
export const { STEPS } = kata;

const h = (text: unknown) => htmlText(text);
/** Several lines of text (matrices, what the code printed), each escaped, in a <pre>. */
const pre = (cls: string, text: string) =>
  `<pre class="${cls}">${text
    .split('\n')
    .map((l) => h(l))
    .join('\n')}</pre>`;

const MARK = { done: '✓', todo: '○', failing: '✗', checking: '…' } as const;

/** The progress line: the steps done of all. */
export function progress(state: State): string {
  const done = STEPS.filter((s) => kata.stepState(state, s) === 'done').length;
  return `<progress max="${STEPS.length}" value="${done}"></progress> <span id="done">${done}/${STEPS.length}</span> steps`;
}

/** Every step and its state, the one on screen marked. */
export function stepList(state: State): string {
  const k = kata.shownStep(state);
  return `<ol class="steps">${STEPS.map(
    (s, j) =>
      `<li class="${kata.stepState(state, s)}${j === k ? ' shown' : ''}"><button data-step="${j}">${MARK[kata.stepState(state, s)]} ${h(s.title)}</button></li>`,
  ).join('')}</ol>`;
}

/** The step on screen: its statement, formula, where to write it, its hints opened, and its verdict. */
export function step(state: State, grading: boolean): string {
  const k = kata.shownStep(state);
  if (k < 0) return `<h2 class="all-done">All ${STEPS.length} steps done.</h2><p>The score is below.</p>`;
  const s = STEPS[k];
  const now = kata.stepState(state, s);
  const reading = state.viewing !== undefined;
  const mark = reading ? { done: ' (done)', todo: ' (not started)', failing: ' (not done)', checking: '' }[now] : '';
  const shown = now === 'done' ? s.hints.length : state.hints[k];
  const hints = s.hints
    .slice(0, shown)
    .map((t) => `<li>${h(t)}</li>`)
    .join('');
  const more = shown < s.hints.length ? `<button id="hint">Hint ${shown + 1}/${s.hints.length} (h)</button>` : '';
  return [
    `<h2>${reading ? 'Reading step' : 'Step'} ${k + 1}/${STEPS.length}: ${h(s.title)}${h(mark)}</h2>`,
    `<p class="statement">${h(s.statement)}</p>`,
    // Graded homework's steps have none (npm run export-template -- --graded).
    s.formula ? `<p class="formula">Formula: ${h(s.formula)}</p>` : '',
    `<p class="where">Write it in <code>${h(s.file)}</code>: <code>${s.functions.map(h).join('</code>, <code>')}</code></p>`,
    verdict(state, s, grading),
    hints ? `<h3>Hints</h3><ol class="hints">${hints}</ol>` : '',
    `<p class="keys">${more}<button id="reset">Reset this step (r)</button>`,
    `<button id="prev">◀ Previous (p)</button><button id="next">Next ▶ (n)</button></p>`,
  ].join('\n');
}

/** The step's verdict: the first law that fails, as render.js's verdict() shows it. */
function verdict(state: State, s: (typeof STEPS)[number], grading: boolean): string {
  const stale = grading ? ' <span class="stale">(from before your last edit)</span>' : '';
  if (!state.graded) return '<p class="grading">⟳ grading…</p>';
  const failing = leadingFailures(kata.lawsOf(state, s))[0] as LawResult | undefined;
  if (!failing) return kata.stepState(state, s) === 'done' ? `<p class="pass">✓ All its laws hold.</p>` : '';
  if (failing.status === 'not-implemented')
    return `<p class="todo">○ ${h(failing.fn)} is not implemented yet: remove the throw and write it.${stale}</p>`;
  const law = `${failing.fn} ${failing.group === 'stability' ? '[stability] ' : ''}${failing.law}`;
  const out = [
    `<div class="verdict ${failing.status}">`,
    `<p class="law">✗ ${h(failing.status === 'error' ? failing.fn : law)}${stale}</p>`,
    `<p class="message">${h(failing.message)}</p>`,
  ];
  if (failing.diagnosis) out.push(`<p class="diagnosis">diagnosis: ${h(failing.diagnosis)}</p>`);
  if (failing.status !== 'error') {
    if (failing.why) out.push(`<p class="why">why: ${h(failing.why)}</p>`);
    if (failing.glossary) out.push(`<p class="glossary">glossary: ${h(glossaryWords(failing.glossary))}</p>`);
    if (failing.input) out.push(`<p class="input">input: <code>${h(failing.input)}</code></p>`);
    if (failing.matrices) out.push(pre('matrices', failing.matrices));
    if (failing.printed) out.push('<p>what your code printed:</p>', pre('printed', failing.printed));
    if (failing.replay) out.push(`<p class="replay">replay: <code>${h(failing.replay)}</code></p>`);
  }
  out.push('</div>');
  return out.join('\n');
}

/** npm run grade's report (text), in a <pre>. */
export const report = (text: string) => pre('report', text);

/** A note (what just passed, what went wrong), as the kata's. */
export const note = (text: string) =>
  text ? `<p class="${text.startsWith('✗') ? 'bad' : 'good'}">${h(text)}</p>` : '';

export { h as escape };
