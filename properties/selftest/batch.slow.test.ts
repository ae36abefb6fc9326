// What students' code can do to a grading run: never return, not parse, not
// type-check, import the answers. Each is reported and the rest still graded, alone and
// in a batch of submissions.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../kata';
import { GRADED } from '../laws';
import {
  folder,
  full,
  HANG,
  lawCount,
  NO_BETA,
  NO_BETA_ROW,
  pointsRow,
  run,
  marksWith,
  core,
  SYNTAX_ERROR,
  TOP_LEVEL_TYPE_ERROR,
  TOTAL,
  TYPE_ERROR,
} from './e2e';

/** A file's functions at 0 points: the softmax's, every function's. */
const SOFTMAX_ZERO = { softmax: 0, softmaxJacobian: 0, softmaxGradX: 0 };
const NOTHING = Object.fromEntries(GRADED.map((g) => [g.fn, 0]));

/** The line of solutions/<file> that holds text. */
const lineOf = (file: string, text: string) =>
  fs
    .readFileSync(path.join(ROOT, 'solutions', file), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text)) + 1;

jest.setTimeout(180_000);

test('a function that never returns is reported as timed out with its input, and everything else is graded, within 60 s', () => {
  // A shorter hang budget than the default 3 s keeps npm test quick; the default is timed in the closing notes.
  const dir = folder([HANG]);
  const json = path.join(dir, '..', `${path.basename(dir)}-report.json`);
  const { status, out, seconds } = run(`node properties/cli/grade.js --json ${json}`, {
    KATA_DIR: dir,
    KATA_HANG_MS: '1500',
  });
  expect(out).toMatch(
    /✗ linearGradW: timed out: linearGradW did not return within 1.5 s \(law: .*; input: dLdy = \[.*\], x = \[.*\]\)/,
  );
  const held = (fn: 'linearGradX' | 'softmaxGradX') => `${lawCount(fn)}/${lawCount(fn)}`;
  const of = (fn: string) => `${full(fn)}/${full(fn)}`;
  expect(out).toMatch(new RegExp(`linearGradW +0/${lawCount('linearGradW')} +0/${full('linearGradW')} +timed out`));
  expect(out).toMatch(new RegExp(`linearGradX +${held('linearGradX')} +${of('linearGradX')} +all laws hold`));
  expect(out).toMatch(new RegExp(`softmaxGradX +${held('softmaxGradX')} +${of('softmaxGradX')} +all laws hold`));
  expect(out).toContain(`Score: ${marksWith({ linearGradW: 0 })}/${TOTAL} points`);
  expect(status).toBe(1);
  expect(seconds).toBeLessThan(60);
  // Its replay names the case (KATA_PATH), so that it reruns that case alone: timed out again, on the same input.
  const report = JSON.parse(fs.readFileSync(json, 'utf8'));
  const hung = report.functions
    .find((f: { name: string }) => f.name === 'linearGradW')
    .properties.find((p: { status: string }) => p.status === 'timeout');
  expect(hung.replay).toMatch(/^KATA_SEED=2019 KATA_PATH=\d+(:\d+)* KATA_DIR=/);
  const again = run(hung.replay, { KATA_HANG_MS: '1500' });
  expect(again.out).toContain(`input: ${hung.input})`);
  expect(again.out).toMatch(/linearGradW +0\/1 /);
});

