// The grader's error rates and costs, measured (npm run bench runs this in
// shards, in parallel, and writes BENCHMARKS.md from the results):
// Every exercise of the registry, with KATA_EXERCISES=all (npm run bench sets it).
//   correct  every correct implementation at many seeds: failures (there
//            must be none) and, per law, the largest error-to-tolerance ratio
//            seen, i.e. how close a correct answer came to failing;
//   wrong    every wrong implementation at many seeds: how often it is
//            caught, and after how many generated cases;
//   diagnosis  natural mistakes at the public seed and many others: how often
//            a diagnosis right for the mistake is given, and how often a wrong one;
//   scale    the cost of one check of each function as the size grows.
//
//   node -r ./properties/cli/ts-hook.js properties/bench/rigor.ts <part> <shard> <shards> <seeds> <out.json>

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kata } from '../contract';
import type { AnyLaw } from '../law';
import { GRADED } from '../laws';
import { gradeOutcomes } from '../engine';
import { moduleOf } from '../exercises/modules';
import { ALL_EXERCISES } from '../exercises/select';
import { ROOT } from '../layout';
import { DEFAULT_RUNS, runLaw } from '../run';
import { inProcessStudent } from '../sandbox/wire';
import { CATALOGUES, OLDER } from '../selftest/catalogues';
import { diagnosed, MISTAKES, type Diagnosed } from '../selftest/diagnosed';
import { DEFAULT_SEED } from '../run';
import { margin } from '../tolerance';

// Every exercise's reference answer, as a student would hand it in (mlp.ts imports its neighbours).
const solutions: Record<string, unknown> = Object.assign(
  {},
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the files the registry names
  ...ALL_EXERCISES.map((e) => require(path.join(ROOT, 'solutions', e.file)) as object),
);
const student = inProcessStudent(solutions as Partial<Kata>);
export const seedList = (n: number) => Array.from({ length: n }, (_, k) => 1_000_003 + 7919 * k);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const functionsOf = (exercises: readonly string[]) =>
  ALL_EXERCISES.filter((e) => exercises.includes(e.name)).flatMap((e) => e.functions.map((f) => f.name));

/** Every correct implementation: solutions/ for every exercise, then each catalogue's right answers. */
export const CORRECT_ALL = [
  { name: 'solutions/', exercises: ALL_EXERCISES.map((e) => e.name), kata: solutions },
  ...CATALOGUES.flatMap(({ exercises, catalogue }) => {
    const older = exercises === OLDER; // its right answer is solutions/ itself
    const label = (name: string) => (older ? name : `${exercises.join(', ')}: ${name}`);
    const own = older ? [] : [{ name: "the catalogue's own right answer", kata: catalogue.right }];
    return [...own, ...catalogue.correct].map((c) => ({ name: label(c.name), exercises, kata: c.kata }));
  }),
];

/** Every wrong implementation, with the right answers of its catalogue around it. */
export const WRONG_ALL = CATALOGUES.flatMap(({ catalogue }) =>
  catalogue.wrong.map((w) => ({ w, right: catalogue.right })),
);

export interface CorrectResult {
  readonly name: string;
  readonly seeds: number;
  readonly failures: string[];
  /** Per law ('fn law'), the largest |error| / allowed seen. */
  readonly worst: Record<string, number>;
}

function correctPart(names: string[], seeds: number): CorrectResult[] {
  return CORRECT_ALL.filter((c) => names.includes(c.name)).map(({ name, kata, exercises }) => {
    const fns = functionsOf(exercises);
    const worst: Record<string, number> = {};
    const failures: string[] = [];
    margin.on = true;
    for (const seed of seedList(seeds)) {
      for (const { fn, laws } of GRADED.filter((g) => fns.includes(g.fn))) {
        for (const law of laws) {
          margin.worst = 0;
          const o = runLaw(law, inProcessStudent(kata as Partial<Kata>), { seed, numRuns: DEFAULT_RUNS });
          const key = `${fn} ${law.name}`;
          worst[key] = Math.max(worst[key] ?? 0, margin.worst);
          if (o.status !== 'passed') failures.push(`seed ${seed}: ${key}: ${o.message} on ${o.input}`);
        }
      }
    }
    margin.on = false;
    return { name, seeds, failures, worst };
  });
}

export interface WrongResult {
  /** Place in the catalogues, in their order. */
  readonly index: number;
  readonly name: string;
  readonly fn: string;
  readonly caughtBy: string;
  readonly seeds: number;
  readonly caught: number;
  /** Seeds at which the law the catalogue names failed. */
  readonly caughtByNamed: number;
  /** Generated cases (edge cases included) until the first failing case, over the seeds that caught it. */
  readonly medianCases: number;
  readonly worstCases: number;
}

