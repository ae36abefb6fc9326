// @ts-check
// The repository's layout and its exercises, in one place for the TypeScript
// grader and the JavaScript command line alike: where the repository is, and
// what the exercise registry (properties/exercises/) says — which kata file
// exports which function with which parameters, in teaching order, its
// points and the learner's steps. Nothing else names an exercise's file or
// functions; everything reads them from here.

'use strict';

const path = require('node:path');

/** The repository root: KATA_DIR and every path of the grader's are resolved against it. */
const ROOT = path.resolve(__dirname, '..');

/**
 * @typedef {import('./exercises/select').Exercise} Exercise
 * @typedef {import('./exercises/select').ExerciseFunction} ExerciseFunction
 * @typedef {import('./exercises/select').ExerciseStep} ExerciseStep
 * @typedef {import('./exercises/select').Points} Points
 * @typedef {ExerciseStep & { file: string }} Step A step of the learner's path, with its exercise's file.
 */
const { ALL_EXERCISES, selectExercises } = require('./exercises/select');

/** The exercises graded: the assignment's. */
const EXERCISES = selectExercises();

// The registry is data the grader's scripts write into paths, messages and a shell script: checked once here.
for (const e of ALL_EXERCISES) {
  if (!/^[a-z][a-z0-9-]*\.ts$/.test(e.file)) throw new Error(`exercise ${e.name}: '${e.file}' is not a kata file name`);
  for (const f of e.functions) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name)) throw new Error(`exercise ${e.name}: '${f.name}' is not a name`);
  }
}
const names = ALL_EXERCISES.flatMap((e) => e.functions.map((f) => f.name));
if (new Set(names).size !== names.length) throw new Error('a function is named twice in the exercise registry');

/** The assignment's exercises by name, as KATA_EXERCISES would name them ('linear,softmax'). */
const ASSIGNMENT = EXERCISES.map((e) => e.name).join(',');

/** Which kata file exports which function, in teaching order. @type {Readonly<Record<string, readonly string[]>>} */
const FILES = Object.fromEntries(EXERCISES.map((e) => [e.file, e.functions.map((f) => f.name)]));

/** Every function of every exercise, by name. @type {Readonly<Record<string, ExerciseFunction & { file: string }>>} */
const FUNCTIONS = Object.fromEntries(
  EXERCISES.flatMap((e) => e.functions.map((f) => [f.name, { ...f, file: e.file }])),
);

/** Each function's parameter names, as the kata files declare them: messages name arguments by these. */
const PARAMS = Object.fromEntries(
  Object.values(FUNCTIONS).map((f) => [f.name, f.params.map((p) => p.split(':')[0].trim())]),
);

/** Points per function and group. @type {Readonly<Record<string, Points>>} */
const POINTS = Object.fromEntries(Object.values(FUNCTIONS).map((f) => [f.name, f.points]));

/** The learner's steps, every exercise's in turn. @type {readonly Step[]} */
const STEPS = EXERCISES.flatMap((e) => e.steps.map((s) => ({ ...s, file: e.file })));

/** The kata files as a sentence: 'linear.ts and softmax.ts'. */
const FILE_LIST = (() => {
  const names = Object.keys(FILES);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join('');
})();

/**
 * A function's body as its stub has it, and as npm run kata's reset writes it back: its TODO (the
 * registry's, exercise.json's `todo`) and the throw the grader reads as "not implemented".
 * @param {string} fn @param {string} todo
 */
const stubBody = (fn, todo) =>
  `{\n${todo
    .split('\n')
    .map((line, k) => `  // ${k === 0 ? 'TODO: ' : ''}${line}`)
    .join('\n')}\n  throw new Error('Remove this line and implement ${fn}');\n}`;

/** The largest kata file graded (the reference answers are under 2 KB); a larger one scores zero. */
const MAX_FILE_BYTES = 256 * 1024;

module.exports = {
  ROOT,
  ALL_EXERCISES,
  EXERCISES,
  ASSIGNMENT,
  selectExercises,
  FILES,
  FUNCTIONS,
  PARAMS,
  POINTS,
  STEPS,
  FILE_LIST,
  MAX_FILE_BYTES,
  stubBody,
};
