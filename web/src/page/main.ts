// The page: npm run kata in a browser. The steps and what is kept between
// sessions are kata/state.js's (the registry's steps; its saved state in the
// browser's storage), the grading is the judge worker's (the engine), the
// words are view.ts's. The page itself never runs the student's code and
// never waits on the judge, so it keeps answering whatever that code does.

import { DEFAULT_LIMITS } from '../../../properties/sandbox/limits';
import type { LawResult } from '../../../properties/verdict';
import type { Job, Reply } from '../judge/worker';
import { createEditor } from './editor';
import { DIR, download, keep, KATA_FILES, load, upload } from './store';
import * as view from './view';
import * as kata from '../../../properties/cli/kata/state.js';
import { solutions } from 'web:sources';

const { STEPS } = view;
const $ = (id: string) => document.getElementById(id)!;

/** What a test or a curious learner can read: when the first verdict came, and how long each grade took. */
const times = { firstVerdict: 0, grades: [] as number[] };
(window as unknown as { kataTimes: typeof times }).kataTimes = times;

const state = kata.createState(DIR);
// The page compiles but does not type-check: a step passes when its laws hold (npm run grade also checks types).
state.typesKnown = true;
let grading = false;
let again = false;
let seq = 0;
let sentAt = 0;
let report = '';

// One hang limit, KATA_HANG_MS's default, unless the address asks for another (?hang=1000).
const hangMs = Number(new URLSearchParams(location.search).get('hang')) || DEFAULT_LIMITS.hangMs;

const judge = new Worker('judge.js', { name: 'judge' });
const post = (job: Job) => judge.postMessage(job);

const editor = createEditor($('editor'), Object.fromEntries(KATA_FILES.map((f) => [f, load(f)])), (file) => {
  keep(file, editor.text(file));
  schedule();
});

let timer: ReturnType<typeof setTimeout> | undefined;
/** A grade once the typing settles. */
function schedule() {
  clearTimeout(timer);
  timer = setTimeout(grade, 250);
  if (!grading) render();
}

function grade() {
  if (grading) {
    again = true;
    return;
  }
  grading = true;
  again = false;
  sentAt = performance.now();
  post({ type: 'grade', seq: ++seq, sources: Object.fromEntries(KATA_FILES.map((f) => [f, editor.text(f)])), hangMs });
  render();
}

/**
 * After a grade: say what changed since the last one (never at the first, so a reload says nothing stale), and
 * keep the furthest step reached, as npm run kata does.
 */
function settle(before: number) {
  const after = kata.currentStep(state);
  const reachedNow = after < 0 ? STEPS.length : after;
  if (before >= 0 && (after > before || after < 0)) state.note = kata.passedNote(state, before, reachedNow);
  else if (after !== before) state.note = '';
  if (reachedNow > state.reached) {
    state.reached = reachedNow;
    kata.save(state);
  }
}

judge.onmessage = (e: MessageEvent<Reply>) => {
  const m = e.data;
  if (m.type === 'ready') grade();
  else if (m.type === 'graded' && m.seq === seq) {
    times.grades.push((performance.now() - sentAt) / 1000);
    const before = state.graded ? kata.currentStep(state) : -2;
    state.results = m.results as LawResult[];
    state.seconds = m.seconds;
    state.graded = true;
    report = m.report;
    kata.settleSteps(state);
    settle(before);
    grading = false;
    if (!times.firstVerdict) times.firstVerdict = performance.now();
    if (again) grade();
    render();
    follow();
  } else if (m.type === 'failed') {
    grading = false;
    state.note = `✗ the grader failed: ${m.message}`;
    render();
  } else if (m.type === 'reset') {
    const fn = confirmFn;
    if (m.text !== undefined) {
      editor.replace(resetting, m.text);
      state.note = `${fn} is back to its stub.`;
    } else state.note = `✗ could not reset ${fn}: ${m.problem}`;
    confirmFn = '';
    resetting = '';
    render();
  }
};
judge.onerror = (e) => {
  state.note = `✗ the grader failed: ${e.message}`;
  render();
};

let resetting = '';
let confirmFn = '';

/** The editor shows the step's file, at its function's TODO (or the function), when the step on screen changes. */
let followed = -2;
function follow() {
  const k = kata.shownStep(state);
  if (k === followed || k < 0) return;
  followed = k;
  const s = STEPS[k];
  editor.show(s.file);
  const lines = editor.text(s.file).split('\n');
  const start = lines.findIndex((l) =>
    new RegExp(`function\\s+${s.functions[0]}\\b|\\b${s.functions[0]}\\s*=`).test(l),
  );
  const todo = lines.findIndex((l, j) => j > start && l.includes('TODO:'));
  const next = lines.findIndex((l, j) => j > start && /^export /.test(l));
  editor.goTo((todo >= 0 && (next < 0 || todo < next) ? todo : Math.max(start, 0)) + 1);
  tabs();
}

