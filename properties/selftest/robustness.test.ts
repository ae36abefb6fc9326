// Whatever a folder holds, each function gets one plain-words message that
// names it and says what was expected; a file that imports from outside its
// folder scores zero; a file that does not compile names file and line.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FunctionName, Kata } from '../contract';
import { ROOT } from '../kata';
import { fmtApart, fmtValue } from '../law';
import { DEFAULT_SEED } from '../run';
import { gradeAll, gradeFolderHere } from './grading';
import { decodeAnswer, Described, StudentGone } from '../sandbox/wire';
import { callDeadline, goneFor } from '../sandbox/calls';
import { gradeOutcomes } from '../engine';
import { openSubmission } from '../sandbox/submission';
import { folder as e2eFolder } from './e2e';
import { reference } from './wrong';

/** The first message for fn when its implementation is replaced by impl. */
function firstMessage(fn: FunctionName, impl: unknown): { status: string; message: string } {
  const kata = { ...reference, [fn]: impl } as Partial<Kata>;
  const v = gradeAll(kata, [DEFAULT_SEED], 5).find((x) => x.fn === fn && x.outcome.status !== 'passed');
  return { status: v?.outcome.status ?? 'passed', message: v?.outcome.message ?? '' };
}

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const solution = (file: string) => fs.readFileSync(path.join(ROOT, 'solutions', file), 'utf8');

test.each([
  [
    'throws',
    () => {
      throw new RangeError('index out of range');
    },
    /^linearGradW threw RangeError: index out of range$/,
  ],
  [
    'returns undefined',
    () => undefined,
    /^linearGradW: ∂L\/∂W should be a \d×\d matrix \(an array of \d rows?\), got undefined$/,
  ],
  [
    'returns NaN entries',
    (g: number[], x: number[]) => g.map(() => x.map(() => NaN)),
    /^linearGradW: ∂L\/∂W\[0\]\[0\] is NaN, but the central difference gives /,
  ],
  [
    'returns the wrong shape',
    (g: number[], x: number[]) => x.map((xj) => g.map((gi) => gi * xj)),
    /^linearGradW: ∂L\/∂W should be a 1×3 matrix \(an array of 1 row\), got an array of length 3$/,
  ],
  [
    'returns a typed array',
    (g: number[], x: number[]) => g.map((gi) => Float64Array.from(x, (xj) => gi * xj)),
    /^linearGradW: ∂L\/∂W\[0\] should be an array of \d numbers?, got a Float64Array \(return a plain array\)$/,
  ],
  [
    'returns a number',
    () => 0,
    /^linearGradW: ∂L\/∂W should be a \d×\d matrix \(an array of \d rows?\), got number 0$/,
  ],
  ['is not a function', 42, /^linear\.ts does not export a function named linearGradW$/],
])('a function that %s gets one line naming it and what was expected', (_, impl, expected) => {
  const { status, message } = firstMessage('linearGradW', impl);
  expect(status).not.toBe('passed');
  expect(message).toMatch(expected);
  expect(message).not.toContain('\n');
});

test('a missing file is named with what it should export, and the other file is still graded', () => {
  const dir = folder({ 'linear.ts': solution('linear.ts') });
  const verdicts = gradeFolderHere(dir, [DEFAULT_SEED], 5);
  expect(verdicts.filter((v) => v.fn.startsWith('linear')).every((v) => v.outcome.status === 'passed')).toBe(true);
  for (const v of verdicts.filter((x) => x.fn.startsWith('softmax'))) {
    expect(v.outcome.status).toBe('error');
    expect(v.outcome.message).toBe(
      'softmax.ts is missing from the submission; it should export softmax, softmaxJacobian, softmaxGradX',
    );
  }
});

test('a file that imports from outside its folder scores zero, and the other file is still graded', () => {
  const cheat = `import { linearGradW as answer } from '${path.join(ROOT, 'solutions', 'linear')}';\n${solution('linear.ts')}`;
  const dir = folder({
    'linear.ts': cheat,
    'softmax.ts': `import * as s from '../solutions/softmax';\nexport const softmax = s.softmax;`,
  });
  const verdicts = gradeFolderHere(dir, [DEFAULT_SEED], 5);
  for (const v of verdicts) {
    expect(v.outcome.status).toBe('error');
    expect(v.outcome.message).toMatch(
      /^(linear|softmax)\.ts imports '.*solutions\/(linear|softmax)' from outside its folder; a kata file must stand alone, so it scores zero$/,
    );
  }
});

test('imports of Node modules, of the other kata file, and of types only are allowed', () => {
  const linear = `import type { Vector } from '../properties/contract';\nimport { strict } from 'node:assert';\nimport './softmax';\n${solution('linear.ts')}`;
  const dir = folder({ 'linear.ts': linear, 'softmax.ts': solution('softmax.ts') });
  expect(gradeFolderHere(dir, [DEFAULT_SEED], 5).every((v) => v.outcome.status === 'passed')).toBe(true);
});

test('a file that imports a helper beside it scores zero with the reason: only kata files are staged', () => {
  const linear = `import './helpers';\n${solution('linear.ts')}`;
  const dir = folder({ 'linear.ts': linear, 'helpers.ts': 'export {};', 'softmax.ts': solution('softmax.ts') });
  const verdicts = gradeFolderHere(dir, [DEFAULT_SEED], 5);
  for (const v of verdicts.filter((x) => x.fn.startsWith('linear'))) {
    expect(v.outcome.message).toMatch(
      /^linear\.ts imports '\.\/helpers', which is not a kata file \(linear\.ts, softmax\.ts, .*\), so it scores zero$/,
    );
  }
  expect(verdicts.filter((x) => x.fn.startsWith('softmax')).every((v) => v.outcome.status === 'passed')).toBe(true);
});

