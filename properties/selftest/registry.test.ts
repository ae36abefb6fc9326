// The exercise registry is the one place an exercise is written: no file or
// function name of any exercise appears in the grader's code outside
// properties/exercises/ (comments aside), and the one list that types cannot
// read from data, exercises/types.ts, names exactly the registry's exercises.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ALL_EXERCISES } from '../exercises/select';
import { ROOT } from '../kata';

/** Code without its comments (line and block comments; a // inside a string is rare enough here to be left). */
const code = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((line) => line.replace(/(^|[^:'"`\\])\/\/.*$/, '$1'))
    .join('\n');

test('no exercise is named outside the registry, in the grader, its scripts or its workflows', () => {
  const names = ALL_EXERCISES.flatMap((e) => [
    e.file,
    e.file.replace(/\.ts$/, '.js'),
    ...e.functions.map((f) => f.name),
  ]);
  const files = execFileSync('git', ['ls-files', 'properties', '.github', '.ci', 'jest.config.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => /\.(ts|js|json|sh|yml)$|^\.ci\/run$/.test(f))
    // The registry itself; the self-tests and the bench, which test and measure the exercises by name;
    // the manifest, which lists every grader file's hash.
    .filter((f) => !/^properties\/(exercises|selftest|bench)\/|^properties\/manifest\.json$/.test(f));
  expect(files.length).toBeGreaterThan(30);
  const found = files.flatMap((f) => {
    const text = code(fs.readFileSync(path.join(ROOT, f), 'utf8'));
    return names
      .filter((n) => new RegExp(`(^|[^A-Za-z0-9_])${n.replace(/\./g, '\\.')}([^A-Za-z0-9_]|$)`).test(text))
      .map((n) => `${f}: ${n}`);
  });
  expect(found).toEqual([]);
});

test("exercises/types.ts joins exactly the registry's exercises", () => {
  const types = fs.readFileSync(path.join(ROOT, 'properties/exercises/types.ts'), 'utf8');
  const imported = [...types.matchAll(/from '\.\/([^/]+)\/kata'/g)].map((m) => m[1]).sort();
  expect(imported).toEqual(ALL_EXERCISES.map((e) => e.name).sort());
});

test('every exercise has its folder, its stub and its answer', () => {
  for (const e of ALL_EXERCISES) {
    for (const f of [
      `properties/exercises/${e.name}/exercise.json`,
      `properties/exercises/${e.name}/index.ts`,
      `properties/exercises/${e.name}/kata.ts`,
      `katas/${e.file}`,
      `solutions/${e.file}`,
    ])
      expect([f, fs.existsSync(path.join(ROOT, f))]).toEqual([f, true]);
  }
});
