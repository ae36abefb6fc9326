// `npm run bench`: the wall time of `KATA_DIR=solutions npm run grade`, warm,
// against the floor of the same stack (`npm run bench:floor`: jest + ts-jest
// running one trivial TypeScript test), alternating runs so that both see the
// same machine. Target: grade ≤ 1.5 × floor.

import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function seconds(script: string, env: Record<string, string> = {}): number {
  const start = process.hrtime.bigint();
  const r = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
  const took = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`npm run ${script} exited with ${r.status}`);
  return took;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const grade = () => seconds('grade', { KATA_DIR: 'solutions' });
const floor = () => seconds('bench:floor');

// Warm jest's transform cache for both.
grade();
floor();
const g: number[] = [];
const f: number[] = [];
for (let k = 0; k < RUNS; k++) {
  g.push(grade());
  f.push(floor());
}
const ratio = median(g) / median(f);
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`);
console.log(`KATA_DIR=solutions npm run grade  median of ${RUNS} warm runs: ${median(g).toFixed(2)} s  (all: ${g.map((t) => t.toFixed(2)).join(' ')})`);
console.log(`floor (jest + ts-jest, one test)  median of ${RUNS} warm runs: ${median(f).toFixed(2)} s  (all: ${f.map((t) => t.toFixed(2)).join(' ')})`);
console.log(`ratio grade/floor: ${ratio.toFixed(2)} (target ≤ 1.50)`);
process.exitCode = ratio <= 1.5 ? 0 : 1;
