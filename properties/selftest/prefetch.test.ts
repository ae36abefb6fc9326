// A law's calls fetched ahead (prefetch.ts) change how many round trips the
// student process costs, and nothing else: on right and wrong folders, and on
// code that hangs, ends its process or throws at a case that is not the first,
// every law's outcome (its verdict, input, counterexample path for the replay,
// expected and actual, diagnosis) is the same fetched ahead or call by call.

import fc from 'fast-check';
import type { FunctionName } from '../contract';
import { GRADED } from '../laws';
import { call, callEach, LawFailure, type AnyLaw, type Law } from '../law';
import { ALL_EXERCISES } from '../exercises/select.js';
import type { ExerciseModule } from '../exercises/module';
import { gradeOutcomes } from '../engine';
import { casesAhead, sameData } from '../prefetch';
import { DEFAULT_RUNS, DEFAULT_SEED, lawSeed, runLaw, type Outcome } from '../run';
import { DEFAULT_LIMITS, openSubmission } from '../sandbox/submission';
import { StudentGone, type Answer, type Student } from '../sandbox/wire';
import { folder, NO_BETA, type Edit } from './e2e';

jest.setTimeout(120_000);

const W_LINE = 'return dLdy.map((g) => x.map((xj) => g * xj));';
const at = (condition: string, then: string): Edit => ({
  file: 'linear.ts',
  from: W_LINE,
  to: `if (${condition}) ${then}\n  ${W_LINE}`,
});

const HANGS = 'hangs at the first case with 3 rows';
// (The right folder is the first test's.)
const FOLDERS: [string, Edit[]][] = [
  ['no β in the Jacobian', [NO_BETA]],
  [HANGS, [at('dLdy.length === 3', 'while (true) {}')]],
  ['ends its process at the first case with 3 columns', [at('x.length === 3', 'process.exit(3);')]],
  ['throws on a negative first entry', [at('dLdy[0] < 0', "throw new Error('negative');")]],
  ['writes into x when it is long', [at('x.length > 4', '(x as number[])[0] = 7;')]],
];

/** Round trips to the student: single and batched calls made as ever, and batches fetched ahead. */
interface Trips {
  calls: number;
  ahead: number;
}

/** Every law's outcome on the folder, but what the code printed (grouped by request, which differs). */
function outcomes(dir: string, ahead: boolean, trips: Trips = { calls: 0, ahead: 0 }): Omit<Outcome, 'printed'>[] {
  const submission = openSubmission(dir, 'auto', { ...DEFAULT_LIMITS, hangMs: 500 });
  const real = submission.student;
  const counted: Student = {
    invoke: (fn, args) => (trips.calls++, real.invoke(fn, args)),
    invokeEach: (fn, argsList) => (trips.calls++, real.invokeEach(fn, argsList)),
    invokeUpTo: (fn, argsList) => (trips.ahead++, real.invokeUpTo!(fn, argsList)),
    revive: (fn) => real.revive!(fn),
    lastPrinted: () => real.lastPrinted?.() ?? '',
  };
  try {
    const settings = { seed: DEFAULT_SEED, numRuns: DEFAULT_RUNS, ahead };
    return GRADED.flatMap(({ fn }) =>
      gradeOutcomes(counted, fn, settings).map(({ outcome }) => {
        const rest: { -readonly [K in keyof Outcome]?: Outcome[K] } = { ...outcome };
        delete rest.printed;
        return rest as Omit<Outcome, 'printed'>;
      }),
    );
  } finally {
    submission.close();
  }
}

test('fetched ahead, a right folder costs a small share of the round trips call by call costs', () => {
  const dir = folder();
  const [byCall, ahead] = [
    { calls: 0, ahead: 0 },
    { calls: 0, ahead: 0 },
  ];
  const one = outcomes(dir, false, byCall);
  expect(outcomes(dir, true, ahead)).toEqual(one);
  expect(one.filter((o) => o.status !== 'passed')).toEqual([]);
  expect(byCall.ahead).toBe(0);
  expect(ahead.ahead).toBeGreaterThan(0);
  // Every case's first call answered ahead: what is left is later calls and the laws that call more than once.
  expect(ahead.calls + ahead.ahead).toBeLessThan(byCall.calls / 5);
});

