// The exercise registry's grading side: each exercise's module
// (properties/exercises/<name>/index.ts), loaded by the names in index.json,
// so that the list of exercises is written once.

import { EXERCISES } from '../layout.js';
import type { ExerciseModule } from './module';

/** Each exercise's module, by its name. */
export const MODULES: Readonly<Record<string, ExerciseModule>> = Object.fromEntries(
  EXERCISES.map((e) => {
    // Its index.ts by its full name, so that a bundler (the web page's esbuild) finds each index.ts, no other file.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by the name the registry gives
    const m = require(`./${e.name}/index.ts`) as { default: ExerciseModule };
    return [e.name, m.default];
  }),
);

/** The module of the exercise that holds function fn. */
export function moduleOf(fn: string): ExerciseModule {
  const e = EXERCISES.find((x) => x.functions.some((f) => f.name === fn));
  if (!e) throw new Error(`no exercise has a function named ${fn}`);
  return MODULES[e.name];
}
