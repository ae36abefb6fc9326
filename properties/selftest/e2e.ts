// Helpers for the end-to-end tests: run `npm run grade` as a student or a CI
// job does, on folders made from solutions/ with one edit.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FunctionName } from '../contract';
import { ROOT } from '../kata';
import { GRADED } from '../laws';

/** How many laws grade fn, and all functions together. */
export const lawCount = (fn?: FunctionName) =>
  GRADED.filter((g) => !fn || g.fn === fn).reduce((s, g) => s + g.laws.length, 0);

// The points the registry gives (each exercise.json), read rather than assumed, so an instructor's change of
// points leaves these tests true.
/** A function's full points: core and stability. */
export const full = (fn: string) => {
  const p = GRADED.find((g) => g.fn === fn)!.points;
  return p.core + (p.stability ?? 0);
};
/** A function's core points alone (its stability points lost). */
export const core = (fn: string) => GRADED.find((g) => g.fn === fn)!.points.core;
/** The assignment's full marks. */
export const TOTAL = GRADED.reduce((s, g) => s + full(g.fn), 0);
/** The score with the functions named at the points given (0 unless said). */
export const marksWith = (points: Readonly<Record<string, number>>) =>
  GRADED.reduce((s, g) => s + (g.fn in points ? points[g.fn] : full(g.fn)), 0);
/** A gradebook row's points, function by function in the gradebook's order, then the total and full marks. */
export const pointsRow = (points: Readonly<Record<string, number>> = {}) =>
  [...GRADED.map((g) => (g.fn in points ? points[g.fn] : full(g.fn))), marksWith(points), TOTAL].join(',');

/** Chromium, for the tests that open a page in a real browser (.ci/run installs it), or undefined. */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((c) =>
  fs.existsSync(c),
);

export function run(command: string, env: Record<string, string> = {}, timeoutMs = 90_000) {
  const start = Date.now();
  const r = spawnSync('bash', ['-c', command], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { status: r.status, out: r.stdout + r.stderr, seconds: (Date.now() - start) / 1000 };
}

export interface Edit {
  readonly file: 'linear.ts' | 'softmax.ts';
  readonly from: string;
  readonly to: string;
}

/** A copy of solutions/ in dir (a fresh temporary folder by default), with edits applied. */
export function folder(edits: readonly Edit[] = [], dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graded-'))): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['linear.ts', 'softmax.ts'] as const) {
    let text = fs.readFileSync(path.join(ROOT, 'solutions', f), 'utf8');
    for (const e of edits.filter((x) => x.file === f)) {
      if (!text.includes(e.from)) throw new Error(`${f} has no '${e.from}' to edit`);
      text = text.replace(e.from, e.to);
    }
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

/** linearGradW never returns. */
export const HANG: Edit = {
  file: 'linear.ts',
  from: 'return dLdy.map((g) => x.map((xj) => g * xj));',
  to: 'while (dLdy.length > 0) x.slice();\n  return [];',
};

/** linear.ts does not compile. */
export const SYNTAX_ERROR: Edit = { file: 'linear.ts', from: 'return dLdy.slice();', to: 'return dLdy.slice(;' };

/** softmax.ts has type errors (and would run). */
export const TYPE_ERROR: Edit = {
  file: 'softmax.ts',
  from: 'const zMax = Math.max(...z);',
  to: 'const zMax: string = Math.max(...z);',
};

/** softmax.ts has a type error outside every function: it costs the whole file. */
export const TOP_LEVEL_TYPE_ERROR: Edit = {
  file: 'softmax.ts',
  from: 'export function softmax(',
  to: "const stray: number = 'x';\nexport function softmax(",
};

/** softmaxJacobian drops β: right at β = 1, wrong everywhere else. */
export const NO_BETA: Edit = {
  file: 'softmax.ts',
  from: 'beta * yi * ((i === j ? 1 : 0) - yj)',
  to: 'yi * ((i === j ? 1 : 0) - yj)',
};

/** The gradebook's row of softmaxJacobian for NO_BETA: the edge case that fails it comes first at every seed. */
export const NO_BETA_ROW = {
  points: 0,
  maxPoints: full('softmaxJacobian'),
  status: 'failed',
  law: 'agrees with central differences of softmax',
  lawCode: 'softmaxJacobian/agrees-with-central-differences-of-softmax',
  reason:
    'softmaxJacobian: J[0][0] is 0.222222, but the central difference (y(x + h·e_j) − y(x − h·e_j)) / 2h gives 0.888889 (allowed error 4.1e-9)',
  diagnosis: 'your Jacobian lacks the factor β that ∂(β·x_j)/∂x_j brings',
  diagnosisCode: 'softmaxJacobian/missing-beta',
  input: 'x = [0.5, 0.5, 0.5], beta = 4',
} as const;
