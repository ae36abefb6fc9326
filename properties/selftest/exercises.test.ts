// Every exercise of the registry that has a catalogue, checked as
// `rustlings dev check` checks its exercises: its stub is reported as not
// implemented and its solution passes, behind the sandbox; its right answers
// written differently pass every law; each wrong answer fails the law the
// catalogue names (and a naive exp loses its stability points alone); every
// law fails on some wrong answer; exercise.json agrees with the stub; and each gradient function is a derivative of
// one of the exercise's forward maps.

import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { Catalogue } from '../exercises/module';
import type { AnyLaw, Law } from '../law';

// Every exercise, whatever the default assignment: set before the registry is read.
process.env.KATA_EXERCISES = 'all';
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the assignment is set */
const { ALL_EXERCISES } = require('../exercises/select') as typeof import('../exercises/select');
const { ROOT } = require('../layout') as typeof import('../layout');
const { GRADED } = require('../laws') as typeof import('../laws');
const { gradeOutcomes } = require('../engine') as typeof import('../engine');
const { openSubmission } = require('../sandbox/submission') as typeof import('../sandbox/submission');
const { inProcessStudent } = require('../sandbox/wire') as typeof import('../sandbox/wire');
const { MODULES } = require('../exercises/modules') as typeof import('../exercises/modules');
const { casesAhead } = require('../prefetch') as typeof import('../prefetch');
const { lawSeed } = require('../run') as typeof import('../run');
/* eslint-enable @typescript-eslint/no-require-imports */

jest.setTimeout(120_000);

const SEEDS = [2019, 1, 7920];

const withCatalogue = ALL_EXERCISES.flatMap((e) => {
  const file = path.join(ROOT, 'properties/exercises', e.name, 'catalogue.ts');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return fs.existsSync(file) ? [{ e, catalogue: (require(file) as { catalogue: Catalogue }).catalogue }] : [];
});

/** Every law of the exercise's functions on a table of functions, at each seed: the ones that did not pass. */
function failures(fns: readonly string[], kata: Record<string, unknown>, seeds = SEEDS, only?: string) {
  const student = inProcessStudent(kata as never);
  return seeds.flatMap((seed) =>
    fns
      .filter((fn) => !only || fn === only)
      .flatMap((fn) =>
        gradeOutcomes(student, fn as never, { seed, numRuns: 50 })
          .filter(({ outcome }) => outcome.status !== 'passed')
          .map(({ law, outcome }) => ({ fn, law: law.name, group: law.group, outcome })),
      ),
  );
}

test("every stub's body is its registry TODO and the throw, as npm run kata's reset writes it back", () => {
  const { stubBody } = require('../layout') as typeof import('../layout'); // eslint-disable-line @typescript-eslint/no-require-imports
  const differing = ALL_EXERCISES.flatMap((e) => {
    const text = fs.readFileSync(path.join(ROOT, 'katas', e.file), 'utf8');
    const source = ts.createSourceFile(e.file, text, ts.ScriptTarget.ES2022, true);
    const bodies = new Map(
      source.statements
        .filter(ts.isFunctionDeclaration)
        .map((f) => [f.name?.text, f.body ? text.slice(f.body.getStart(source), f.body.end) : ''] as const),
    );
    return e.functions.filter((f) => bodies.get(f.name) !== stubBody(f.name, f.todo)).map((f) => f.name);
  });
  expect(differing).toEqual([]);
  // The control: a TODO worded otherwise is told apart.
  expect(stubBody('linearGradB', 'something else')).not.toBe(
    stubBody('linearGradB', ALL_EXERCISES[0].functions[1].todo),
  );
});

