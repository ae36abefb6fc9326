// `npm run grade` end to end, as a student or a CI job runs it (through
// node, to spare npm's start-up, except for the printed replay command): the
// exit status, the score table, every report, and a replay command that
// reproduces its failure.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../kata';
import { GRADED } from '../laws';
import { folder, full, lawCount, NO_BETA, run, TOTAL } from './e2e';

jest.setTimeout(120_000);

test('a correct folder outside the repository gets full marks, exit status 0 and every report', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'reports-'));
  const summary = path.join(out, 'summary.md');
  const { status, out: text } = run(
    `node properties/cli/grade.js --json ${out}/r.json --junit ${out}/j.xml --gradescope ${out}/g.json`,
    {
      KATA_DIR: folder(),
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
    },
  );
  expect(text).toContain(`Score: ${TOTAL}/${TOTAL} points. Laws: ${lawCount()} passed, 0 failed`);
  expect(text).toContain(`::notice title=Points::Points ${TOTAL}/${TOTAL}`);
  expect(status).toBe(0);

  const report = JSON.parse(fs.readFileSync(`${out}/r.json`, 'utf8'));
  expect(report).toMatchObject({
    schema: 'backprop-kata/report@1',
    score: TOTAL,
    maxScore: TOTAL,
    passed: true,
    graderFilesModified: [],
    lawsRun: lawCount(),
  });
  expect(report.functions).toHaveLength(8);
  for (const f of report.functions) {
    expect(Object.keys(f)).toEqual(['name', 'file', 'status', 'points', 'maxPoints', 'properties']);
    for (const p of f.properties) expect(p).toMatchObject({ status: 'passed', message: '', seed: 2019, replay: '' });
  }
  const junit = fs.readFileSync(`${out}/j.xml`, 'utf8');
  expect(
    junit.startsWith(
      `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="backprop-kata" tests="${lawCount()}" failures="0" errors="0">`,
    ),
  ).toBe(true);
  expect(junit.match(/<testcase /g)).toHaveLength(lawCount());
  const gradescope = JSON.parse(fs.readFileSync(`${out}/g.json`, 'utf8'));
  expect(gradescope.score).toBe(TOTAL);
  const seen = gradescope.tests.filter((t: { visibility?: string }) => t.visibility !== 'hidden');
  expect(seen.map((t: { max_score: number }) => t.max_score)).toEqual(GRADED.map((g) => full(g.fn)));
  // A test hidden from students tells the instructor what the code ran under, and a missing layer fails it.
  const hidden = gradescope.tests.filter((t: { visibility?: string }) => t.visibility === 'hidden');
  expect(hidden.map((t: { name: string }) => t.name)).toEqual(['Sandbox layers (instructors only)']);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { toGradescope } = require('../cli/report') as typeof import('../cli/report');
  const bare = toGradescope({ ...report, sandbox: { layers: ['stage', 'permission'], missing: ['namespaces'] } });
  expect(bare.tests.at(-1)).toMatchObject({ visibility: 'hidden', status: 'failed', max_score: 0 });
  expect(bare.tests.at(-1)!.output).toContain('Missing here: namespaces. Install bubblewrap');
  expect(bare.output).toBe(`Score: ${TOTAL}/${TOTAL}`);
  expect(fs.readFileSync(summary, 'utf8')).toContain(`### Backprop kata: ${TOTAL}/${TOTAL} points`);
});

test('the stubs in katas/ are each reported as not implemented, with exit status 1', () => {
  const { status, out } = run('node properties/cli/grade.js', { KATA_DIR: '' });
  expect(out).toMatch(new RegExp(`linearForward +0/${lawCount('linearForward')} +0/1 +not implemented`));
  expect(out).toMatch(new RegExp(`softmaxGradX +0/${lawCount('softmaxGradX')} +0/4 +not implemented`));
  expect(out).not.toMatch(/TypeError|at Object/);
  expect(status).toBe(1);
});