test('a batch of submissions gets a gradebook, with a row for those that hang or do not compile', () => {
  const batch = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-'));
  folder([], path.join(batch, 'ada'));
  folder([HANG], path.join(batch, 'bob'));
  folder([SYNTAX_ERROR], path.join(batch, 'cy'));
  folder([TYPE_ERROR], path.join(batch, 'eve'));
  folder([TOP_LEVEL_TYPE_ERROR], path.join(batch, 'fay'));
  const cheat = folder([], path.join(batch, 'dee'));
  fs.writeFileSync(path.join(cheat, 'softmax.ts'), "export * from '../../solutions/softmax';\n");
  // A shorter hang budget than the default 3 s, to keep npm test quick.
  const { status, out, seconds } = run(`node properties/cli/grade.js --batch ${batch}`, { KATA_HANG_MS: '1000' });
  expect(status).toBe(0);
  expect(seconds).toBeLessThan(60);
  const graded = `${batch}-gradebook`;
  expect(out).toContain(
    `wrote ${['gradebook.json', 'gradebook.csv', 'class-report.html', 'class-report.md'].map((f) => path.join(graded, f)).join(', ')} (6 submissions)`,
  );

  const csv = fs.readFileSync(path.join(graded, 'gradebook.csv'), 'utf8').trim().split('\n');
  expect(csv[0]).toBe(
    ['submission', ...GRADED.map((g) => g.fn), 'total', 'max', 'why', 'notes', 'commit', 'pushed'].join(','),
  );
  expect(csv[1]).toBe(`ada,${pointsRow()},,,,`);
  expect(csv[2]).toMatch(
    new RegExp(
      `^bob,${pointsRow({ linearGradW: 0 })},linearGradW: timeout,"?linearGradW: timeout: linearGradW did not return within 1 s`,
    ),
  );
  // A compile error inside a function costs that function; one outside every function, the file (fay).
  expect(csv[3]).toBe(
    `cy,${pointsRow({ linearGradB: 0 })},linearGradB: error,linearGradB: error: linearGradB does not compile: linear.ts:${lineOf('linear.ts', SYNTAX_ERROR.from)}:21 - error TS1005: ')' expected.,,`,
  );
  expect(csv[4]).toMatch(
    new RegExp(
      `^dee,${pointsRow(SOFTMAX_ZERO)},softmax: error; softmaxJacobian: error; softmaxGradX: error,"softmax softmaxJacobian softmaxGradX: error: softmax.ts imports '../../solutions/softmax' from outside its folder`,
    ),
  );
  expect(csv[5]).toBe(
    `eve,${pointsRow({ softmax: 0 })},softmax: error,softmax: error: softmax does not compile: softmax.ts:8:9 - error TS2322: Type 'number' is not assignable to type 'string'. (and 1 more),,`,
  );
  expect(csv[6]).toBe(
    `fay,${pointsRow(SOFTMAX_ZERO)},softmax: error; softmaxJacobian: error; softmaxGradX: error,softmax softmaxJacobian softmaxGradX: error: softmax.ts does not compile: softmax.ts:6:7 - error TS2322: Type 'string' is not assignable to type 'number'.,,`,
  );

  const book = JSON.parse(fs.readFileSync(path.join(graded, 'gradebook.json'), 'utf8'));
  expect(book.submissions.map((s: { submission: string; score: number }) => [s.submission, s.score])).toEqual([
    ['ada', TOTAL],
    ['bob', marksWith({ linearGradW: 0 })],
    ['cy', marksWith({ linearGradB: 0 })],
    ['dee', marksWith(SOFTMAX_ZERO)],
    ['eve', marksWith({ softmax: 0 })],
    ['fay', marksWith(SOFTMAX_ZERO)],
  ]);
  expect(book.schema).toBe('backprop-kata/gradebook@1');
  // Every setting that changes marks is recorded, so that --seed with them reproduces the batch.
  expect(book.settings).toEqual({ runs: 50, hangMs: 1000, typeErrors: 'function' });
  expect([book.laws, book.points.softmaxJacobian.core]).toEqual(['every law', core('softmaxJacobian')]);
  expect(book.graderVersion).toMatch(/^[0-9a-f]{16}$/);
  expect(book.submissions[1].functions.linearGradW).toMatchObject({
    points: 0,
    maxPoints: full('linearGradW'),
    status: 'timeout',
  });
  expect(book.submissions[1].functions.linearGradW.lawCode).toMatch(/^linearGradW\//);
  // Each student's full report, text and JSON, ready to hand back.
  const feedback = path.join(graded, 'feedback');
  expect(fs.readdirSync(feedback).sort()).toEqual(
    ['ada', 'bob', 'cy', 'dee', 'eve', 'fay'].flatMap((s) => [`${s}.json`, `${s}.txt`]),
  );
  expect(fs.readFileSync(path.join(feedback, 'ada.txt'), 'utf8')).toContain(`Score: ${TOTAL}/${TOTAL} points.`);
  expect(fs.readFileSync(path.join(feedback, 'cy.txt'), 'utf8')).toContain('linearGradB does not compile');
  expect(JSON.parse(fs.readFileSync(path.join(feedback, 'bob.json'), 'utf8'))).toMatchObject({
    schema: 'backprop-kata/report@1',
    score: marksWith({ linearGradW: 0 }),
  });
  // The grader never writes into the folders it grades.
  expect(fs.readdirSync(path.join(batch, 'ada')).sort()).toEqual(['linear.ts', 'softmax.ts']);
});

test('a batch past its deadline still gives every folder a row, saying it was not graded', () => {
  const batch = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-'));
  folder([], path.join(batch, 'ada'));
  folder([], path.join(batch, 'bob'));
  const { status, seconds } = run(`node properties/cli/grade.js --batch ${batch} --deadline 0.1`);
  expect(status).toBe(0);
  expect(seconds).toBeLessThan(10);
  const csv = fs
    .readFileSync(path.join(`${batch}-gradebook`, 'gradebook.csv'), 'utf8')
    .trim()
    .split('\n');
  expect(csv.slice(1)).toEqual([
    `ada,${pointsRow(NOTHING)},,not graded: the batch ran out of time (--deadline 0.1),,`,
    `bob,${pointsRow(NOTHING)},,not graded: the batch ran out of time (--deadline 0.1),,`,
  ]);
});

test('bad options exit with 2 and say which option and what it allows', () => {
  expect(run('node properties/cli/grade.js --sandbox maybe')).toMatchObject({ status: 2 });
  expect(run('node properties/cli/grade.js --sandbox maybe').out).toContain(
    "--sandbox must be auto, required or off, got 'maybe'",
  );
  expect(run('node properties/cli/grade.js --seed=-3').out).toContain(
    "--seed must be a non-negative integer, got '-3'",
  );
  expect(run("node properties/cli/grade.js -t '['").out).toContain("-t must be a regular expression, got '['");
  for (const [command, line] of [
    ['KATA_SEED=abc node properties/cli/grade.js', "KATA_SEED must be a whole number from 0 to 2147483647, got 'abc'"],
    [
      'KATA_HANG_MS=abc node properties/cli/grade.js',
      "KATA_HANG_MS must be a whole number of milliseconds from 100 to 600000, got 'abc'",
    ],
    ['KATA_RUNS=0 node properties/cli/kata.js', "KATA_RUNS must be a whole number from 1 to 100000, got '0'"],
    ['KATA_DIR=/no/such/folder node properties/cli/grade.js', "KATA_DIR must be a folder, got '/no/such/folder'"],
    ['node properties/cli/kata.js --frobnicate', "Unknown option '--frobnicate'"],
    [
      'node properties/cli/grade.js --exercises linear,nosuch',
      'KATA_EXERCISES must be exercise names joined by commas (linear, softmax, ',
    ],
    ['KATA_EXERCISES=nosuch node properties/cli/kata.js', 'KATA_EXERCISES must be exercise names joined by commas'],
    ['node properties/cli/grade.js --batch /no/such/folder', '--batch must be a folder of submission folders'],
    ['node properties/cli/grade.js --batch properties -t x', '-t picks laws for a replay, not marks'],
    ['node properties/cli/export-template.js --frobnicate', 'usage: npm run export-template -- [--graded'],
    ['node properties/cli/export-template.js --hints 2 out', 'usage: npm run export-template -- [--graded'],
    ['node properties/cli/export-template.js --graded --hints many out', 'usage: npm run export-template -- [--graded'],
  ]) {
    const r = run(command);
    expect([command, r.status, r.out.trim().split('\n').length]).toEqual([command, 2, 1]);
    expect(r.out).toContain(line);
  }
  // --help is help, never a folder's name.
  expect(run('node properties/cli/export-template.js --help')).toMatchObject({ status: 0 });
  expect(fs.existsSync(path.join(ROOT, '--help'))).toBe(false);
  // Help lists every option and every setting, with its default.
  for (const command of ['grade', 'kata']) {
    const help = run(`node properties/cli/${command}.js --help`);
    expect(help.status).toBe(0);
    for (const name of [
      'KATA_DIR (default katas)',
      'KATA_SEED (default 2019)',
      'KATA_RUNS (default 50)',
      'KATA_HANG_MS (default 3000)',
    ]) {
      expect(help.out).toContain(name);
    }
  }
  expect(run('node properties/cli/grade.js --help').out).toMatch(
    /--sandbox <value>[\s\S]*--seed <value>[\s\S]*--deadline <value>[\s\S]*KATA_REPORT/,
  );
});

test('the gradebook says why: the misconception each answer shows, as a stable code and in the CSV', () => {
  const batch = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-'));
  folder([NO_BETA], path.join(batch, 'eve'));
  expect(run(`node properties/cli/grade.js --batch ${batch}`).status).toBe(0);
  const book = JSON.parse(fs.readFileSync(path.join(`${batch}-gradebook`, 'gradebook.json'), 'utf8'));
  expect(book.submissions[0].functions.softmaxJacobian).toEqual(NO_BETA_ROW);
  expect(book.submissions[0].layers).toContain('stage');
  const csv = fs
    .readFileSync(path.join(`${batch}-gradebook`, 'gradebook.csv'), 'utf8')
    .trim()
    .split('\n');
  expect(csv[1]).toBe(`eve,${pointsRow({ softmaxJacobian: 0 })},softmaxJacobian: missing-beta,,,`);
});

test("a batch's outputs go where no submission can take their place, and one that cannot be written costs no other", () => {
  const batch = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-'));
  // Submissions named as the outputs are: graded like any other.
  for (const name of ['gradebook.csv', 'gradebook.json', 'class-report.html', 'class-report.md', 'ada'])
    folder([], path.join(batch, name));
  const graded = `${batch}-gradebook`;
  const first = run(`node properties/cli/grade.js --batch ${batch} --seed 3`);
  expect(first.status).toBe(0);
  const book = JSON.parse(fs.readFileSync(path.join(graded, 'gradebook.json'), 'utf8'));
  expect(book.submissions.map((s: { submission: string; score: number }) => [s.submission, s.score])).toEqual([
    ['ada', TOTAL],
    ['class-report.html', TOTAL],
    ['class-report.md', TOTAL],
    ['gradebook.csv', TOTAL],
    ['gradebook.json', TOTAL],
  ]);
  // Nothing was written into the batch's folder.
  expect(fs.readdirSync(batch).sort()).toEqual([
    'ada',
    'class-report.html',
    'class-report.md',
    'gradebook.csv',
    'gradebook.json',
  ]);
  // An output that cannot be written (here a folder stands in its place) is named; the others are written.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'out-'));
  fs.mkdirSync(path.join(out, 'class-report.html'));
  const second = run(`node properties/cli/grade.js --batch ${batch} --seed 3 --out ${out}`);
  expect(second.status).toBe(1);
  expect(second.out).toContain(`could not write ${path.join(out, 'class-report.html')}: `);
  expect(fs.readFileSync(path.join(out, 'gradebook.csv'), 'utf8')).toBe(
    fs.readFileSync(path.join(graded, 'gradebook.csv'), 'utf8'),
  );
  expect(fs.existsSync(path.join(out, 'class-report.md'))).toBe(true);
  expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  // Outputs inside the batch are refused before anything runs.
  const inside = run(`node properties/cli/grade.js --batch ${batch} --out ${path.join(batch, 'results')}`);
  expect([inside.status, inside.out.trim().split('\n').length]).toEqual([2, 1]);
  expect(inside.out).toContain('--out must be outside the --batch folder');
});

test('an assignment is a selection of exercises: a folder needs only its files, and its gradebook says which', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assignment-'));
  fs.copyFileSync(path.join(ROOT, 'solutions', 'linear.ts'), path.join(dir, 'linear.ts'));
  const single = run('node properties/cli/grade.js --exercises linear', { KATA_DIR: dir });
  const linear = GRADED.filter((g) => g.fn.startsWith('linear')).reduce((s, g) => s + full(g.fn), 0);
  expect(single.out).toMatch(new RegExp(`total +${linear}/${linear}\n`));
  expect(single.out).not.toMatch(/softmax/);
  expect(single.status).toBe(0);
  const batch = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-'));
  fs.cpSync(dir, path.join(batch, 'ada'), { recursive: true });
  expect(run(`node properties/cli/grade.js --batch ${batch} --seed 5`, { KATA_EXERCISES: 'linear.ts' }).status).toBe(0);
  const book = JSON.parse(fs.readFileSync(path.join(`${batch}-gradebook`, 'gradebook.json'), 'utf8'));
  expect([book.exercises, book.submissions[0].score, book.submissions[0].maxScore]).toEqual(['linear', linear, linear]);
  // A gradebook of another assignment does not merge with it.
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-'));
  folder([], path.join(other, 'bob'));
  run(`node properties/cli/grade.js --batch ${other} --seed 5`);
  const merged = run(
    `node properties/cli/grade.js --merge ${batch}-gradebook ${other}-gradebook --out ${path.join(other, 'm')}`,
  );
  expect(merged.status).toBe(2);
  expect(merged.out).toContain('the partial gradebooks differ in exercises: linear, linear,softmax');
});

