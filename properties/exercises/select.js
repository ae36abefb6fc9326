// @ts-check
// The exercise registry, read: every exercise (index.json's list, each
// folder's exercise.json), and the selection an assignment makes of them.
// Nothing here depends on the selection, so the commands can check
// KATA_EXERCISES before anything else reads it (layout.js does).

'use strict';

/**
 * @typedef {{ core: number, stability?: number }} Points
 * @typedef {{ name: string, params: string[], returns: string, todo: string, forward?: boolean, points: Points }}
 *   ExerciseFunction A function of an exercise: its name, its parameters as the stub declares them
 *   ('W: Matrix'), what it returns, its stub's TODO (lines joined by \n), whether it is a forward map (graded
 *   against the grader's own, with no derivative), and its points.
 * @typedef {{ title: string, functions: string[], group: 'core' | 'stability', statement: string, formula?: string,
 *   hints: string[] }} ExerciseStep
 * @typedef {{ name: string, title: string, file: string, functions: ExerciseFunction[], steps: ExerciseStep[] }}
 *   Exercise An exercise: properties/exercises/<name>/exercise.json.
 */

const REGISTRY = require('./index.json');

/** Every exercise, in the order a learner meets them. @type {Exercise[]} */
const ALL_EXERCISES = REGISTRY.exercises.map((/** @type {string} */ name) => ({
  name,
  ...require(`./${name}/exercise.json`),
}));

/**
 * The exercises an assignment names, in the registry's order: KATA_EXERCISES (a comma-separated list of
 * exercise or file names: 'crossentropy,layernorm' or 'linear.ts'; 'all' for every one), else the default.
 * A name no exercise has throws, naming those there are.
 * @param {string | undefined} [wanted] @returns {Exercise[]}
 */
function selectExercises(wanted = process.env.KATA_EXERCISES) {
  const text = (wanted ?? '').trim();
  if (text === 'all') return ALL_EXERCISES;
  /** @type {string[]} */
  const names = text === '' ? REGISTRY.default : text.split(',').map((n) => n.trim().replace(/\.ts$/, ''));
  const unknown = names.filter((n) => !ALL_EXERCISES.some((e) => e.name === n));
  if (unknown.length > 0 || names.length === 0)
    throw new Error(
      `KATA_EXERCISES must name exercises (${ALL_EXERCISES.map((e) => e.name).join(', ')}) or be all, ` +
        `got '${text}'`,
    );
  return ALL_EXERCISES.filter((e) => names.includes(e.name));
}

module.exports = { ALL_EXERCISES, selectExercises };