test('a failure is explained and annotated, and its replay command reproduces exactly that case', () => {
  const dir = folder([NO_BETA]);
  const first = run('node properties/cli/grade.js', { KATA_DIR: dir, GITHUB_ACTIONS: 'true' });
  expect(first.status).toBe(1);
  expect(first.out).toMatch(new RegExp(`softmaxJacobian +\\d+/${lawCount('softmaxJacobian')} +0/4 +\\d+ laws fail`));
  expect(first.out).toMatch(
    new RegExp(`softmaxGradX +${lawCount('softmaxGradX')}/${lawCount('softmaxGradX')} +4/4 +all laws hold`),
  );
  const line =
    fs
      .readFileSync(path.join(dir, 'softmax.ts'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('function softmaxJacobian')) + 1;
  expect(first.out).toContain(
    `::error file=${path.relative(path.resolve(__dirname, '../..'), path.join(dir, 'softmax.ts'))},line=${line},title=softmaxJacobian%3A failed::`,
  );

  const detail = first.out.slice(first.out.indexOf('✗ agrees with central differences of softmax'));
  const message = detail.split('\n')[1].trim();
  expect(message).toMatch(/^softmaxJacobian: J\[\d\]\[\d\] is .*, but the central difference/);
  expect(detail).toMatch(/why: +J_ij = ∂y_i\/∂x_j = β·y_i·\(δ_ij − y_j\)/);
  expect(detail).toMatch(/input: +x = \[.*\], beta = /);
  const replay = detail.match(/replay: +(.*)/)![1];
  expect(replay).toContain(`KATA_DIR='${dir}'`);

  const again = run(replay);
  expect(again.status).toBe(1);
  expect(again.out).toContain(message);
  expect(again.out).toContain('Laws: 0 passed, 1 failed');
});

test('a run in which no law runs fails', () => {
  const { status, out } = run("node properties/cli/grade.js -t 'no law is called this'", { KATA_DIR: 'solutions' });
  expect(out).toContain('no law was run, so nothing was graded');
  expect(status).toBe(1);
});

test("a report, and a gradebook's reason, lead with an answer's misuse of its inputs, not the value laws it fails for it", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'reports-'));
  const dir = folder([{ file: 'linear.ts', from: 'return dLdy.slice();', to: 'return dLdy as number[];' }]);
  const { out: text } = run(`node properties/cli/grade.js --json ${out}/r.json`, { KATA_DIR: dir });
  // The shape law and the inputs' law come first, each saying what the answer did.
  const section = text.slice(text.indexOf('✗ linearGradB'));
  expect(section).toMatch(
    /^✗ linearGradB: 5 laws fail\n {2}✗ returns m numbers\n {6}linearGradB returned \(part of\) its argument dLdy itself;.*\n {6}why: +the result must be m numbers,/,
  );
  expect(section).toMatch(
    /\n {2}✗ leaves its inputs unchanged and returns a fresh array\n[^\n]*\n[^\n]*\n {2}✗ agrees with/,
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the command line's JavaScript module
  const { functionRow } = require('../cli/gradebook') as typeof import('../cli/gradebook');
  const report = JSON.parse(fs.readFileSync(`${out}/r.json`, 'utf8'));
  const row = functionRow(report.functions.find((f: { name: string }) => f.name === 'linearGradB'));
  expect(row).toMatchObject({
    law: 'returns m numbers',
    reason:
      'linearGradB returned (part of) its argument dLdy itself; return a new array (for example with .slice() or .map())',
  });
});

test('on Windows, npm run grade and npm run kata say in one line what to do, and exit with 2: no stack trace, no 0/0', () => {
  for (const cli of ['grade', 'kata']) {
    const r = spawnSync(
      process.execPath,
      [
        '-e',
        `Object.defineProperty(process, 'platform', { value: 'win32' }); process.argv = [process.argv[0], '${cli}.js'];` +
          ` require('./properties/cli/${cli}.js');`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect([cli, r.status, r.stdout, r.stderr.trim().split('\n').length]).toEqual([cli, 2, '', 1]);
    expect(r.stderr).toMatch(/^npm run grade and npm run kata need Linux or macOS .* WSL /);
  }
});