function tabs() {
  $('tabs').innerHTML = KATA_FILES.map(
    (f) =>
      `<button class="${f === editor.file() ? 'on' : ''}" data-file="${view.escape(f)}">${view.escape(f)}</button>`,
  ).join('');
}

/** The answers the learner may compare with: a file's, once every step it answers passes (as passedNote says). */
function solutionsShown(): string {
  return Object.keys(solutions)
    .filter((file) => STEPS.some((t) => t.file === file))
    .filter((file) => STEPS.every((t) => t.file !== file || kata.stepState(state, t) === 'done'))
    .map(
      (file) =>
        `<details class="solution"><summary>Compare with solutions/${view.escape(file)}</summary>${view.report(solutions[file])}</details>`,
    )
    .join('');
}

function render() {
  $('progress').innerHTML = view.progress(state);
  $('status').textContent = grading
    ? '⟳ grading your last edit…'
    : state.graded
      ? `graded in ${state.seconds.toFixed(2)} s`
      : '';
  $('steps').innerHTML = view.stepList(state);
  $('note').innerHTML = view.note(state.note);
  $('confirm').hidden = !confirmFn || !!resetting;
  $('confirm-text').textContent = `Reset ${confirmFn} to its stub? Your code in it will be lost.`;
  $('step').innerHTML = view.step(state, grading);
  $('solutions').innerHTML = solutionsShown();
  $('score').innerHTML = report ? view.report(report) : '';
  document.body.dataset.grading = grading ? '1' : '';
  document.body.dataset.graded = String(times.grades.length);
}

/** The kata's keys, as buttons and, outside the editor, as keys. */
function act(key: string) {
  const k = kata.shownStep(state);
  if (key === 'h' && k >= 0) {
    state.hints[k] = Math.min(state.hints[k] + 1, STEPS[k].hints.length);
    kata.save(state);
  } else if (key === 'p' || key === 'n') {
    const current = kata.currentStep(state);
    const from = k < 0 ? STEPS.length : k;
    const to = Math.max(0, Math.min(STEPS.length - 1, from + (key === 'p' ? -1 : 1)));
    state.viewing = to === current ? undefined : to;
    follow();
  } else if (key === 'r' && k >= 0) {
    confirmFn = STEPS[k].functions[0];
    resetting = '';
  }
  render();
}

document.addEventListener('click', (e) => {
  const t = (e.target as HTMLElement).closest('button');
  if (!t) return;
  const ids: Record<string, string> = { hint: 'h', prev: 'p', next: 'n', reset: 'r' };
  if (t.id in ids) act(ids[t.id]);
  else if (t.dataset.file) {
    editor.show(t.dataset.file);
    tabs();
  } else if (t.dataset.step) {
    const j = Number(t.dataset.step);
    state.viewing = j === kata.currentStep(state) ? undefined : j;
    follow();
    render();
  } else if (t.id === 'yes' && confirmFn) {
    const s = STEPS.find((x) => x.functions.includes(confirmFn))!;
    resetting = s.file;
    post({ type: 'reset', seq: ++seq, file: s.file, fn: confirmFn, source: editor.text(s.file) });
    render();
  } else if (t.id === 'no') {
    confirmFn = '';
    render();
  } else if (t.id === 'download') for (const f of KATA_FILES) download(f, editor.text(f));
  else if (t.id === 'upload') ($('files') as HTMLInputElement).click();
});

document.addEventListener('keydown', (e) => {
  const inEditor = (e.target as HTMLElement).closest?.('.cm-editor');
  if (inEditor || e.ctrlKey || e.metaKey || e.altKey) return;
  if (confirmFn && !resetting && (e.key === 'y' || e.key === 'Enter')) ($('yes') as HTMLButtonElement).click();
  else if (['h', 'p', 'n', 'r'].includes(e.key)) act(e.key);
});

$('files').addEventListener('change', async (e) => {
  const input = e.target as HTMLInputElement;
  if (!input.files) return;
  const { texts, refused } = await upload(input.files);
  for (const [file, text] of Object.entries(texts)) editor.replace(file, text);
  const took = Object.keys(texts);
  state.note = refused.length > 0 ? `✗ ${refused.join('; ')}` : `Uploaded ${took.join(', ')}.`;
  input.value = '';
  render();
});

tabs();
render();
follow();

// Offline once loaded, and cross-origin isolated where the host sets no headers: the service worker (sw.ts).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js').then(
    () => {
      if (!crossOriginIsolated && !sessionStorage.getItem('kata-isolating')) {
        sessionStorage.setItem('kata-isolating', '1');
        navigator.serviceWorker.ready.then(() => location.reload());
      }
    },
    () => undefined,
  );
}
if (!crossOriginIsolated)
  state.note = '✗ This page needs cross-origin isolation to grade; it reloads once its service worker is installed.';