test("what a type error costs is the instructor's to set: the function it sits in, its file, or nothing", () => {
  const dir = folder([TYPE_ERROR]); // a type error inside softmax
  const scoreWith = (policy: string) =>
    run('node properties/cli/grade.js', { KATA_DIR: dir, KATA_TYPE_ERRORS: policy });
  expect(scoreWith('function').out).toContain(`Score: ${marksWith({ softmax: 0 })}/${TOTAL}`);
  expect(scoreWith('file').out).toContain(`Score: ${marksWith(SOFTMAX_ZERO)}/${TOTAL}`);
  const report = scoreWith('report');
  expect(report.out).toContain(`Score: ${TOTAL}/${TOTAL}`);
  expect(report.out).toContain('⚠ softmax.ts does not compile, which costs nothing here (KATA_TYPE_ERRORS=report):');
  expect(report.out).toMatch(/softmax\.ts:8:9 - error TS2322/);
  const bad = scoreWith('maybe');
  expect([bad.status, bad.out.trim()]).toEqual([
    2,
    "KATA_TYPE_ERRORS must be function, file or report, got 'maybe' (npm run grade -- --help lists what is allowed)",
  ]);
});

test("--regrade grades one student again with the batch's seed and settings, and updates the gradebook in place", () => {
  const batch = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-'));
  folder([], path.join(batch, 'ada'));
  const eve = folder([NO_BETA], path.join(batch, 'eve'));
  expect(run(`node properties/cli/grade.js --batch ${batch} --seed 11`, { KATA_HANG_MS: '1000' }).status).toBe(0);
  const graded = `${batch}-gradebook`;
  const book = () => JSON.parse(fs.readFileSync(path.join(graded, 'gradebook.json'), 'utf8'));
  expect(book().submissions.map((s: { score: number }) => s.score)).toEqual([TOTAL, marksWith({ softmaxJacobian: 0 })]);

  // Eve mends her Jacobian after the deadline; this shell's settings differ, and the gradebook's are taken.
  fs.copyFileSync(path.join(ROOT, 'solutions/softmax.ts'), path.join(eve, 'softmax.ts'));
  const again = run(`node properties/cli/grade.js --regrade ${eve}`, { KATA_HANG_MS: '5000', KATA_RUNS: '7' });
  expect(again.status).toBe(0);
  expect(again.out).toContain("seed 11, as the batch's gradebook records");
  const after = book();
  expect(after.submissions.map((s: { submission: string; score: number }) => [s.submission, s.score])).toEqual([
    ['ada', TOTAL],
    ['eve', TOTAL],
  ]);
  expect([after.seed, after.settings]).toEqual([11, { runs: 50, hangMs: 1000, typeErrors: 'function' }]);
  expect(fs.readFileSync(path.join(graded, 'gradebook.csv'), 'utf8')).toContain(`\neve,${pointsRow()},`);
  expect(fs.readFileSync(path.join(graded, 'feedback', 'eve.txt'), 'utf8')).toContain(
    `Score: ${TOTAL}/${TOTAL} points.`,
  );
  // Graded as the batch was: its seed and its KATA_RUNS, not this shell's 7.
  const report = JSON.parse(fs.readFileSync(path.join(graded, 'feedback', 'eve.json'), 'utf8'));
  expect([report.seed, report.runs]).toEqual([11, 50]);

  // Only a folder of the batch, and only with the gradebook's own seed.
  expect(run(`node properties/cli/grade.js --regrade ${path.join(batch, 'nobody')}`).status).toBe(2);
  expect(run(`node properties/cli/grade.js --regrade ${eve} --seed 3`).status).toBe(2);
});