function wrongPart(indices: number[], seeds: number): WrongResult[] {
  return indices.map((k) => {
    const { w, right } = WRONG_ALL[k];
    const kata = { ...right, [w.fn]: w.impl } as Partial<Kata>;
    let caught = 0;
    let caughtByNamed = 0;
    const cases: number[] = [];
    for (const seed of seedList(seeds)) {
      const outcomes = gradeOutcomes(inProcessStudent(kata), w.fn as never, { seed, numRuns: DEFAULT_RUNS }).map(
        ({ law, outcome }) => [law, outcome] as const,
      );
      const failing = outcomes.filter(([, o]) => o.status !== 'passed');
      if (failing.length > 0) {
        caught++;
        cases.push(Math.min(...failing.map(([, o]) => o.numRuns)));
      }
      if (failing.some(([law]) => law.name.startsWith(w.caughtBy))) caughtByNamed++;
    }
    return {
      index: k,
      name: w.name,
      fn: w.fn,
      caughtBy: w.caughtBy,
      seeds,
      caught,
      caughtByNamed,
      medianCases: cases.length ? median(cases) : NaN,
      worstCases: cases.length ? Math.max(...cases) : NaN,
    };
  });
}

export interface DiagnosisResult {
  readonly index: number;
  readonly atPublicSeed: Diagnosed;
  readonly atSeeds: Diagnosed;
}

function diagnosisPart(indices: number[], seeds: number): DiagnosisResult[] {
  return indices.map((k) => ({
    index: k,
    atPublicSeed: diagnosed(MISTAKES[k], [DEFAULT_SEED]),
    atSeeds: diagnosed(MISTAKES[k], seedList(seeds)),
  }));
}

export interface ScaleResult {
  readonly fn: string;
  readonly method: string;
  /** Milliseconds per check, by size; null where it was not run (too costly). */
  readonly ms: Record<number, number | null>;
}

export const SIZES = [2, 8, 32, 128, 512];

/** A size is skipped when the last one's time, scaled by the size ratio to the 4th power, passes this (ms). */
const TOO_LONG_MS = 5000;

function timeCheck(law: AnyLaw, c: unknown): number {
  let reps = 0;
  const start = performance.now();
  do {
    law.check(student, c);
    reps++;
  } while (performance.now() - start < 200 && reps < 1000);
  return (performance.now() - start) / reps;
}

function scalePart(): ScaleResult[] {
  const out: ScaleResult[] = [];
  for (const { fn, laws } of GRADED) {
    const full = laws.find(
      (l) => /central differences|forward-mode|^equals/.test(l.name) && !/sizes|beyond/.test(l.name),
    )!;
    // A forward map of the law kit has no large-size law of its own: its gradients' directional laws use it.
    const directional = laws.find((l) => /directional derivative|^equals .* at sizes/.test(l.name));
    for (const [method, law] of [
      [`full: ${full.name}`, full],
      ...(directional ? [[`directional: ${directional.name}`, directional] as const] : []),
    ] as const) {
      const ms: Record<number, number | null> = {};
      let last = { n: 1, ms: 0 };
      for (const n of SIZES) {
        // ∂y/∂vec(W) has m·m·n entries: past a million, more than an answer may carry back across the boundary.
        if (last.ms * (n / last.n) ** 4 > TOO_LONG_MS || (fn === 'linearJacobianW' && n * n * n > 1e6)) {
          ms[n] = null;
          continue;
        }
        const c = moduleOf(fn).caseOfSize(n);
        law.check(student, c); // warm
        ms[n] = timeCheck(law, c);
        last = { n, ms: ms[n] as number };
      }
      out.push({ fn, method, ms });
    }
  }
  return out;
}

/**
 * A hash of every file of the repository this module loaded (the laws, the engine, the registry, the
 * catalogues, the solutions) but itself: the correct, wrong and diagnosis parts' results hold for as long as
 * it holds. (Change one of those parts here, and run the bench without BENCH_REUSE.)
 */
function inputsHash(): string {
  const hash = crypto.createHash('sha256');
  const files = Object.keys(require.cache)
    .filter(
      (f) => f.startsWith(ROOT + path.sep) && !f.includes(`${path.sep}node_modules${path.sep}`) && f !== __filename,
    )
    .map((f) => path.relative(ROOT, f))
    .sort();
  for (const f of files)
    hash
      .update(`${f}\u0000`)
      .update(fs.readFileSync(path.join(ROOT, f)))
      .update('\u0000');
  return hash.digest('hex').slice(0, 16);
}

if (require.main === module) {
  const [part, shard, shards, seeds, outFile] = process.argv.slice(2);
  const mine = <T>(items: T[]) => items.filter((_, k) => k % Number(shards) === Number(shard));
  let result: unknown;
  if (part === 'correct') result = correctPart(mine(CORRECT_ALL.map((c) => c.name)), Number(seeds));
  else if (part === 'wrong') result = wrongPart(mine(WRONG_ALL.map((_, k) => k)), Number(seeds));
  else if (part === 'diagnosis') result = diagnosisPart(mine(MISTAKES.map((_, k) => k)), Number(seeds));
  else if (part === 'scale') result = scalePart();
  else if (part === 'hash') result = inputsHash();
  else throw new Error(`unknown part ${part}`);
  fs.writeFileSync(outFile, JSON.stringify(result));
}
