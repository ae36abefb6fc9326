// The head-to-head section of BENCHMARKS.md (§6), from head-to-head.ts's results and this grader's own
// figures in the same file (§1 and §2, written by npm run bench). Only the text between the markers is
// rewritten; without them, the section goes at the end of the file.

import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../layout';
import { DEFAULT_RUNS } from '../run';
import { RULES } from './checkers';
import type { Cost, Regime, Unit } from './head-to-head';

export const [START, END] = ['<!-- head-to-head:start -->', '<!-- head-to-head:end -->'];
const FILE = path.join(ROOT, 'BENCHMARKS.md');
const COMMAND = 'node -r ./properties/cli/ts-hook.js properties/bench/head-to-head.ts';

export interface Results {
  readonly seeds: Record<Regime, number>;
  readonly seconds: number;
  readonly kinds: readonly string[];
  readonly wrong: readonly Unit[];
  readonly correct: readonly Unit[];
  readonly cost: readonly Cost[];
  /** CS231n on correct answers: checks with 1e-7 < rel_error <= 1e-2, of all its checks. */
  readonly band: Record<Regime, number> & { checks: Record<Regime, number> };
  readonly graderMs: number;
}

/** This grader's figures as BENCHMARKS.md gives them: §2's caught rate by 'fn: wrong answer', §1's failures. */
function graderFigures(text: string) {
  const caught = new Map<string, number>();
  for (const line of text.slice(text.indexOf('## 2.'), text.indexOf('## 3.')).split('\n')) {
    const cells = line.split(' | ');
    if (line.startsWith('| ') && /%$/.test(cells[2] ?? ''))
      caught.set(`${cells[0].slice(2)}: ${cells[1]}`, parseFloat(cells[2]));
  }
  const number = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  return {
    caught,
    wrongSeeds: number(/BENCH_WRONG_SEEDS=(\d+)/),
    correctSeeds: number(/BENCH_CORRECT_SEEDS=(\d+)/),
    failures: number(/Failures in all: \*\*(\d+)\*\*/),
  };
}

