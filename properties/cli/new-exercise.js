#!/usr/bin/env node
// @ts-check
// `npm run new-exercise -- <name>`: scaffolds an exercise that already works,
// for an instructor to reshape: the squared norm L = ½·Σ θ_k² and its
// gradient θ, built on the law kit. It writes the exercise's folder under
// properties/exercises/ (exercise.json, kata.ts, cases.ts, index.ts,
// diagnoses.ts, catalogue.ts), the stub katas/<name>.ts and the answer
// solutions/<name>.ts, and adds the exercise to index.json and types.ts.
// `npm run check-exercises` then passes; change the forward map, the steps,
// the stub, the answer and the catalogue together, and it keeps you honest.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { ROOT, stubBody } = require('../layout');

const USAGE = 'npm run new-exercise -- <name>: a lower-case name of letters and digits, not taken (for example relu)';

/** @param {string} name */
function files(name) {
  const Name = name[0].toUpperCase() + name.slice(1);
  const loss = name;
  const grad = `${name}Grad`;
  const exercise = {
    title: `${Name}: a scalar loss and its gradient`,
    file: `${name}.ts`,
    functions: [
      {
        name: loss,
        params: ['theta: Vector'],
        returns: 'number',
        todo: 'half the sum of the squares of θ.',
        forward: true,
        points: { core: 1 },
      },
      {
        name: grad,
        params: ['theta: Vector'],
        returns: 'number[]',
        todo: 'differentiate L with respect to each θ_k.',
        points: { core: 2 },
      },
    ],
    steps: [
      {
        title: `The loss ${loss}`,
        functions: [loss],
        group: 'core',
        statement: 'Return half the sum of the squares of θ.',
        formula: 'L = ½·Σ_k θ_k²',
        hints: ['One pass over θ.', 'Square each entry and add them up.', 'Halve the sum.'],
      },
      {
        title: `Its gradient ${grad}`,
        functions: [grad],
        group: 'core',
        statement: 'Return ∂L/∂θ, one entry per entry of θ.',
        formula: '∂L/∂θ_k = θ_k',
        hints: ['Only the term θ_k² depends on θ_k.', 'd(½·t²)/dt = t.', 'A fresh copy of θ.'],
      },
    ],
  };
  return {
    [`properties/exercises/${name}/exercise.json`]: JSON.stringify(exercise, null, 2) + '\n',
    [`properties/exercises/${name}/kata.ts`]: `// ${Name}'s functions, as katas/${name}.ts declares them.

import type { Vector } from '../../contract';

export interface ${Name}Kata {
  ${loss}(theta: Vector): number;
  ${grad}(theta: Vector): number[];
}
`,
    [`properties/exercises/${name}/cases.ts`]: `// ${Name}'s inputs: θ on the grid, cases of a given size, and the edge cases every law sees first.

import fc from 'fast-check';
import { dimension, largeDimension, MAX_DIM, seeded, vector } from '../../arbitraries';

export interface ${Name}Case {
  readonly theta: number[];
  /** A direction with entries in [−1, 1], for the directional derivative. */
  readonly u: number[];
}

export const ${name}Case = (): fc.Arbitrary<${Name}Case> =>
  fc
    .record({ n: dimension(), theta: vector(MAX_DIM), u: vector(MAX_DIM, 1) })
    .map(({ n, theta, u }) => ({ theta: theta.slice(0, n), u: u.slice(0, n) }));

export function ${name}CaseOfSize(n: number, seed: number): ${Name}Case {
  const next = seeded(seed);
  return { theta: Array.from({ length: n }, () => next(4)), u: Array.from({ length: n }, () => next(1)) };
}

export const large${Name}Case = (): fc.Arbitrary<${Name}Case> =>
  fc.record({ n: largeDimension(), seed: fc.noBias(fc.integer()) }).map(({ n, seed }) => ${name}CaseOfSize(n, seed));

export const ${name}Examples: ${Name}Case[] = [
  { theta: [0.75], u: [1] },
  { theta: [1, -2, 0.5], u: [1, -0.5, 0.25] },
];
`,
    [`properties/exercises/${name}/index.ts`]: `// ${Name}: L = ½·Σ θ_k². Its laws come from the law kit (kit.ts) and this forward map alone.

import { scalarLossModule, sumOf, type ScalarLoss } from '../../kit';
import type { ExerciseModule } from '../module';
import { ${name}Case, ${name}CaseOfSize, ${name}Examples, large${Name}Case, type ${Name}Case } from './cases';
import { ${name}Patterns } from './diagnoses';

const loss: ScalarLoss<${Name}Case> = {
  loss: '${loss}',
  gradient: '${grad}',
  lossWords: '½·Σ θ_k²',
  gradientWords: '∂L/∂θ',
  why: 'the loss is half the sum of the squares of θ',
  ordinary: { cases: ${name}Case(), examples: ${name}Examples },
  large: large${Name}Case(),
  shows: ['theta'],
  args: (c) => [c.theta],
  wrt: 'theta',
  direction: (c) => c.u,
  forward: (_, theta) => sumOf(theta.map((t) => t.mul(t))).mul(0.5),
};

const ${name}: ExerciseModule = {
  ...scalarLossModule(loss),
  diagnoses: ${name}Patterns as ExerciseModule['diagnoses'],
  caseOfSize: (n) => ${name}CaseOfSize(n, n),
  genericCases: () => [${name}CaseOfSize(4, 7)],
};

export default ${name};
`,
    [`properties/exercises/${name}/diagnoses.ts`]: `// What common misconceptions make ${Name}'s gradient return, for the diagnosis.

import { scale, type Pattern } from '../../patterns';
import type { ${Name}Case } from './cases';

export const ${name}Patterns: { [fn: string]: Pattern<${Name}Case>[] } = {
  ${loss}: [],
  ${grad}: [{ code: 'doubled', says: 'the ½ cancels the 2 of θ²: ∂L/∂θ is θ, not 2θ', predict: (_, r) => scale(r, 2) }],
};
`,
    [`properties/exercises/${name}/catalogue.ts`]: `// The self-tests' catalogue for ${Name}: right answers written differently, and wrong answers, each
// caught by the law named beside it.

import type { Catalogue } from '../module';

type V = readonly number[];
const loss = (theta: V) => 0.5 * theta.reduce((s, t) => s + t * t, 0);
const grad = (theta: V) => theta.slice();
const GRAD = 'agrees with forward-mode derivatives of ½·Σ θ_k²';
const LOSS = 'equals ½·Σ θ_k²';

export const catalogue: Catalogue = {
  right: { ${loss}: loss, ${grad}: grad },
  correct: [
    { name: 'with loops', kata: { ${loss}: (t: V) => { let s = 0; for (const x of t) s += x * x / 2; return s; }, ${grad}: (t: V) => { const g: number[] = []; for (const x of t) g.push(x); return g; } } },
    { name: 'with map and spread', kata: { ${loss}: (t: V) => t.map((x) => x * x).reduce((a, b) => a + b, 0) / 2, ${grad}: (t: V) => [...t] } },
    { name: 'through a typed array', kata: { ${loss}: loss, ${grad}: (t: V) => Array.from(Float64Array.from(t)) } },
  ],
  wrong: [
    { name: '2θ: the ½ forgotten', fn: '${grad}', caughtBy: GRAD, diagnosis: 'doubled', impl: (t: V) => t.map((x) => 2 * x) },
    { name: '−θ', fn: '${grad}', caughtBy: GRAD, impl: (t: V) => t.map((x) => -x) },
    { name: 'θ²', fn: '${grad}', caughtBy: GRAD, impl: (t: V) => t.map((x) => x * x) },
    { name: 'the loss, not its gradient', fn: '${grad}', caughtBy: GRAD, impl: (t: V) => t.map(() => loss(t)) },
    { name: 'a loop bounded by 6', fn: '${grad}', caughtBy: 'agrees with a directional derivative at sizes 7 to 24', impl: (t: V) => t.map((x, k) => (k < 6 ? x : 0)) },
    { name: 'θ itself, returned', fn: '${grad}', caughtBy: 'leaves its inputs unchanged', impl: (t: V) => t },
    { name: 'Σ θ_k², without the ½', fn: '${loss}', caughtBy: LOSS, impl: (t: V) => 2 * loss(t) },
    { name: 'the norm, not half its square', fn: '${loss}', caughtBy: LOSS, impl: (t: V) => Math.sqrt(2 * loss(t)) },
    { name: 'squares θ in place', fn: '${loss}', caughtBy: 'leaves its inputs unchanged', impl: (t: V) => { const l = loss(t); (t as number[]).forEach((x, k, a) => (a[k] = x * x)); return l; } },
  ],
};
`,
    [`katas/${name}.ts`]: `// ${Name}: the loss L = ½·Σ θ_k², and its gradient
//
// Write each function below. Return fresh arrays and leave the inputs alone.
// Check your work with \`npm run grade -- --exercises ${name}\`. Do not import
// anything: this file must stand on its own.

/** L = ½·Σ_k θ_k², a number. */
export function ${loss}(theta: readonly number[]): number ${stubBody(loss, exercise.functions[0].todo)}

/** ∂L/∂θ, one entry per entry of θ. */
export function ${grad}(theta: readonly number[]): number[] ${stubBody(grad, exercise.functions[1].todo)}
`,
    [`solutions/${name}.ts`]: `// Reference answers for ${Name}. The grader never reads this file: it checks any folder against laws.

/** L = ½·Σ_k θ_k². */
export function ${loss}(theta: readonly number[]): number {
  return 0.5 * theta.reduce((s, t) => s + t * t, 0);
}

/** ∂L/∂θ_k = θ_k. */
export function ${grad}(theta: readonly number[]): number[] {
  return theta.slice();
}
`,
  };
}

