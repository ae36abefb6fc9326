// The kata's web page in a real browser: headless Chromium driven by
// puppeteer-core opens the built site (npm run web) from a local server on
// the loopback, with every request to another origin aborted and counted.
// Typed into the editor: a linearForward without its bias (the diagnosis
// shows), an infinite loop (timed out within the limit, while the page keeps
// answering keys), then the reference answers (full marks), and a reload
// (progress kept). No console or page error may occur. It prints the figures:
// the page's weight, the time to the first verdict, and the re-grade after an
// edit beside npm run kata's, measured in the same run. Where no Chromium is
// installed, it is skipped with a warning, never passed.

import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { measureWatch, median } from '../../properties/bench/speed';
import { ROOT } from '../../properties/kata';
import { ALL_EXERCISES } from '../../properties/exercises/select';
import { CHROMIUM } from '../../properties/selftest/e2e';
import { DEFAULT_LIMITS } from '../../properties/sandbox/limits';
import { build, OUT } from '../build';
import { serve } from '../serve';

jest.setTimeout(300_000);

if (!CHROMIUM)
  console.warn('No Chromium on this machine (apt-get install chromium): the web page is not opened in a browser.');
const maybe = CHROMIUM ? test : test.skip;

const solution = (file: string) => fs.readFileSync(path.join(ROOT, 'solutions', file), 'utf8');
const stub = (file: string) => fs.readFileSync(path.join(ROOT, 'katas', file), 'utf8');
const FORWARD_STUB = `  // TODO: compute y_i = Σ_j W[i][j]·x[j] + b[i] for every row i.
  throw new Error('Remove this line and implement linearForward');`;

let browser: Browser | undefined;
let server: Server | undefined;
afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** How many grades the page has shown. */
const graded = (page: Page) => page.evaluate(() => Number(document.body.dataset.graded));

/** Every exercise's kata file, in the registry's order. */
const FILES = ALL_EXERCISES.map((e) => e.file);

/** Types `text` over the whole of `file` in the editor, as a paste would. */
async function paste(page: Page, file: string, text: string): Promise<void> {
  await page.click(`#tabs button[data-file="${file}"]`);
  await page.click('.cm-content');
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.keyboard.sendCharacter(text);
}

/** Pastes `text` over `file` and waits for its grade. */
async function typeFile(page: Page, file: string, text: string): Promise<void> {
  const before = await graded(page);
  await paste(page, file, text);
  await page.waitForFunction(
    (n) => Number(document.body.dataset.graded) > n && !document.body.dataset.grading,
    {},
    before,
  );
}

const stepText = (page: Page) => page.$eval('#step', (e) => (e as HTMLElement).innerText);

