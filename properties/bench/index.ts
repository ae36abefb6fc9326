// `npm run bench`: measures the grader and writes BENCHMARKS.md.
//   BENCH_CORRECT_SEEDS  seeds per correct implementation (default 1000)
//   BENCH_WRONG_SEEDS    seeds per wrong implementation (default 200)
//   BENCH_RUNS           warm runs of the speed comparison (default 9)
//   BENCH_REUSE=1        take the correct, wrong and diagnosis parts from an earlier run with the same seeds
//                        when every file they loaded is unchanged (rigor.ts hash), rather than run them again
// Each run of those parts is kept in node_modules/.cache/backprop-kata-bench, by that hash.
// The heavy parts run in two processes at once, one per core.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LARGE_MAX, LARGE_MIN, MAX_DIM } from '../arbitraries';
import { ROOT } from '../kata';
import { DEFAULT_RUNS, DEFAULT_SEED } from '../run';
import type { CorrectResult, DiagnosisResult, ScaleResult, WrongResult } from './rigor';
import { SIZES } from './rigor';
import { END, START } from './h2h-report';
import { measureBatch, measureSpeed, measureWatch, median } from './speed';

const CORRECT_SEEDS = Number(process.env.BENCH_CORRECT_SEEDS ?? 1000);
const WRONG_SEEDS = Number(process.env.BENCH_WRONG_SEEDS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const SHARDS = 2;
const RIGOR = 'node -r ./properties/cli/ts-hook.js properties/bench/rigor.ts';

const KEPT = path.join(ROOT, 'node_modules/.cache/backprop-kata-bench');

/** The hash of every file the rigor parts load (rigor.ts hash): their results hold while it holds. */
function inputsHash(): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'hash.json');
  const r = spawnSync('bash', ['-c', `${RIGOR} hash 0 1 0 ${out}`], { cwd: ROOT, env: ALL, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('rigor.ts hash failed');
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

const ALL = { ...process.env, KATA_EXERCISES: 'all' }; // every exercise of the registry

interface Part<T> {
  readonly results: T[];
  readonly seconds: number;
  /** When the results were measured, if it was not in this run. */
  readonly reused?: string;
}

function part<T>(name: string, seeds: number, shards: number, hash?: string): Promise<Part<T>> {
  const kept = hash && path.join(KEPT, `${name}-${seeds}-${hash}.json`);
  if (kept && process.env.BENCH_REUSE === '1' && fs.existsSync(kept)) {
    const k = JSON.parse(fs.readFileSync(kept, 'utf8')) as { results: T[]; seconds: number; date: string };
    console.log(`  reusing ${kept} (${k.date})`);
    return Promise.resolve({ results: k.results, seconds: k.seconds, reused: k.date });
  }
  const start = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const jobs = Array.from({ length: shards }, (_, k) => {
    const out = path.join(dir, `${k}.json`);
    return new Promise<T[]>((resolve, reject) => {
      const child = spawn('bash', ['-c', `${RIGOR} ${name} ${k} ${shards} ${seeds} ${out}`], {
        cwd: ROOT,
        env: ALL,
        stdio: 'inherit',
      });
      child.on('exit', (code) =>
        code === 0
          ? resolve(JSON.parse(fs.readFileSync(out, 'utf8')))
          : reject(new Error(`${name} shard ${k} exited with ${code}`)),
      );
    });
  });
  return Promise.all(jobs).then((parts) => {
    const measured = { results: parts.flat(), seconds: (Date.now() - start) / 1000 };
    if (kept) {
      fs.mkdirSync(KEPT, { recursive: true });
      fs.writeFileSync(kept, JSON.stringify({ ...measured, date: new Date().toISOString() }));
    }
    return measured;
  });
}

/** How a part's time is said: measured in this run, or when it was, for a part reused. */
const took = (p: Part<unknown>) =>
  `${fmt(p.seconds, 0)} s${p.reused ? ` (measured ${p.reused.slice(0, 16).replace('T', ' ')} UTC with every file it loads as now, and reused: BENCH_REUSE=1)` : ''}`;

const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(a === b ? 0 : 1)}%`;

async function main() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { differences } = require('../cli/manifest') as typeof import('../cli/manifest');
  if (differences().length > 0)
    throw new Error(
      `grader files differ from the manifest (${differences().join(', ')}): commit and npm run pin first`,
    );
  const started = new Date();
  console.log(`correct implementations at ${CORRECT_SEEDS} seeds…`);
  const hash = inputsHash();
  const correct = await part<CorrectResult>('correct', CORRECT_SEEDS, SHARDS, hash);
  console.log(`wrong implementations at ${WRONG_SEEDS} seeds…`);
  const wrong = await part<WrongResult>('wrong', WRONG_SEEDS, SHARDS, hash);
  console.log(`diagnoses of natural mistakes at ${WRONG_SEEDS} seeds…`);
  const diagnosis = await part<DiagnosisResult>('diagnosis', WRONG_SEEDS, SHARDS, hash);
  console.log('scale…');
  const scale = await part<ScaleResult>('scale', 0, 1);
  console.log('speed…');
  const speed = measureSpeed(RUNS, 3);
  console.log('watch re-grades and a batch of 30…');
  const watch = await measureWatch(RUNS);
  const batch = measureBatch(30);
  console.log('npm test…');
  const t0 = Date.now();
  const selftest = spawnSync('npm', ['test', '--silent'], { cwd: ROOT, stdio: 'ignore' });
  const selftestSeconds = (Date.now() - t0) / 1000;

  const cpu = os.cpus();
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);
  push(
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${started.toISOString().slice(0, 10)}: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}.`,
    `Every law runs its edge cases and then ${DEFAULT_RUNS} random cases (KATA_RUNS, the default), the large-size laws ${DEFAULT_RUNS / 5}, the shape and purity laws ${Math.round(DEFAULT_RUNS / 4)}.`,
    'Seeds here are not the default seed of `npm run grade` (' + DEFAULT_SEED + '): they are 1000003 + 7919·k.',
    '',
    '## 1. False failures: correct implementations',
    '',
    `Command: \`BENCH_CORRECT_SEEDS=${CORRECT_SEEDS} npm run bench\` (part: \`${RIGOR} correct <shard> <shards> <seeds> <out.json>\`), ${took(correct)} on ${SHARDS} cores.`,
    '',
    '| implementation | seeds | law runs | failures |',
    '| --- | --- | --- | --- |',
  );
  let totalFailures = 0;
  for (const c of correct.results) {
    const lawRuns = Object.keys(c.worst).length * c.seeds;
    totalFailures += c.failures.length;
    push(`| ${c.name} | ${c.seeds} | ${lawRuns} | ${c.failures.length} |`);
  }
  push('', `Failures in all: **${totalFailures}**.`);
  for (const c of correct.results) for (const f of c.failures.slice(0, 5)) push(`- ${c.name}: ${f}`);
  const worst: Record<string, number> = {};
  for (const c of correct.results)
    for (const [law, r] of Object.entries(c.worst)) worst[law] = Math.max(worst[law] ?? 0, r);
  push(
    '',
    'The largest error-to-tolerance ratio each law saw over all correct implementations and seeds (1 would be a false failure; laws with no numeric comparison show 0):',
    '',
    '| law | largest error / allowed |',
    '| --- | --- |',
    ...Object.entries(worst).map(([law, r]) => `| ${law} | ${r === 0 ? '0' : r.toExponential(1)} |`),
    '',
    '## 2. Detection power: wrong implementations',
    '',
    `Command: \`BENCH_WRONG_SEEDS=${WRONG_SEEDS} npm run bench\` (part: \`${RIGOR} wrong …\`), ${took(wrong)}. Caught: some law of the function fails. Cases: generated cases, the edge cases included, until the first failing one (the best law's), over the seeds that caught it.`,
    '',
    '| function | wrong answer | caught | by the law named in the catalogue | median cases | worst cases |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  let missed = 0;
  wrong.results.sort((a, b) => a.index - b.index);
  for (const w of wrong.results) {
    if (w.caught < w.seeds) missed++;
    push(
      `| ${w.fn} | ${w.name} | ${pct(w.caught, w.seeds)} | ${pct(w.caughtByNamed, w.seeds)} (${w.caughtBy}) | ${w.medianCases} | ${w.worstCases} |`,
    );
  }
  const worstCases = Math.max(...wrong.results.map((w) => w.worstCases));
  push(
    '',
    `Wrong answers not caught at every seed: **${missed}** of ${wrong.results.length}. The most cases any needed: ${worstCases}.`,
  );

  diagnosis.results.sort((a, b) => a.index - b.index);
  const sum = (f: (d: DiagnosisResult) => number) => diagnosis.results.reduce((t, d) => t + f(d), 0);
  const falseAtSeeds = sum((d) => d.atSeeds.wrong);
  const falseAtPublic = sum((d) => d.atPublicSeed.wrong);
  const runs = sum((d) => d.atSeeds.seeds);
  push(
    '',
    '## 3. Diagnoses: never wrong',
    '',
    `Command: \`BENCH_WRONG_SEEDS=${WRONG_SEEDS} npm run bench\` (part: \`${RIGOR} diagnosis …\`), ${took(diagnosis)}. Natural mistakes (\`properties/selftest/mistakes.ts\`), each listing the diagnoses that would be right for it; every law of its function runs, and every diagnosis given on a failing law is counted. *Right*: some diagnosis given is one the mistake lists. *False*: some diagnosis given is not.`,
    '',
    `| mistake | public seed (${DEFAULT_SEED}): right / false | ${WRONG_SEEDS} seeds: right | ${WRONG_SEEDS} seeds: false |`,
    '| --- | --- | --- | --- |',
    ...diagnosis.results.map(
      ({ atPublicSeed: p, atSeeds: d }) =>
        `| ${d.mistake} | ${p.right ? 'yes' : 'no'} / ${p.wrong ? `**yes** (${p.firstWrong})` : 'no'} | ${pct(d.right, d.seeds)} | ${d.wrong ? `**${pct(d.wrong, d.seeds)}** (${d.firstWrong})` : '0'} |`,
    ),
    '',
    `False diagnoses: **${falseAtPublic}** of ${diagnosis.results.length} mistakes at the public seed, **${falseAtSeeds}** of ${runs} gradings at ${WRONG_SEEDS} seeds (goal: 0). A right diagnosis in ${pct(
      sum((d) => d.atSeeds.right),
      runs,
    )} of the gradings.`,
  );

  const ratioWarm = median(speed.warm.grade) / median(speed.warm.floor);
  const ratioCold = median(speed.cold.grade) / median(speed.cold.floor);
  const ratioLean = median(speed.warm.grade) / median(speed.warm.lean);
  push(
    '',
    '## 4. Speed',
    '',
    `Command: \`npm run bench\` (part: \`npm run bench:speed\`). \`KATA_DIR=solutions npm run grade\` against \`npm run bench:floor\` (jest + ts-jest running one trivial TypeScript test: the floor the target was set against, and the stack of the self-tests), and against a lean floor (below), alternating runs in one process. Medians.`,
    '',
    '| | grade | floor | ratio |',
    '| --- | --- | --- | --- |',
    `| warm (${speed.runs} runs each) | ${fmt(median(speed.warm.grade))} s | ${fmt(median(speed.warm.floor))} s | **${fmt(ratioWarm)}** (target ≤ 1.50) |`,
    `| cold, jest cache cleared (${speed.cold.grade.length} runs each) | ${fmt(median(speed.cold.grade))} s | ${fmt(median(speed.cold.floor))} s | ${fmt(ratioCold)} |`,
    `| warm, against the lean floor (${speed.runs} runs each) | ${fmt(median(speed.warm.grade))} s | ${fmt(median(speed.warm.lean))} s | **${fmt(ratioLean)}** (${ratioLean <= 1.5 ? 'meets' : 'misses'} ≤ 1.50) |`,
    '',
    `The grade's jest process compiles the grader's TypeScript with \`properties/cli/ts-compile.js\`, which loads the compiler only when its cache misses; \`npm run bench:floor\` keeps ts-jest, which loads it every run. Part of the first ratio's gain is that load, which the grade no longer has and the floor still does. The lean floor is the floor's trivial test compiled the grade's way (\`npm run bench:floor -- --transform <the grade's>\`), so the second ratio is what grading costs beyond jest itself: ${fmt(median(speed.warm.grade) - median(speed.warm.lean))} s.`,
    '',
    `All warm runs, grade: ${speed.warm.grade.map((t) => fmt(t)).join(' ')}; floor: ${speed.warm.floor.map((t) => fmt(t)).join(' ')}; lean floor: ${speed.warm.lean.map((t) => fmt(t)).join(' ')}.`,
    '',
    `A re-grade in \`npm run kata\`'s grading thread after a save (the file's text changed each time; the watcher's 80 ms debounce comes on top): median **${fmt(median(watch), 3)} s** over ${watch.length} saves (target ≤ 0.3 s); all: ${watch.map((t) => fmt(t, 3)).join(' ')}.`,
    '',
    `\`npm run grade -- --batch\` on 30 submissions (${Object.entries(batch.mix)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ')}), in the sandbox, two at a time: **${fmt(batch.seconds, 1)} s** (target ≤ 60 s).`,
    '',
    `The grader's self-test, \`npm test\`: ${fmt(selftestSeconds, 1)} s (exit ${selftest.status}).`,
    '',
    '## 5. Scale',
    '',
    `Command: \`npm run bench\` (part: \`${RIGOR} scale 0 1 0 <out.json>\`). Milliseconds for one check of \`solutions/\`, by size (m = n for the linear layer; the student's own computation included). *Full*: the small-size law, central differences in every coordinate, which costs O(size²) evaluations of the forward map for a gradient; *directional*: the large-size law, one directional derivative (as JAX's check_vjp and PyTorch's fast gradcheck), O(size of the data). By default the grader uses full differences up to ${MAX_DIM} and directional ones from ${LARGE_MIN} to ${LARGE_MAX}. — : not run (the last size's time × (size ratio)⁴ passes 5 s, or an answer of more than the million numbers one may carry back across the trust boundary).`,
    '',
    `| function | check | ${SIZES.join(' | ')} |`,
    `| --- | --- | ${SIZES.map(() => '---').join(' | ')} |`,
    ...scale.results.map(
      (r) =>
        `| ${r.fn} | ${r.method.split(':')[0]} | ${SIZES.map((n) => (r.ms[n] === null ? '—' : fmt(r.ms[n] as number, 3))).join(' | ')} |`,
    ),
    '',
    'The data itself grows with size: n entries for x, m·n for W, n² for the softmax Jacobian, and m²·n for ∂y/∂vec(W), whose answer alone is 134 million numbers at 512.',
    '',
  );
  // §6, the head to head, is npm run bench:h2h's: kept as it is.
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const [from, to] = [old.indexOf(START), old.indexOf(END)];
  const kept = from >= 0 && to > from ? old.slice(from, to + END.length) : undefined;
  fs.writeFileSync(file, lines.join('\n') + (kept ? `\n${kept}\n` : ''));
  console.log(
    `wrote BENCHMARKS.md (false failures ${totalFailures}, wrong answers missed ${missed}, warm ratio ${fmt(ratioWarm)})`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
