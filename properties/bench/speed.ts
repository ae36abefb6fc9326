// Wall times of `KATA_DIR=solutions npm run grade` against the floor
// (`npm run bench:floor`: jest + ts-jest running one trivial TypeScript test)
// and a lean floor (the same test compiled as the grade compiles,
// ts-compile.js), alternating runs so that all see the same machine.
// Warm: jest's transform cache filled; cold: cleared before each run.
// Also: a re-grade in npm run kata's grading thread after a save, and a
// --batch of 30 submissions (correct, catalogue-wrong, hanging, not compiling).
//
//   npm run bench:speed     (part of npm run bench)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ROOT } from '../kata';
import { folder, HANG, NO_BETA, SYNTAX_ERROR, TYPE_ERROR, type Edit } from '../selftest/e2e';

function seconds(command: string, env: Record<string, string> = {}): number {
  const start = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', command], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
  const took = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${command} exited with ${r.status}`);
  return took;
}

export const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

export interface Speed {
  readonly runs: number;
  /** lean: the floor's trivial test compiled by the grade's own transformer (ts-compile.js) instead of ts-jest. */
  readonly warm: { readonly grade: number[]; readonly floor: number[]; readonly lean: number[] };
  readonly cold: { readonly grade: number[]; readonly floor: number[] };
}

/** The transform of properties/grade.config.json, read from there, for the lean floor. */
const GRADE_TRANSFORM = JSON.stringify(
  JSON.parse(fs.readFileSync(path.join(ROOT, 'properties/grade.config.json'), 'utf8')).transform,
);

export function measureSpeed(runs: number, coldRuns: number): Speed {
  const grade = () => seconds('npm run --silent grade', { KATA_DIR: 'solutions' });
  const floor = () => seconds('npm run --silent bench:floor');
  const clear = () => seconds('npx jest --clearCache');
  const cold = { grade: [] as number[], floor: [] as number[] };
  for (let k = 0; k < coldRuns; k++) {
    clear();
    cold.grade.push(grade());
    clear();
    cold.floor.push(floor());
  }
  const lean = () => seconds(`npm run --silent bench:floor -- --transform '${GRADE_TRANSFORM}'`);
  grade();
  floor();
  lean();
  const warm = { grade: [] as number[], floor: [] as number[], lean: [] as number[] };
  for (let k = 0; k < runs; k++) {
    warm.grade.push(grade());
    warm.floor.push(floor());
    warm.lean.push(lean());
  }
  return { runs, warm, cold };
}

/**
 * Seconds for npm run kata's grading thread to re-grade after a save (the
 * file's text changes each time, so nothing is reused but the warm thread),
 * after one warm-up grade. The file watcher's 80 ms debounce comes on top.
 * A folder and an environment of the caller's (the web page's test grades
 * every exercise, KATA_EXERCISES=all) replace the default's solved two files.
 */
export async function measureWatch(
  runs: number,
  options: { dir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<number[]> {
  const dir = options.dir ?? folder();
  const worker = new Worker(path.join(ROOT, 'properties/cli/kata-worker.js'), { env: options.env ?? process.env });
  await new Promise((resolve) => worker.once('message', resolve));
  const once = (seq: number) =>
    new Promise<number>((resolve, reject) => {
      fs.appendFileSync(path.join(dir, 'linear.ts'), `// save ${seq}\n`);
      const start = process.hrtime.bigint();
      worker.once('message', (m) =>
        m.type === 'graded' ? resolve(Number(process.hrtime.bigint() - start) / 1e9) : reject(new Error(m.message)),
      );
      worker.postMessage({ seq, dir, columns: 80 });
    });
  await once(0);
  const times: number[] = [];
  for (let k = 1; k <= runs; k++) times.push(await once(k));
  await worker.terminate();
  if (!options.dir) fs.rmSync(dir, { recursive: true, force: true });
  return times;
}

/** Seconds for `npm run grade -- --batch` on n submissions: a mix as a class hands in. */
export function measureBatch(n: number): { seconds: number; mix: Record<string, number> } {
  const batch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-batch-'));
  const kinds: [string, Edit[]][] = [
    ['correct', []],
    ['correct', []],
    ['wrong (softmaxJacobian without β)', [NO_BETA]],
    ['correct', []],
    ['hanging (linearGradW)', [HANG]],
    ['not compiling (syntax)', [SYNTAX_ERROR]],
    ['correct', []],
    ['not compiling (types)', [TYPE_ERROR]],
    ['wrong (softmaxJacobian without β)', [NO_BETA]],
    ['correct', []],
  ];
  const mix: Record<string, number> = {};
  for (let k = 0; k < n; k++) {
    const [kind, edits] = kinds[k % kinds.length];
    mix[kind] = (mix[kind] ?? 0) + 1;
    folder(edits, path.join(batch, `student-${String(k).padStart(3, '0')}`));
  }
  const took = seconds(`node properties/cli/grade.js --batch ${batch}`);
  fs.rmSync(batch, { recursive: true, force: true });
  return { seconds: took, mix };
}

if (require.main === module) {
  const s = measureSpeed(Number(process.env.BENCH_RUNS ?? 9), 1);
  const ratio = median(s.warm.grade) / median(s.warm.floor);
  console.log(
    `warm: grade ${median(s.warm.grade).toFixed(2)} s, floor ${median(s.warm.floor).toFixed(2)} s, ratio ${ratio.toFixed(2)} (target ≤ 1.50); lean floor ${median(s.warm.lean).toFixed(2)} s, ratio ${(median(s.warm.grade) / median(s.warm.lean)).toFixed(2)}`,
  );
  console.log(`cold: grade ${s.cold.grade[0].toFixed(2)} s, floor ${s.cold.floor[0].toFixed(2)} s`);
  void measureWatch(9).then((w) => {
    console.log(
      `watch re-grade: median ${median(w).toFixed(3)} s (target ≤ 0.3), all ${w.map((t) => t.toFixed(3)).join(' ')}`,
    );
    const b = measureBatch(30);
    console.log(`batch of 30: ${b.seconds.toFixed(1)} s (target ≤ 60) ${JSON.stringify(b.mix)}`);
  });
}
