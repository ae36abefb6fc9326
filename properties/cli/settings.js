// @ts-check
// The environment variables the commands read, as data: each with its
// default, its help line and its check. `npm run grade -- --help` and
// `npm run kata -- --help` list them from here, and both commands check them
// where they arrive: a bad value exits with 2 and one line naming the
// setting, the value and what is allowed.

'use strict';

/**
 * @typedef {{ name: string, fallback: string, help: string, allowed: string,
 *   ok: (value: string) => boolean, gradeOnly?: boolean }} Setting
 */

const integer = (/** @type {number} */ min, /** @type {number} */ max) => (/** @type {string} */ v) =>
  /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max;

/** @type {Setting[]} */
const SETTINGS = [
  {
    name: 'KATA_DIR',
    fallback: 'katas',
    help: 'the folder to grade, relative to the repository root or absolute',
    allowed: 'a folder',
    ok: () => true,
  },
  {
    name: 'KATA_SEED',
    fallback: '2019',
    help: 'the random seed: the same code always gets the same grade (a --batch draws a secret one)',
    allowed: 'a whole number from 0 to 2147483647',
    ok: integer(0, 2 ** 31 - 1),
  },
  {
    name: 'KATA_RUNS',
    fallback: '50',
    help: 'random cases per law, after the edge cases (large-size laws run a fifth, shape and purity laws a quarter)',
    allowed: 'a whole number from 1 to 100000',
    ok: integer(1, 100_000),
  },
  {
    name: 'KATA_PATH',
    fallback: '',
    help: 'replay one failing case: the grader prints the command',
    allowed: 'numbers joined by colons, as the grader prints them (for example 12:0:3)',
    ok: (v) => /^\d+(:\d+)*$/.test(v),
  },
  {
    name: 'KATA_REPORT',
    fallback: '',
    help: 'npm run grade writes its JSON report to this file, as --json does',
    allowed: 'a file name',
    ok: () => true,
    gradeOnly: true,
  },
  {
    name: 'KATA_HANG_MS',
    fallback: '3000',
    help: 'how long one call may run before its function counts as hung, in milliseconds',
    allowed: 'a whole number of milliseconds from 100 to 600000',
    ok: integer(100, 600_000),
  },
  {
    name: 'KATA_EXERCISES',
    fallback: '',
    help: "the assignment: the exercises graded, by name (comma-separated) or all; --exercises sets it (default: the registry's)",
    allowed: `exercise names joined by commas (${require('../exercises/select')
      .ALL_EXERCISES.map((/** @type {{ name: string }} */ e) => e.name)
      .join(', ')}), or all`,
    ok: (v) => {
      try {
        require('../exercises/select').selectExercises(v);
        return true;
      } catch {
        return false;
      }
    },
  },
  {
    name: 'KATA_TYPE_ERRORS',
    fallback: 'function',
    help: 'what a type or syntax error costs: the function it sits in (an error outside every function costs its file), its whole file, or nothing (report: shown, not counted)',
    allowed: 'function, file or report',
    ok: (v) => v === 'function' || v === 'file' || v === 'report',
  },
  {
    name: 'KATA_STATE',
    fallback: '.kata-state.json',
    help: "npm run kata's memory of your progress and the hints you opened (relative to the repository root)",
    allowed: 'a file name',
    ok: () => true,
  },
  {
    name: 'KATA_SANDBOX_TOOL',
    fallback: 'bwrap',
    help: "the OS layer's tool, when both work: bubblewrap, or util-linux's unshare",
    allowed: 'bwrap or unshare',
    ok: (v) => v === 'bwrap' || v === 'unshare',
  },
  {
    name: 'KATA_SANDBOX_OUTER',
    fallback: '',
    help: "container: the grader runs in the README's container, which stands in for the OS layer",
    allowed: 'container',
    ok: (v) => v === 'container',
  },
];

/**
 * The first setting in env with a bad value, as one line; undefined if all are good.
 * An empty value means the default.
 * @param {NodeJS.ProcessEnv} env
 */
function badSetting(env = process.env) {
  for (const s of SETTINGS) {
    const v = env[s.name];
    if (v !== undefined && v !== '' && !s.ok(v)) return `${s.name} must be ${s.allowed}, got '${v}'`;
  }
  return undefined;
}

/** The settings a command reads, as help text. @param {'grade' | 'kata'} command */
function settingsHelp(command) {
  return [
    'Environment:',
    ...SETTINGS.filter((s) => command === 'grade' || !s.gradeOnly).map(
      (s) => `  ${s.name}${s.fallback ? ` (default ${s.fallback})` : ''}\n      ${s.help}`,
    ),
  ].join('\n');
}

/**
 * The settings besides the seed, the sandbox and the assignment that change marks: recorded in a
 * gradebook (settings.<field>) and set again from it by a regrade. Numbers are kept as numbers.
 * @type {Readonly<Record<string, { name: string, number: boolean }>>}
 */
const MARK_SETTINGS = {
  runs: { name: 'KATA_RUNS', number: true },
  hangMs: { name: 'KATA_HANG_MS', number: true },
  typeErrors: { name: 'KATA_TYPE_ERRORS', number: false },
};

/**
 * A setting's value: the environment's, or its default when unset or empty.
 * @param {string} name @param {NodeJS.ProcessEnv} [env] @returns {string}
 */
function settingOf(name, env = process.env) {
  const s = SETTINGS.find((x) => x.name === name);
  if (!s) throw new Error(`no setting ${name}`);
  return env[name] || s.fallback;
}

module.exports = { SETTINGS, MARK_SETTINGS, badSetting, settingsHelp, settingOf };