/** Each folder's outcomes fetched ahead, kept for the tests that look closer. */
const fetchedAhead = new Map<string, Omit<Outcome, 'printed'>[]>();

test.each(FOLDERS)('%s: every outcome is the same, fetched ahead or call by call', (name, edits) => {
  const dir = folder(edits);
  const one = outcomes(dir, false);
  fetchedAhead.set(name, outcomes(dir, true));
  expect(fetchedAhead.get(name)).toEqual(one);
  // The folders do what they say: some law fails, hangs or ends.
  expect(one.some((o) => o.status !== 'passed')).toBe(true);
});

test('a hang while fetching ahead is named at the same input (not the first)', () => {
  // (Graded again only where the test above did not run, under -t say.)
  const ahead = fetchedAhead.get(HANGS) ?? outcomes(folder(new Map(FOLDERS).get(HANGS)), true);
  const hung = ahead.find((o) => o.status === 'timeout')!;
  expect(hung.input).toMatch(/^dLdy = \[[^,\]]+, [^,\]]+, [^,\]]+\], x = /);
  expect(hung.path).toMatch(/^\d+/);
  expect(hung.path).not.toBe('0');
});

/** A law on plain numbers whose check calls twice, in turn or in one batch. */
const twice = (batched: boolean): Law<number> => ({
  fn: 'linearGradB' as FunctionName,
  name: batched ? 'calls twice at once' : 'calls twice',
  why: '',
  group: 'core',
  cases: fc.integer({ min: 0, max: 1_000_000 }),
  examples: [],
  shows: [],
  check(student, c) {
    if (batched) callEach(student, 'linearGradB', [[c], [c + 0.5]] as never);
    else {
      call(student, 'linearGradB', c as never);
      call(student, 'linearGradB', (c + 0.5) as never);
    }
  },
});

/** A student process that hangs on one call and is then gone for that function, until revived; it counts its hangs
 * and the batches fetched ahead. */
function hanging(target: number): Student & { hangs: number; batches: number } {
  let dead: StudentGone | undefined;
  const one = (args: readonly unknown[]): Answer | StudentGone => {
    if (dead) throw dead;
    if (args[0] === target) {
      student.hangs++;
      return (dead = new StudentGone('timeout', 'did not return within 1 s'));
    }
    return { ok: true, value: [args[0]], wrote: [] };
  };
  const upTo = (argsList: readonly (readonly unknown[])[]) => {
    const answers: Answer[] = [];
    for (const args of argsList) {
      const a = one(args);
      if (a instanceof StudentGone) return { answers, gone: a };
      answers.push(a);
    }
    return { answers };
  };
  const student = {
    hangs: 0,
    batches: 0,
    invoke: (_fn: FunctionName, args: readonly unknown[]) => {
      const r = upTo([args]);
      if (r.gone) throw r.gone;
      return r.answers[0];
    },
    invokeEach: (_fn: FunctionName, argsList: readonly (readonly unknown[])[]) => {
      const r = upTo(argsList);
      if (r.gone) throw r.gone;
      return r.answers;
    },
    invokeUpTo: (_fn: FunctionName, argsList: readonly (readonly unknown[])[]) => (student.batches++, upTo(argsList)),
    revive: () => (dead = undefined),
  };
  return student;
}