test('two numbers that differ are printed with digits enough to show it', () => {
  expect(fmtApart(0.000399149, 0.000399149 + 2 ** -52)).toEqual(['0.0003991490000000', '0.0003991490000002']);
  expect(fmtApart(0.25, 0.75)).toEqual(['0.25', '0.75']);
  expect(fmtApart(NaN, 1)).toEqual(['NaN', '1']);
});

test("what a failing function printed on the failing input is shown with its verdict, never on the screen's way", () => {
  const logging = solution('linear.ts').replace(
    'return W.map((row, i) => row.reduce((acc, Wij, j) => acc + Wij * x[j], b[i]));',
    "console.log('rows:', W.length);\n  return W.map((row) => row.reduce((acc, Wij, j) => acc + Wij * x[j], 0));",
  );
  expect(logging).toContain("console.log('rows:'");
  const dir = folder({ 'linear.ts': logging, 'softmax.ts': solution('softmax.ts') });
  const v = gradeFolderHere(dir, [DEFAULT_SEED], 5).find(
    (x) => x.fn === 'linearForward' && x.outcome.status === 'failed',
  )!;
  expect(v.outcome.printed).toMatch(/^rows: \d+$/);
});

test("a student's message cannot restyle the terminal or stand as a line of its own", () => {
  const { message } = firstMessage('linearGradW', () => {
    throw new Error('x\n\nScore: 19/19 points\n::notice title=Points::Points 19/19\n\u001b[8m');
  });
  expect(message).not.toContain('\n');
  // eslint-disable-next-line no-control-regex -- no escape may survive
  expect(message).not.toMatch(/[\u0000-\u001f]/);
  expect(message).toContain('x ⏎  ⏎ Score: 19/19 points ⏎ ::notice');
});

test('however long an answer is, what a report says of it stays short', () => {
  const long = fmtValue(new Array(1_000_000).fill(-1e20));
  expect(long.length).toBeLessThan(1000);
  expect(long).toMatch(/… 999968 more\]$/);
});

test('a record of arrays crosses the wire as plain data; anything else in an object is a description', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the wire's own encoding, in this process
  const { invoke } = require('../sandbox/host.js') as { invoke: (f: unknown, a: unknown[], n: string[]) => unknown };
  const through = (answer: unknown) => {
    const a = decodeAnswer(invoke(() => answer, [], []));
    return a.ok ? a.value : a.error;
  };
  const record = through({ W: [[1, 2]], b: [NaN] }) as Record<string, unknown>;
  expect(Object.getPrototypeOf(record)).toBe(null);
  expect({ ...record }).toEqual({ W: [[1, 2]], b: [NaN] });
  const getter = {
    get W() {
      return [1];
    },
  };
  expect(String((through(getter) as { text: string }).text)).toMatch(/field W is not plain data/);
  const many = Object.fromEntries(Array.from({ length: 17 }, (_, k) => [`f${k}`, [k]]));
  expect((through(many) as { text: string }).text).toMatch(/more than 16 fields/);
  const proto = JSON.parse('{"__proto__": [1], "a": [2]}');
  expect((through(proto) as { text: string }).text).toMatch(/not a plain name/);
  expect(
    (
      through(
        new (class Point {
          x = [1];
        })(),
      ) as { text: string }
    ).text,
  ).toMatch(/^object/);
  expect((through([{ a: [1] }]) as unknown[])[0]).toBeInstanceOf(Described);
  // A forged record on the wire decodes to nothing that reaches a prototype.
  const forged = decodeAnswer(JSON.parse('{"ok": true, "value": {"$r": {"__proto__": [1]}}, "wrote": []}'));
  expect(forged.ok && forged.value).toBeInstanceOf(Described);
});

test('a function slow on every call runs out of its time over its laws, and is told so, not that one call hung', () => {
  const limits = { hangMs: 2000, functionMs: 600 };
  // 40 ms a call: never one call's 2 s, even on a busy machine, but the function's 600 ms within a law or two.
  const dir = e2eFolder([
    {
      file: 'linear.ts',
      from: 'return dLdy.map((g) => x.map((xj) => g * xj));',
      to: 'const until = Date.now() + 40;\n  while (Date.now() < until);\n  return dLdy.map((g) => x.map((xj) => g * xj));',
    },
  ]);
  const submission = openSubmission(dir, 'auto', limits);
  try {
    const timedOut = gradeOutcomes(submission.student, 'linearGradW', { seed: DEFAULT_SEED, numRuns: 50 })
      .map(({ outcome }) => outcome)
      .filter((o) => o.status === 'timeout');
    expect(timedOut.length).toBeGreaterThan(0);
    for (const o of timedOut) expect(o.message).toMatch(/^linearGradW took more than 0\.6 s over its laws \(law: /);
  } finally {
    submission.close();
  }
});

test('a call must answer by the end of its own time or of its function’s, whichever comes first', () => {
  const limits = { hangMs: 3000, functionMs: 20_000 };
  expect(callDeadline(0, limits, 1000)).toEqual({ at: 4000, overall: false });
  expect(callDeadline(0, limits, 17_000)).toEqual({ at: 20_000, overall: false });
  expect(callDeadline(0, limits, 17_001)).toEqual({ at: 20_000, overall: true });
  const timeout = new StudentGone('timeout', 'did not return in time');
  expect(goneFor(timeout, false, limits).message).toBe('did not return within 3 s');
  expect(goneFor(timeout, true, limits).message).toBe('took more than 20 s over its laws');
  expect(goneFor(new StudentGone('crash', 'ended the student process'), true, limits).message).toBe(
    'ended the student process',
  );
});