const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(a === 0 || a === b ? 0 : 1)}%`);
const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const list = (xs: readonly string[]) =>
  xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;

function section(r: Results, text: string): string {
  const grader = graderFigures(text);
  const names = RULES.map((x) => x.name);
  const caught = (units: readonly Unit[], k: number, g: Regime) => units.reduce((t, u) => t + u.failed[k][g], 0);
  const rate = (units: readonly Unit[], k: number, g: Regime) => caught(units, k, g) / (units.length * r.seeds[g]);
  const cell = (units: readonly Unit[], k: number) =>
    `${pct(caught(units, k, 'a'), units.length * r.seeds.a)} / ${pct(caught(units, k, 'b'), units.length * r.seeds.b)}`;
  const graderRate = (units: readonly Unit[]) => {
    const seen = units.flatMap((u) => grader.caught.get(`${u.fn}: ${u.name}`) ?? []);
    return seen.length === 0 ? '—' : `${fmt(seen.reduce((t, x) => t + x, 0) / seen.length, 0)}%`;
  };
  const kinds = r.kinds.map((k) => [k, r.wrong.filter((u) => u.kind === k)] as const).filter(([, us]) => us.length > 0);
  const [forward, ...checked] = kinds;
  const of = (k: string) => kinds.find(([name]) => name.startsWith(k))?.[1] ?? [];
  const gradients = checked.flatMap(([, us]) => us);
  const rules = (ok: (k: number) => boolean) => names.filter((_, k) => ok(k));
  const hidden = checked
    .filter(([, us]) => names.every((_, k) => rate(us, k, 'a') === 0) && names.some((_, k) => rate(us, k, 'b') > 0))
    .map(([k]) => k);
  const falseFailures = names.map((n, k) => {
    const byFn = [...new Set(r.correct.map((u) => u.fn))].flatMap((fn) => {
      const us = r.correct.filter((u) => u.fn === fn);
      const [a, b] = [caught(us, k, 'a'), caught(us, k, 'b')];
      const first = us.map((u) => u.first[k]).find(Boolean) ?? '';
      const shown = first.length > 160 ? `${first.slice(0, 160)}…` : first;
      const where = `${a} of ${us.length * r.seeds.a} in (a), ${b} of ${us.length * r.seeds.b} in (b)`;
      return a + b > 0 ? [`${fn} (${where}; the first at \`${shown}\`)`] : [];
    });
    return byFn.length ? `${n}: ${byFn.join(', ')}` : '';
  });
  const writes = of('writes');
  const bestWrites = Math.max(...names.map((_, k) => caught(writes, k, 'b')));
  // A write's failure where the rule also fails the same function's right answers is a false failure, not a write seen.
  const confounded = names.flatMap((n, k) =>
    writes
      .filter((u) => u.failed[k].b > 0 && r.correct.some((c) => c.fn === u.fn && c.failed[k].b > 0))
      .map((u) => `${n} on ${u.fn}`),
  );
  const perCheck = (k: number, g: Regime) => (1000 * r.cost[k].ms[g]) / r.cost[k].checks[g];
  const perRun = (k: number) => r.cost[k].ms.b / r.cost[k].runs.b;
  const other = of('other');
  const full = rules((k) => rate(other, k, 'b') === 1);
  const minitorchBeta = rate(of('a missing'), names.indexOf('minitorch'), 'b');
  return [
    START,
    '',
    '## 6. Head to head: the decision rules of common gradient checkers',
    '',
    `Command: \`npm run bench:h2h\` (\`${COMMAND}\`, H2H_SEEDS=${r.seeds.a}, H2H_GRADER_SEEDS=${r.seeds.b}), ${fmt(r.seconds, 0)} s on one core, ${new Date().toISOString().slice(0, 10)}. ` +
      `The same catalogues as §1 and §2 (\`properties/bench/rigor.ts\`: CORRECT_ALL, WRONG_ALL) at the bench's seeds (1000003 + 7919·k): regime (a) at the first ${r.seeds.a}, regime (b) at the first ${r.seeds.b}.`,
    '',
    "What a checker checks: the student's gradient function against finite differences of the grader's own forward map (`answers[forward].expected`; mlpLoss in plain numbers, checked equal to it), " +
      'with respect to the inputs that function differentiates (W for linearGradW, the whole record for mlpGradients). ' +
      'A function returning Jᵀ·dLdy is called with the upstream gradient the rule chooses; a Jacobian or a gradient it returns is contracted with it. ' +
      'The forward functions have no derivative to compare: no gradient checker checks them. ' +
      "Each rule calls the student's function on its own copy of the inputs, which its finite differences then use, in its source's order; a wrong shape, a throw or a NaN fails, as it would there. " +
      'The rules, as implemented (`properties/bench/checkers.ts`, which names the source read for each):',
    '',
    ...RULES.map((x) => `- **${x.name}**: ${x.words}.`),
    '',
    "Inputs, the same for every rule. **(a)** The checkers' way: one draw per seed of standard normals at small sizes (W 3×4, vectors of 4, the network 4 → 3 → 3; labels uniform), β = 1 (they have no β), from a seeded generator. " +
      `**(b)** This grader's own: each law's edge cases and, from each arbitrary the function's laws draw from (ordinary cases, sizes 7 to 24, logits beyond ±750), ${DEFAULT_RUNS} cases (${DEFAULT_RUNS / 5} at sizes 7 to 24), seeded by the first law that draws from the arbitrary (close to, not the very cases the grader draws: its laws are seeded one by one); ` +
      "a seed counts as failed when any case fails. Float64 throughout (Autodiff-Puzzles runs in torch's default float32, not modelled).",
    '',
    "Kinds of wrong answer, by the catalogue's own fields, the first that holds: a forward function; `onlyStability`; `caughtBy` is the purity law; " +
      'the name drops β, applies it twice or divides by it; the name says differences; `caughtBy` is a law at sizes 7 to 24; else other wrong gradients.',
    '',
    `Each cell: the share of (answer, seed) pairs the rule fails, **(a) / (b)**. This grader: §2's caught rate (${grader.wrongSeeds} seeds, its cases) and §1's false failures (${grader.correctSeeds} seeds).`,
    '',
    `| wrong answers, by kind (entries) | ${names.join(' | ')} | this grader |`,
    `| --- | ${names.map(() => '---').join(' | ')} | --- |`,
    `| ${forward[0]} (${forward[1].length}) | ${names.map(() => 'not checked').join(' | ')} | ${graderRate(forward[1])} |`,
    ...checked.map(
      ([k, us]) => `| ${k} (${us.length}) | ${names.map((_, i) => cell(us, i)).join(' | ')} | ${graderRate(us)} |`,
    ),
    `| **every wrong gradient** (${gradients.length}) | ${names.map((_, i) => cell(gradients, i)).join(' | ')} | ${graderRate(gradients)} |`,
    `| **correct answers: false failures** (${r.correct.length} function × implementation) | ${names.map((_, i) => cell(r.correct, i)).join(' | ')} | ${grader.failures} in ${grader.correctSeeds} seeds |`,
    '',
    `False failures, where: ${falseFailures.filter(Boolean).join('; ') || 'none'}. ` +
      `CS231n's "uncomfortable" band (1e-7 < rel_error ≤ 1e-2, counted as passing): ${pct(r.band.a, r.band.checks.a)} of its checks of correct answers in (a), ${pct(r.band.b, r.band.checks.b)} in (b).`,
    '',
    `Cost, on correct answers. This grader runs every law of a function (\`gradeOutcomes\`, solutions/, 3 seeds) in **${fmt(r.graderMs, 1)} ms** per function and seed.`,
    '',
    `| | ${names.join(' | ')} |`,
    `| --- | ${names.map(() => '---').join(' | ')} |`,
    `| µs per check, (a) / (b) | ${names.map((_, k) => `${fmt(perCheck(k, 'a'), 0)} / ${fmt(perCheck(k, 'b'), 0)}`).join(' | ')} |`,
    `| ms per function and seed over (b)'s cases | ${names.map((_, k) => fmt(perRun(k), 1)).join(' | ')} |`,
    '',
    '**Reading.** ' +
      `On ordinary wrong gradients ${list(full) || 'no rule'} catch${full.length === 1 ? 'es' : ''} every one at every seed of (b), as this grader does` +
      ` (on (a): ${list(full.map((n) => `${n} ${pct(caught(other, names.indexOf(n), 'a'), other.length * r.seeds.a)}`))}); minitorch, one index per input against an all-ones upstream with a 1e-2 tolerance, misses more (${cell(other, names.indexOf('minitorch'))}). ` +
      `On (a) no rule catches ${list(hidden) || 'nothing'} at any seed: β = 1, standard normals never overflow, and no input is larger than 4; ` +
      `the grader's inputs (b) show them to the rules${minitorchBeta === 0 ? ", but for minitorch's β: the gradient of sum(softmax(β·x)) is 0 whatever β" : ''}. ` +
      `No rule fails finite differences handed in as the answer more than ${pct(Math.max(...names.map((_, k) => caught(of('finite'), k, 'b'))), of('finite').length * r.seeds.b)} of the time in (b): they agree with finite differences by construction, where this grader's reference is exact and its tolerance is rounding. ` +
      `Of the writes into an input, a rule sees at most ${pct(bestWrites, writes.length * r.seeds.b)} in (b): those that change numbers it compares later (gradcheck's second backward, the differences minitorch and Autodiff-Puzzles take after the backward)${confounded.length ? `, though ${list(confounded)} fail${confounded.length === 1 ? 's' : ''} that function's right answers too` : ''}; ` +
      'the rest (a write put back, a scaling by 1, an input returned as the answer, a write into an upstream gradient the rule does not read again) no rule sees, where this grader watches every call. ' +
      `${list(rules((k) => caught(r.correct, k, 'b') > 0)) || 'No rule'} fail${rules((k) => caught(r.correct, k, 'b') > 0).length === 1 ? 's' : ''} right answers on the grader's cases (b) (above), where a fixed step is not small. ` +
      'No rule checks a forward function, or names the misconception behind a failure (§3). ' +
      `Where this grader loses is cost: ${fmt(r.graderMs, 0)} ms per function and seed, where one check by a rule takes ${fmt(Math.min(...names.map((_, k) => perCheck(k, 'a'))), 0)} to ${fmt(Math.max(...names.map((_, k) => perCheck(k, 'a'))), 0)} µs on (a); over the cases (b) (the rules on every correct implementation, the grader on solutions/ at 3 seeds) the rules are ${fmt(Math.min(...names.map((_, k) => r.graderMs / perRun(k))), 0)}–${fmt(Math.max(...names.map((_, k) => r.graderMs / perRun(k))), 0)}× cheaper.`,
    '',
    `<details><summary>Every wrong gradient, rule by rule: seeds failed, (a) of ${r.seeds.a} / (b) of ${r.seeds.b}</summary>`,
    '',
    `| function | wrong answer | kind | ${names.join(' | ')} |`,
    `| --- | --- | --- | ${names.map(() => '---').join(' | ')} |`,
    ...gradients.map(
      (u) => `| ${u.fn} | ${u.name} | ${u.kind} | ${u.failed.map((f) => `${f.a} / ${f.b}`).join(' | ')} |`,
    ),
    '',
    '</details>',
    '',
    END,
  ].join('\n');
}

/** Writes the section between the markers, or at the end of the file with them. */
export function report(r: Results): void {
  const old = fs.readFileSync(FILE, 'utf8');
  const text = section(r, old);
  const [from, to] = [old.indexOf(START), old.indexOf(END)];
  const next =
    from >= 0 && to > from ? old.slice(0, from) + text + old.slice(to + END.length) : `${old.trimEnd()}\n\n${text}\n`;
  fs.writeFileSync(FILE, next);
  console.log(`wrote §6 of BENCHMARKS.md, head to head (${r.seeds.a} and ${r.seeds.b} seeds, ${fmt(r.seconds, 0)} s)`);
}