function main() {
  const [name] = process.argv.slice(2);
  const { ALL_EXERCISES } = require('../exercises/select');
  if (
    !name ||
    !/^[a-z][a-z0-9]*$/.test(name) ||
    ALL_EXERCISES.some((/** @type {{ name: string }} */ e) => e.name === name)
  ) {
    console.error(USAGE);
    return 2;
  }
  const out = files(name);
  const taken = Object.keys(out).filter((f) => fs.existsSync(path.join(ROOT, f)));
  if (taken.length > 0) {
    console.error(`${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''}; ${USAGE}`);
    return 2;
  }
  for (const [file, text] of Object.entries(out)) {
    fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file), text);
  }
  const indexFile = path.join(ROOT, 'properties/exercises/index.json');
  const index = JSON.parse(fs.readFileSync(indexFile, 'utf8'));
  index.exercises.push(name);
  fs.writeFileSync(indexFile, JSON.stringify(index, null, 2) + '\n');
  const typesFile = path.join(ROOT, 'properties/exercises/types.ts');
  const Name = name[0].toUpperCase() + name.slice(1);
  const types = fs
    .readFileSync(typesFile, 'utf8')
    .replace(/(\nexport type Kata = [^;]*);/, `$1 & ${Name}Kata;`)
    .replace(/\nexport type Kata/, `import type { ${Name}Kata } from './${name}/kata';\n\nexport type Kata`)
    .replace(/\n\nimport type/, '\nimport type');
  fs.writeFileSync(typesFile, types);
  console.log(
    [
      `wrote ${Object.keys(out).join(', ')}, and added ${name} to properties/exercises/index.json and types.ts.`,
      'Next: npx prettier --write . && npm run steps && npm run pin && npm run check-exercises',
      `(then grade it with npm run grade -- --exercises ${name}).`,
    ].join('\n'),
  );
  return 0;
}

process.exitCode = main();