maybe('the kata runs in Chromium offline: diagnosis, time-out, full marks, reload; with its figures', async () => {
  const files = await build();
  server = await serve(OUT, 0);
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  const left: string[] = [];
  const problems: string[] = [];
  const fetched = new Set<string>();
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    if (r.url().startsWith(`${origin}/`)) {
      fetched.add(new URL(r.url()).pathname.slice(1) || 'index.html');
      void r.continue();
    } else {
      left.push(r.url());
      void r.abort();
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${(e as Error).message}`));
  page.on('workercreated', (w) => fetched.add(new URL(w.url()).pathname.slice(1)));

  await page.goto(`${origin}/`);
  await page.waitForFunction(() => Number(document.body.dataset.graded) >= 1);
  const firstVerdict = await page.evaluate(
    () => (window as unknown as { kataTimes: { firstVerdict: number } }).kataTimes.firstVerdict,
  );
  expect(await stepText(page)).toContain('linearForward is not implemented yet');

  // A linearForward without its bias: the diagnosis says so.
  const noBias = stub('linear.ts').replace(
    FORWARD_STUB,
    '  return W.map((row) => row.reduce((acc, Wij, j) => acc + Wij * x[j], 0));',
  );
  expect(noBias).not.toBe(stub('linear.ts'));
  await typeFile(page, 'linear.ts', noBias);
  const wrong = await stepText(page);
  expect(wrong).toMatch(/✗ linearForward/);
  expect(wrong).toMatch(/diagnosis: .*bias/i);
  expect(wrong).toContain('input:');

  // An infinite loop: timed out within the limit, naming the input, while the page answers a key at once.
  const loop = stub('linear.ts').replace(FORWARD_STUB, '  for (;;) x.slice();');
  const before = await graded(page);
  const typed = Date.now();
  await paste(page, 'linear.ts', loop);
  await page.waitForFunction(() => document.body.dataset.grading === '1');
  await new Promise((r) => setTimeout(r, 500));
  await page.click('#step h2');
  const pressed = Date.now();
  await page.keyboard.press('h');
  await page.waitForFunction(() => document.querySelectorAll('.hints li').length >= 1, { timeout: 1000 });
  const answeredIn = Date.now() - pressed;
  expect(await page.evaluate(() => document.body.dataset.grading)).toBe('1');
  await page.waitForFunction(
    (n) => Number(document.body.dataset.graded) > n && !document.body.dataset.grading,
    {},
    before,
  );
  const timedOutIn = (Date.now() - typed) / 1000;
  const hung = await stepText(page);
  expect(hung).toContain(`linearForward did not return within ${DEFAULT_LIMITS.hangMs / 1000} s`);
  expect(hung).toMatch(/input: W = /);
  expect(timedOutIn).toBeLessThan(DEFAULT_LIMITS.hangMs / 1000 + 5);

  // The reference answers, file by file in the steps' order: every step done, full marks.
  for (const file of FILES) await typeFile(page, file, solution(file));
  expect(await stepText(page)).toMatch(/All \d+ steps done/);
  const total = (await page.$eval('#score', (e) => (e as HTMLElement).innerText)).match(/^total\s+(\d+)\/(\d+)$/m);
  expect(total).not.toBeNull();
  expect(total?.[1]).toBe(total?.[2]);
  expect(await page.$eval('#solutions', (e) => e.textContent)).toContain('Compare with solutions/linear.ts');

  // A write into an argument, put back before returning, with the answer's encoding patched to hide it: the
  // student worker writes its answers with builtins captured before the student's code ran, so it is seen.
  const GRAD_B = 'export function linearGradB(dLdy: readonly number[]): number[] {\n  return dLdy.slice();';
  const hidden = solution('linear.ts').replace(
    GRAD_B,
    `${GRAD_B.split('\n')[0]}
  const encode = TextEncoder.prototype.encode;
  TextEncoder.prototype.encode = function (text?: string) {
    return encode.call(this, (text ?? '').replace(/"wrote":\\[[^\\]]*\\]/g, '"wrote":[]'));
  };
  const kept = dLdy[0];
  (dLdy as number[])[0] = 7;
  (dLdy as number[])[0] = kept;
  return dLdy.slice();`,
  );
  expect(hidden).not.toBe(solution('linear.ts'));
  await typeFile(page, 'linear.ts', hidden);
  expect(await stepText(page)).toContain('linearGradB wrote into its argument dLdy');
  await typeFile(page, 'linear.ts', solution('linear.ts'));

  // Re-grades after an edit: a comment appended each time, so the text differs.
  const regrade = [];
  for (let k = 0; k < 7; k++) {
    await typeFile(page, 'linear.ts', `${solution('linear.ts')}// edit ${k}\n`);
    regrade.push(
      await page.evaluate(() => (window as unknown as { kataTimes: { grades: number[] } }).kataTimes.grades.at(-1)!),
    );
  }

  // A reload resumes: the files and the progress are still there.
  await page.reload();
  await page.waitForFunction(() => Number(document.body.dataset.graded) >= 1 && !document.body.dataset.grading);
  const progress = await page.$eval('#progress', (e) => (e as HTMLElement).innerText);
  expect(progress).toMatch(/(\d+)\/\1 steps/);
  expect(await stepText(page)).toMatch(/All \d+ steps done/);
  await page.screenshot({ path: path.join(os.tmpdir(), 'web-screenshot.png'), fullPage: true });

  expect(left).toEqual([]);
  expect(problems).toEqual([]);

  // npm run kata's re-grade, on the same exercises and answers, in the same run.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'web-kata-'));
  for (const f of FILES) fs.writeFileSync(path.join(dir, f), solution(f));
  const kata = await measureWatch(7, { dir, env: { ...process.env, KATA_EXERCISES: 'all' } });
  fs.rmSync(dir, { recursive: true, force: true });

  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const loaded = files.filter((f) => fetched.has(f.file));
  const sum = (key: 'bytes' | 'gzip') => loaded.reduce((s, f) => s + f[key], 0);
  const figures = [
    `web page: ${loaded.map((f) => f.file).join(', ')}: ${kb(sum('bytes'))} transferred as served here, ${kb(sum('gzip'))} gzipped`,
    `  (${files.map((f) => `${f.file} ${kb(f.bytes)} / ${kb(f.gzip)} gz`).join('; ')})`,
    `first verdict: ${(firstVerdict / 1000).toFixed(2)} s after opening the page`,
    `infinite loop: reported ${timedOutIn.toFixed(1)} s after the edit (limit ${DEFAULT_LIMITS.hangMs / 1000} s); a key answered in ${answeredIn} ms meanwhile`,
    `re-grade after an edit, every exercise (${total?.[2]} points): web median ${median(regrade).toFixed(3)} s ` +
      `(${regrade.map((t) => t.toFixed(3)).join(' ')}); npm run kata median ${median(kata).toFixed(3)} s ` +
      `(${kata.map((t) => t.toFixed(3)).join(' ')})`,
  ];
  console.log(figures.join('\n'));
  fs.writeFileSync(path.join(OUT, 'figures.txt'), figures.join('\n') + '\n');
});
