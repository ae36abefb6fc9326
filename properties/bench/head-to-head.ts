// `npm run bench:h2h`: the decision rules of common gradient checkers (checkers.ts) on the bench's own
// catalogues of wrong and correct answers (rigor.ts), at the bench's seeds, with this grader's figures from
// BENCHMARKS.md beside them (h2h-report.ts writes the part of BENCHMARKS.md between its markers).
//   H2H_SEEDS         seeds of regime (a), the checkers' own inputs (default 200)
//   H2H_GRADER_SEEDS  the first of those seeds at which regime (b), the grader's own cases, runs too (default 40):
//                     some 90 cases per function, answer and seed, every rule running them all

process.env.KATA_EXERCISES = 'all'; // every exercise, set before the registry is read
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the assignment is set */
const { DEFAULT_RUNS } = require('../run') as typeof import('../run');
const { gradeOutcomes } = require('../engine') as typeof import('../engine');
const { inProcessStudent } = require('../sandbox/wire') as typeof import('../sandbox/wire');
const { CORRECT_ALL, WRONG_ALL, seedList } = require('./rigor') as typeof import('./rigor');
const { RULES } = require('./checkers') as typeof import('./checkers');
const h2h = require('./h2h-problems') as typeof import('./h2h-problems');
const { report } = require('./h2h-report') as typeof import('./h2h-report');
/* eslint-enable @typescript-eslint/no-require-imports */
import type { Wrong } from '../exercises/module';
import type { Fn } from './h2h-problems';

const SEEDS = Number(process.env.H2H_SEEDS ?? 200);
const GRADER_SEEDS = Math.min(SEEDS, Number(process.env.H2H_GRADER_SEEDS ?? 40));

/** The kinds of wrong answer, by a rule on the catalogue's own fields, the first that holds. */
const KINDS: readonly (readonly [string, (w: Wrong) => boolean])[] = [
  ['forward maps (no gradient to check)', (w) => h2h.isForward(w.fn)],
  ['a naive exp at large β·x or logits (overflow)', (w) => w.onlyStability === true],
  ['writes into an input, or returns one', (w) => w.caughtBy.startsWith('leaves its inputs unchanged')],
  ['a missing (or doubled) β', (w) => /drops (the factor )?β|β twice|by β instead/.test(w.name)],
  ['finite differences handed in as the answer', (w) => /difference/.test(w.name)],
  ['right only at small sizes (a bounded loop)', (w) => /at sizes \d+ to \d+/.test(w.caughtBy)],
  ['other wrong gradients', () => true],
];

export interface Unit {
  readonly name: string;
  readonly fn: string;
  readonly impl: Fn;
  /** Its kind, for a wrong answer; none for a correct one. */
  readonly kind?: string;
  /** Seeds at which each rule failed it, by regime, and the first case each failed it on (JSON). */
  readonly failed: { a: number; b: number }[];
  readonly first: (string | undefined)[];
}

const unit = (name: string, fn: string, impl: unknown, kind?: string): Unit => ({
  name,
  fn,
  impl: impl as Fn,
  kind,
  failed: RULES.map(() => ({ a: 0, b: 0 })),
  first: RULES.map(() => undefined),
});
const WRONG = WRONG_ALL.map(({ w }) => unit(w.name, w.fn, w.impl, KINDS.find(([, test]) => test(w))![0]));
const CORRECT = CORRECT_ALL.flatMap((c) =>
  h2h.GRADIENTS.filter((fn) => c.exercises.includes(h2h.exerciseOf(fn))).map((fn) =>
    unit(c.name, fn, (c.kata as Record<string, unknown>)[fn]),
  ),
);

export type Regime = 'a' | 'b';
export interface Cost {
  /** Milliseconds, checks and (function, seed) runs, by regime, on correct answers. */
  readonly ms: Record<Regime, number>;
  readonly checks: Record<Regime, number>;
  readonly runs: Record<Regime, number>;
}

function main() {
  const started = Date.now();
  const seeds = seedList(SEEDS);
  h2h.checkPlainForwards(seeds[0]);
  const cost: Cost[] = RULES.map(() => ({ ms: { a: 0, b: 0 }, checks: { a: 0, b: 0 }, runs: { a: 0, b: 0 } }));
  const band = { a: 0, b: 0, checks: { a: 0, b: 0 } }; // CS231n on correct answers: 1e-7 < rel_error <= 1e-2
  for (const [s, seed] of seeds.entries()) {
    const regimes: Regime[] = s < GRADER_SEEDS ? ['a', 'b'] : ['a'];
    const cases = new Map(
      h2h.GRADIENTS.map((fn) => [
        fn,
        { a: [h2h.checkerCase(fn, seed)], b: s < GRADER_SEEDS ? h2h.graderCases(fn, seed) : [] },
      ]),
    );
    for (const u of [...WRONG, ...CORRECT].filter((x) => !h2h.isForward(x.fn))) {
      const correct = u.kind === undefined;
      for (const regime of regimes) {
        const failed = RULES.map(() => false);
        for (const c of cases.get(u.fn)![regime]) {
          // One copy of the case for the rules in turn; a fresh one after a rule whose calls wrote into it.
          let p = h2h.problemOf(u.fn, c, u.impl);
          RULES.forEach(({ name, rule }, r) => {
            if (failed[r]) return;
            const t0 = performance.now();
            const v = rule(p);
            if (correct)
              [cost[r].ms[regime], cost[r].checks[regime]] = [
                cost[r].ms[regime] + performance.now() - t0,
                cost[r].checks[regime] + 1,
              ];
            if (correct && name === 'CS231n' && v.error !== undefined) {
              band.checks[regime]++;
              if (v.error > 1e-7 && v.error <= 1e-2) band[regime]++;
            }
            failed[r] = !v.pass;
            if (failed[r]) u.first[r] ??= JSON.stringify(c);
            if (!p.untouched()) p = h2h.problemOf(u.fn, c, u.impl);
          });
          if (failed.every(Boolean)) break;
        }
        failed.forEach((f, r) => (u.failed[r][regime] += f ? 1 : 0));
        if (correct) cost.forEach((k) => k.runs[regime]++);
      }
    }
    if (s % 20 === 19) console.log(`  ${s + 1} seeds, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  // The grader's own cost: every law of each function on solutions/, at the first 3 of the same seeds.
  const solutions = inProcessStudent(CORRECT_ALL[0].kata as Parameters<typeof inProcessStudent>[0]);
  const t0 = performance.now();
  for (const seed of seeds.slice(0, 3))
    for (const fn of h2h.GRADIENTS) gradeOutcomes(solutions, fn as never, { seed, numRuns: DEFAULT_RUNS });
  const graderMs = (performance.now() - t0) / (3 * h2h.GRADIENTS.length);
  report({
    seeds: { a: SEEDS, b: GRADER_SEEDS },
    seconds: (Date.now() - started) / 1000,
    kinds: KINDS.map(([k]) => k),
    wrong: WRONG,
    correct: CORRECT,
    cost,
    band,
    graderMs,
  });
}

main();
