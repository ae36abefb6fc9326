// Every wrong answer in the catalogue fails, for the reason the catalogue
// gives; naive-exp answers lose only their stability points; and every law
// is shown to fail on at least one wrong answer.

import { GRADED } from '../laws';
import { gradeOutcomes } from '../engine';
import { DEFAULT_RUNS, DEFAULT_SEED, type Outcome } from '../run';
import { inProcessStudent } from '../sandbox/wire';
import { DIAGNOSES, GENERIC_WRONG, reference, WRONG, type Wrong } from './wrong';

const settings = { seed: DEFAULT_SEED, numRuns: DEFAULT_RUNS };
const lawsOf = (w: Wrong) => GRADED.find((g) => g.fn === w.fn)!.laws;

/** Each wrong answer graded once, law by law, as a student would be. */
const verdicts = new Map<Wrong, Map<string, Outcome>>();
function verdict(w: Wrong): Map<string, Outcome> {
  if (!verdicts.has(w)) {
    const kata = { ...reference, [w.fn]: w.impl };
    verdicts.set(
      w,
      new Map(gradeOutcomes(inProcessStudent(kata), w.fn, settings).map(({ law, outcome }) => [law.name, outcome])),
    );
  }
  return verdicts.get(w)!;
}

test('the catalogue holds at least 30 wrong answers, each naming a law of its function', () => {
  expect(WRONG.length).toBeGreaterThanOrEqual(30);
  for (const w of WRONG) expect(lawsOf(w).map((l) => l.name)).toContain(w.caughtBy);
});

describe.each(WRONG.map((w) => [`${w.fn}: ${w.name}`, w] as const))('%s', (_, w) => {
  test(`fails "${w.caughtBy}"`, () => {
    const outcome = verdict(w).get(w.caughtBy)!;
    expect(outcome.status).toBe('failed');
    expect(outcome.message).not.toBe('');
  });
  if (w.onlyStability) {
    test('keeps every core point: it is right wherever exp does not overflow', () => {
      const coreFailures = lawsOf(w)
        .filter((l) => l.group === 'core')
        .map((l) => [l.name, verdict(w).get(l.name)!] as const)
        .filter(([, o]) => o.status !== 'passed');
      expect(coreFailures).toEqual([]);
    });
  }
});

describe.each(GENERIC_WRONG.map((w) => [`${w.fn}: ${w.name}`, w] as const))('%s', (_, w) => {
  test(`fails "${w.caughtBy}…"`, () => {
    const failing = [...verdict(w)].filter(([, o]) => o.status === 'failed');
    const named = failing.find(([name]) => name.startsWith(w.caughtBy));
    expect(named).toBeDefined();
    // Caught for its own reason, not for an error it ran into.
    expect(named![1].message).toMatch(w.caughtBy === 'returns' ? / should be / : / wrote into its argument /);
  });
});

test('every law fails on at least one wrong answer', () => {
  const neverFailed = GRADED.flatMap(({ fn, laws }) =>
    laws
      .filter(
        (law) =>
          ![...WRONG, ...GENERIC_WRONG].some((w) => w.fn === fn && verdict(w).get(law.name)!.status === 'failed'),
      )
      .map((law) => `${fn} ${law.name}`),
  );
  expect(neverFailed).toEqual([]);
});

test('at least eight misconceptions are diagnosed, each by name, and no other wrong answer gets a guess', () => {
  expect(new Set(Object.values(DIAGNOSES)).size).toBeGreaterThanOrEqual(8);
  const given = [...WRONG, ...GENERIC_WRONG].map((w) => {
    const diagnoses = [...new Set([...verdict(w).values()].map((o) => o.diagnosis).filter(Boolean))].sort();
    return [`${w.fn}: ${w.name}`, diagnoses] as const;
  });
  expect(Object.fromEntries(given.filter(([, d]) => d.length > 0))).toEqual(
    Object.fromEntries(Object.entries(DIAGNOSES).map(([k, v]) => [k, typeof v === 'string' ? [v] : [...v].sort()])),
  );
});

test('a write into an argument is named, even one undone before returning', () => {
  const undone = GENERIC_WRONG.find((w) => w.fn === 'softmax' && w.name.startsWith('writes into its first argument'))!;
  expect(verdict(undone).get(undone.caughtBy)!.message).toBe(
    'softmax wrote into its argument x; compute into a new array and leave x as it was given',
  );
  const aliased = WRONG.find((w) => w.name === 'returns dLdy itself rather than a fresh array')!;
  expect(verdict(aliased).get(aliased.caughtBy)!.message).toBe(
    'linearGradB returned (part of) its argument dLdy itself; return a new array (for example with .slice() or .map())',
  );
});