test('no hint is code: the last may give the key line in mathematics, never the body to paste', () => {
  const code = /=>|\b(const|let|return|function)\b|\.(map|reduce|forEach|fill)\(/;
  const hints = ALL_EXERCISES.flatMap((e) => e.steps.flatMap((s) => s.hints.map((h) => `${s.title}: ${h}`)));
  expect(hints.filter((h) => code.test(h))).toEqual([]);
  // The control: the hint that used to be step 1's whole answer.
  expect(code.test('W.map((row, i) => row.reduce((s, w, j) => s + w * x[j], b[i]))')).toBe(true);
});

test('every exercise has a catalogue here, but the two whose catalogues are the self-tests of their own', () => {
  // linear and softmax are checked by solutions, correct and wrong.test.ts (selftest/wrong.ts, correct.ts).
  const without = ALL_EXERCISES.filter((e) => !withCatalogue.some((w) => w.e === e)).map((e) => e.name);
  expect(without).toEqual(['linear', 'softmax']);
});

/** A value and everything in it frozen: a write into it throws (the laws are strict code). */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

// prefetch.ts notes a case's first calls on the case itself, which is then checked: so no law may write into its
// case. Every exercise's laws, checked against its solution on frozen cases, never do (a law that shifts its case
// in place throws there, as the control shows).
test('no law writes into its case', () => {
  const solutions = Object.assign(
    {},
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- every exercise's answer, by the registry
    ...ALL_EXERCISES.map((e) => require(path.join(ROOT, 'solutions', e.file)) as object),
  ) as Record<string, unknown>;
  const student = inProcessStudent(solutions as never);
  const writes = (law: AnyLaw) =>
    casesAhead(law, lawSeed(law, 2019), 10).flatMap((c) => {
      try {
        law.check(student, frozen(c));
        return [];
      } catch (e) {
        return [`${law.fn} ${law.name}: ${String(e)}`];
      }
    });
  const linearGradB = GRADED.find((g) => g.fn === 'linearGradB')!.laws[0];
  const shifts: Law<{ dLdy: number[] }> = {
    ...(linearGradB as Law<{ dLdy: number[] }>),
    check(st, c) {
      c.dLdy[0] += 1;
      linearGradB.check(st, c);
    },
  };
  expect(writes(shifts)[0]).toMatch(/TypeError: Cannot assign to read only property/);
  const laws = GRADED.flatMap((g) => g.laws);
  expect(laws.length).toBeGreaterThan(50);
  expect(laws.flatMap(writes)).toEqual([]);
});

// The head-to-head differentiates each gradient function's forward map as the exercise says (module.derivatives).
test.each(ALL_EXERCISES.map((e) => [e.name, e] as const))(
  '%s: every function but the forward maps is a derivative of one of them, with respect to fields its cases hold',
  (name, e) => {
    const m = MODULES[name];
    const forward = e.functions.filter((f) => f.forward).map((f) => f.name);
    const gradients = e.functions.filter((f) => !f.forward).map((f) => f.name);
    expect(Object.keys(m.derivatives).sort()).toEqual([...gradients].sort());
    const c = m.genericCases()[0] as Record<string, unknown>;
    for (const [fn, d] of Object.entries(m.derivatives)) {
      expect([fn, forward.includes(d.forward), d.wrt.length > 0]).toEqual([fn, true, true]);
      expect([fn, d.wrt.filter((w) => !Array.isArray(c[w]))]).toEqual([fn, []]);
    }
  },
);

describe.each(withCatalogue.map((x) => [x.e.name, x] as const))('%s', (_, { e, catalogue }) => {
  const fns = e.functions.map((f) => f.name);

  test('its stub is reported as not implemented and its solution passes every law, behind the sandbox', () => {
    for (const [folder, want] of [
      ['katas', 'not-implemented'],
      ['solutions', 'passed'],
    ] as const) {
      const submission = openSubmission(path.join(ROOT, folder), 'auto');
      try {
        for (const fn of fns) {
          const statuses = gradeOutcomes(submission.student, fn as never, { seed: 2019, numRuns: 20 }).map(
            (o) => o.outcome.status,
          );
          expect([folder, fn, [...new Set(statuses)]]).toEqual([folder, fn, [want]]);
        }
      } finally {
        submission.close();
      }
    }
  });

  test.each<[string, Readonly<Record<string, unknown>>]>([
    ['the right answer', catalogue.right],
    ...catalogue.correct.map((c) => [c.name, c.kata] as [string, Readonly<Record<string, unknown>>]),
  ])('a right answer (%s) passes every law', (_name, kata) => {
    const bad = failures(fns, kata as Record<string, unknown>).map(
      (f) => `${f.fn} ${f.law}: ${f.outcome.message} on ${f.outcome.input}`,
    );
    expect(bad).toEqual([]);
  });

  test.each(catalogue.wrong.map((w) => [`${w.fn}: ${w.name}`, w] as const))(
    'a wrong answer (%s) fails, with the diagnosis the catalogue gives it and no other',
    (_n, w) => {
      const found = failures(fns, { ...catalogue.right, [w.fn]: w.impl }, [2019], w.fn);
      expect(found.map((f) => f.law)).toContain(w.caughtBy);
      if (w.onlyStability) expect(found.filter((f) => f.group === 'core')).toEqual([]);
      const given = new Set(found.flatMap((f) => ('diagnosisCode' in f.outcome ? [f.outcome.diagnosisCode] : [])));
      given.delete(undefined);
      expect([...given]).toEqual(w.diagnosis ? [`${w.fn}/${w.diagnosis}`] : []);
    },
  );

  test('every misconception the exercise names is met by a wrong answer of its catalogue that gets it', () => {
    const diagnosed = new Set(catalogue.wrong.flatMap((w) => (w.diagnosis ? [`${w.fn}/${w.diagnosis}`] : [])));
    const named = Object.entries(MODULES[e.name].diagnoses).flatMap(([fn, ps]) => ps.map((p) => `${fn}/${p.code}`));
    expect(named.filter((code) => !diagnosed.has(code))).toEqual([]);
  });

  test('every law fails on some wrong answer', () => {
    const caught = new Set(catalogue.wrong.map((w) => `${w.fn} ${w.caughtBy}`));
    const laws = GRADED.filter((g) => fns.includes(g.fn)).flatMap((g) => g.laws.map((l) => `${g.fn} ${l.name}`));
    expect(laws.filter((l) => !caught.has(l))).toEqual([]);
    expect(catalogue.wrong.length).toBeGreaterThanOrEqual(8);
    expect(catalogue.correct.length).toBeGreaterThanOrEqual(3);
  });

  test('exercise.json agrees with the stub: the same functions, in order, with the same parameters', () => {
    // Read as the compiler reads it: parameter types may hold parentheses, declarations may span lines.
    const source = ts.createSourceFile(
      e.file,
      fs.readFileSync(path.join(ROOT, 'katas', e.file), 'utf8'),
      ts.ScriptTarget.ES2022,
      true,
    );
    const declared = source.statements.filter(ts.isFunctionDeclaration).map((f) => ({
      name: f.name?.text,
      params: f.parameters.map((p) => p.name.getText(source)),
    }));
    expect(declared).toEqual(
      e.functions.map((f) => ({ name: f.name, params: f.params.map((p) => p.split(':')[0].trim()) })),
    );
  });
});
