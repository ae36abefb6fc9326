// The class report in a real browser: headless Chromium (Debian's package,
// which .ci/run installs) driven by puppeteer-core. The page opens from a
// file with no request leaving it and no console error, and its charts and
// tables show the counts of a known class. Where no Chromium is installed,
// the test is skipped with a warning, never passed.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import type { FunctionName } from '../contract';
import { ROOT } from '../kata';
import { POINTS } from '../layout.js';
import { CHROMIUM, NO_BETA_ROW } from './e2e';

jest.setTimeout(120_000);

if (!CHROMIUM)
  console.warn('No Chromium on this machine (apt-get install chromium): the class report is not opened in a browser.');
const maybe = CHROMIUM ? test : test.skip;

type Fn = FunctionName;
// Each function's worth, from the grader's own points table.
const points = Object.fromEntries(
  Object.entries(POINTS).map(([fn, groups]) => [fn, groups.core + (groups.stability ?? 0)]),
) as Record<Fn, number>;
const maxScore = Object.values(points).reduce((a, b) => a + b, 0);

/** A row of a known class: every function passed but those given. */
function row(submission: string, lost: Partial<Record<Fn, Record<string, string>>>, notes = '') {
  const functions = Object.fromEntries(
    (Object.keys(points) as Fn[]).map((fn) => [
      fn,
      lost[fn]
        ? { points: 0, maxPoints: points[fn], ...lost[fn] }
        : { points: points[fn], maxPoints: points[fn], status: 'passed' },
    ]),
  );
  const score = (Object.keys(points) as Fn[]).reduce((s, fn) => s + (lost[fn] ? 0 : points[fn]), 0);
  return { submission, score, maxScore, functions, notes, graderFilesModified: [], layers: ['stage'] };
}

// The known failure, without the points row() sets itself.
const missingBeta = Object.fromEntries(
  Object.entries(NO_BETA_ROW).filter(([k]) => k !== 'points' && k !== 'maxPoints'),
) as Record<string, string>;

maybe('the class report opens offline in Chromium, with no console error, and its charts show the class', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'class-'));
  const partial = path.join(dir, 'partial');
  fs.mkdirSync(partial);
  const book = {
    schema: 'backprop-kata/gradebook@1',
    seed: 42,
    sandbox: 'required',
    graderVersion: '0123456789abcdef',
    submissions: [
      row('ada', {}),
      row('bob', { softmaxJacobian: missingBeta }),
      row('cy', { softmaxJacobian: missingBeta }),
      row('dee', { linearGradW: { status: 'timeout' } }, 'linearGradW: timeout: linearGradW did not return within 3 s'),
    ],
  };
  fs.writeFileSync(path.join(partial, 'gradebook.json'), JSON.stringify(book));
  const out = path.join(dir, 'class');
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'properties/cli/grade.js'), '--merge', partial, '--out', out],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  expect(r.status).toBe(0);
  const file = path.join(out, 'class-report.html');
  expect(fs.readFileSync(file, 'utf8')).not.toMatch(/<script|https?:\/\//);

  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    userDataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-')),
  });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e}`));
    page.on('request', (q) => {
      if (!/^(file|data):/.test(q.url())) problems.push(`request: ${q.url()}`);
    });
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    const titles = (selector: string) =>
      page.$$eval(`${selector} svg title`, (ts) => ts.map((t) => t.textContent ?? '').filter((t) => !/: 0$/.test(t)));
    const scores = [book.submissions[1].score, book.submissions[3].score, maxScore];
    expect((await titles('#scores')).sort()).toEqual(
      [`${scores[0]} points: 2`, `${scores[1]} points: 1`, `${scores[2]} points: 1`].sort(),
    );
    const statuses = await titles('#functions');
    expect(statuses).toEqual(
      expect.arrayContaining([
        'softmaxJacobian failed: 2',
        'softmaxJacobian passed: 2',
        'linearGradW timed out: 1',
        'linearGradW passed: 3',
        'softmax passed: 4',
      ]),
    );
    const misconceptions = await page.$$eval('#misconceptions tbody tr', (rows) =>
      rows.map((r) => r.textContent ?? ''),
    );
    expect(misconceptions).toHaveLength(1);
    expect(misconceptions[0]).toMatch(/^2softmaxJacobiansoftmaxJacobian\/missing-beta.*bob, cy/);
    expect(await page.$$eval('#trouble tbody tr', (rows) => rows.map((r) => r.textContent ?? ''))).toEqual([
      'deelinearGradW: timeout: linearGradW did not return within 3 s',
    ]);
    await page.setViewport({ width: 1000, height: 1600 });
    await page.screenshot({ path: path.join(os.tmpdir(), 'class-report.png'), fullPage: true });
    expect(problems).toEqual([]);
  } finally {
    await browser.close();
  }
});