// A student that hangs on the first call of the seventh case: fetched ahead, that kills the function; the earlier
// cases' second calls (not fetched ahead: only each case's first calls are) must not then be the ones to find it
// gone, and the call that hung is not made again, in turn or in a batch.
test.each([false, true])(
  'where a check calls twice (batched: %s), a hang at a later case is named there, and hangs once',
  (batched) => {
    const law = twice(batched);
    const settings = { seed: 7, numRuns: 20 };
    const target = casesAhead(law, lawSeed(law, 7), 20)[6];
    const student = hanging(target);
    const ahead = runLaw(law, student, settings);
    const byCall = runLaw(law, hanging(target), { ...settings, ahead: false });
    expect(ahead.status).toBe('timeout');
    expect([ahead.input, ahead.path]).toEqual([byCall.input, byCall.path]);
    expect(ahead.path).toBe('6');
    expect(student.hangs).toBe(1);
    expect(student.batches).toBeGreaterThan(0);
  },
);

// runLaw checks a law's cases drawn ahead and runs fast-check only on a failure, to reach it again: so fast-check
// must try exactly those cases, in that order, and count them so, for every exercise's laws, however many runs.
test.each([1, 3, DEFAULT_RUNS])('with %i runs, every law’s cases drawn ahead are those fast-check tries', (runs) => {
  for (const e of ALL_EXERCISES) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- every exercise's, not only the assignment's
    const { laws } = (require(`../exercises/${e.name}/index.ts`) as { default: ExerciseModule }).default;
    for (const law of e.functions.flatMap((f) => laws[f.name] as AnyLaw[])) {
      const seed = lawSeed(law, DEFAULT_SEED);
      const numRuns = Math.max(1, Math.round(runs * (law.share ?? 1)));
      const tried: unknown[] = [];
      const details = fc.check(
        fc.property(law.cases, (c) => void tried.push(c)),
        { seed, numRuns, examples: law.examples.map((c) => [c] as [unknown]) },
      );
      const ahead = casesAhead(law, seed, numRuns);
      expect([law.name, tried]).toEqual([law.name, ahead]);
      // And as runLaw compares them, to throw a failure found ahead again at its run.
      expect([law.name, tried.every((c, k) => sameData(c, ahead[k]))]).toEqual([law.name, true]);
      expect(details.numRuns).toBe(ahead.length);
    }
  }
});

// A case's first calls are answered ahead only when they are the calls noted: a check whose first call is not the
// same when noted and when checked (here from its 26th check on, counting the note-taking's 20) gets the student's
// own answers, and holds.
test('a first call that is not the one noted is made as ever', () => {
  let made = 0;
  const law: Law<number> = {
    ...twice(false),
    name: 'counts its calls',
    check(student, c) {
      const arg = c + (made++ >= 25 ? 1 : 0);
      const [got] = call(student, 'linearGradB', arg as never) as number[];
      if (got !== arg) throw new LawFailure(`got ${got} for ${arg}`);
    },
  };
  const student = hanging(NaN);
  const outcome = runLaw(law, student, { seed: 7, numRuns: 20 });
  expect(outcome.status).toBe('passed');
  expect(student.batches).toBeGreaterThan(0);
});

// A call that hung while fetched ahead is not made again by any later call on the same data: here case 0 (c = 4)
// calls 4 then 5, and 5, case 1's first call, hung when fetched; and while shrinking (wrong at 5, hangs at 0).
test.each([
  ['a check’s later call', [4, 5], 5, (c: number) => [c, c + 1]],
  ['shrinking', [5, 0], 0, (c: number) => [c]],
] as const)('a call that hung fetched ahead is made once, even by %s', (_, examples, target, argsOf) => {
  const law: Law<number> = {
    ...twice(false),
    name: 'calls in turn',
    examples,
    check(student, c) {
      for (const arg of argsOf(c)) {
        const [got] = call(student, 'linearGradB', arg as never) as number[];
        if (got !== arg || arg === 5) throw new LawFailure(`wrong at ${arg}`);
      }
    },
  };
  const settings = { seed: 1, numRuns: 10 };
  const student = hanging(target);
  const byCall = runLaw(law, hanging(target), { ...settings, ahead: false });
  expect(runLaw(law, student, settings)).toEqual(byCall);
  expect(byCall.status).toBe('timeout');
  expect(student.hangs).toBe(1);
});
