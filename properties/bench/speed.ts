// Wall times of `KATA_DIR=solutions npm run grade` against the floor of the
// same stack (`npm run bench:floor`: jest + ts-jest running one trivial
// TypeScript test), alternating runs so that both see the same machine.
// Warm: jest's transform cache filled; cold: cleared before each run.
//
//   ts-node properties/bench/speed.ts     (part of npm run bench)

import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

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
  readonly warm: { readonly grade: number[]; readonly floor: number[] };
  readonly cold: { readonly grade: number[]; readonly floor: number[] };
}

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
  grade();
  floor();
  const warm = { grade: [] as number[], floor: [] as number[] };
  for (let k = 0; k < runs; k++) {
    warm.grade.push(grade());
    warm.floor.push(floor());
  }
  return { runs, warm, cold };
}

if (require.main === module) {
  const s = measureSpeed(Number(process.env.BENCH_RUNS ?? 9), 1);
  const ratio = median(s.warm.grade) / median(s.warm.floor);
  console.log(
    `warm: grade ${median(s.warm.grade).toFixed(2)} s, floor ${median(s.warm.floor).toFixed(2)} s, ratio ${ratio.toFixed(2)} (target ≤ 1.50)`,
  );
  console.log(`cold: grade ${s.cold.grade[0].toFixed(2)} s, floor ${s.cold.floor[0].toFixed(2)} s`);
}
