// No function the student template ships answers a gradient step: the
// template is exported, every function in it outside katas/ (the grader's and
// the web page's) is called with
// each gradient step's arguments, and any that agrees with the right answer is
// graded by the step's laws (answer-scan.ts). The controls prove the scan finds
// answers where they are: exported (the reference solution), unexported at
// the top level of a file, and inside an exported object.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../kata';

jest.setTimeout(120_000);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { exportTemplate } = require('../cli/export-template.js') as { exportTemplate: (out: string) => number };

interface Scan {
  files: number;
  functions: number;
  steps: string[];
  copies: string[];
  loadErrors: string[];
  valuesLeftOut: string[];
  notCalled: string[];
  agreeing: { fn: string; function: string; order: number[] }[];
  answering: { fn: string; function: string; order: number[] }[];
}

// Planted in the template copy after export: an unexported helper and one inside an exported object.
const PLANTED = `
const gradX = (W: number[][], g: number[]) => W[0].map((_, j) => W.reduce((s, row, i) => s + row[j] * g[i], 0));
export const table = { nested: [(g: number[], x: number[]) => g.map((gi) => x.map((xj) => gi * xj))] };
export const unused = gradX.length;
`;

let scan: Scan;
let planted: Scan['answering'];
beforeAll(() => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-template-'));
  exportTemplate(out);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(out, 'node_modules'));
  const run = (extra: string[]) => {
    const r = spawnSync(
      process.execPath,
      ['-r', path.join(out, 'properties/cli/ts-hook.js'), path.join(__dirname, 'answer-scan.ts'), out, ...extra],
      { cwd: out, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 90_000 },
    );
    if (r.status !== 0) throw new Error(`the scan failed: ${r.stderr || r.error}`);
    return JSON.parse(r.stdout) as Scan;
  };
  scan = run([]);
  const helper = path.join(out, 'properties/exercises/linear/planted.ts');
  fs.writeFileSync(helper, PLANTED);
  planted = run([path.join(ROOT, 'solutions/softmax.ts')]).answering;
  fs.rmSync(out, { recursive: true, force: true });
});

describe('the student template holds no answer to a gradient step', () => {
  test('every file outside katas/ loads, and its functions are called', () => {
    expect(scan.loadErrors).toEqual([]);
    expect(scan.files).toBeGreaterThan(50);
    expect(scan.functions).toBeGreaterThan(300);
    // Those not called (they start processes or servers, watch files or end the process) are the commands', the
    // sandbox's and the web page's input and output.
    expect(scan.notCalled.filter((f) => !/^(properties\/(cli|sandbox)|web)\//.test(f))).toEqual([]);
    // The page's own script builds its editor as it loads: only it loads with its top-level values left out.
    expect(scan.valuesLeftOut).toEqual(['web/src/page/main.ts']);
    expect(scan.steps).toEqual(expect.arrayContaining(['linearGradW', 'softmaxJacobian', 'mlpGradients']));
  });

  test('no function in it passes the laws of a gradient step, nor gives its numbers on the generic cases', () => {
    expect(scan.answering).toEqual([]);
    expect(scan.agreeing).toEqual([]);
  });

  test('the steps whose answer is a copy of an argument are named apart', () => {
    expect(scan.copies).toEqual(['linearGradB', 'layerNormGradBias']);
  });

  test('control: the scan finds an answer exported, unexported, and inside an exported object', () => {
    const found = planted.map((a) => `${a.fn} ${path.basename(a.function)}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'linearGradX planted.ts.gradX',
        'linearGradW planted.ts.table.nested.0',
        'softmaxJacobian softmax.ts.softmaxJacobian',
        'softmaxGradX softmax.ts.softmaxGradX',
      ]),
    );
    expect(planted).toHaveLength(4);
  });
});
