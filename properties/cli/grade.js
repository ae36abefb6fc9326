#!/usr/bin/env node
// @ts-check
// `npm run grade`: grades a kata folder, or a batch of them, and reports.
//
// Exit status 0 if and only if every law held, at least one ran, and no grader
// file was modified (with --batch: 0 once the gradebook is written and no
// grader file changed). Bad options exit with 2.

'use strict';

// The assignment first: every module below reads it from the registry (layout.js), so --exercises is
// KATA_EXERCISES before any of them loads, and a bad one stops here with exit status 2.
{
  const args = process.argv.slice(2);
  const valueOf = (/** @type {string} */ option) => {
    const k = args.findIndex((a) => a === option || a.startsWith(`${option}=`));
    return k < 0 ? undefined : args[k].includes('=') ? args[k].slice(option.length + 1) : (args[k + 1] ?? '');
  };
  const exercises = valueOf('--exercises');
  if (exercises !== undefined) process.env.KATA_EXERCISES = exercises;
  // A regrade takes the batch's assignment and settings from its gradebook, whatever this shell has.
  const regrade = valueOf('--regrade');
  if (regrade) {
    const { dirname, join, resolve } = require('node:path');
    const out = valueOf('--out') ?? `${dirname(resolve(regrade))}-gradebook`;
    try {
      const book = JSON.parse(require('node:fs').readFileSync(join(out, 'gradebook.json'), 'utf8'));
      process.env.KATA_EXERCISES = String(book.exercises ?? '');
      for (const [field, { name }] of Object.entries(require('./settings').MARK_SETTINGS))
        process.env[name] = String(book.settings?.[field] ?? '');
    } catch {
      // said by the regrade itself, with the file's name
    }
  }
  const bad = require('./settings').badSetting();
  if (bad) {
    console.error(`${bad} (npm run grade -- --help lists what is allowed)`);
    process.exit(2);
  }
  const unsupported = require('./platform').unsupportedPlatform();
  if (unsupported && !args.includes('--help') && !args.includes('-h')) {
    console.error(unsupported);
    process.exit(2);
  }
}

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { ASSIGNMENT, FILES, FILE_LIST, POINTS, ROOT } = require('../layout');
const { gradeFolder } = require('./run-folder');
const { kataFolderOf } = require('./submission-layout');
const { buildReport, toText, toJUnit, toGradescope, toMarkdown, toGitHubCommands } = require('./report');
const { differences } = require('./manifest');
const { osLayer, OS_LAYER_MISSING } = require('../sandbox/layers.js');
const { badSetting, MARK_SETTINGS, settingOf, settingsHelp } = require('./settings');
const { plainLine, terminalLine, terminalText } = require('../escape');
const {
  fetchedRecordOf,
  functionRow,
  graderVersion,
  GRADEBOOK_SCHEMA,
  mergeGradebooks,
  writeAll,
  writeWhole,
} = require('./gradebook');

const OPTIONS = /** @type {const} */ ({
  testNamePattern: {
    type: 'string',
    short: 't',
    help: 'grade only the laws whose full name matches this regular expression (for replays)',
  },
  json: { type: 'string', help: 'write the report as JSON to this file (or set KATA_REPORT)' },
  junit: { type: 'string', help: 'write JUnit XML to this file' },
  gradescope: { type: 'string', help: 'write a Gradescope results.json to this file' },
  'submitted-in': {
    type: 'string',
    help: "with --gradescope: where in the student's upload the kata files were found (katas, or repo-main/katas), said in its output",
  },
  batch: {
    type: 'string',
    help: 'grade every submission folder inside this folder, two at a time, into a gradebook in --out',
  },
  sandbox: {
    type: 'string',
    help: 'auto (default: every layer this machine has), required (refuse without the OS layer; the default with --batch), or off',
  },
  seed: {
    type: 'string',
    help: 'the random seed (a single grade: KATA_SEED or 2019; a batch: a secret random one, printed)',
  },
  merge: {
    type: 'boolean',
    help: 'join the gradebooks of the folders given after the options (batches graded apart) into the one in --out',
  },
  out: {
    type: 'string',
    help: 'the folder the gradebook and class report go into (with --batch: by default <folder>-gradebook beside it)',
  },
  deadline: {
    type: 'string',
    help: 'with --batch: minutes the whole batch may take (default 60); later submissions get a row saying so',
  },
  exercises: {
    type: 'string',
    help: 'the assignment: the exercises to grade, by name (crossentropy,layernorm) or all (sets KATA_EXERCISES)',
  },
  regrade: {
    type: 'string',
    help: 'grade one folder of a batch again (<batch>/<student>) with the seed, assignment and settings its gradebook records, and update its row, the gradebook, the class report and its feedback in place (the gradebook in --out, by default <batch>-gradebook)',
  },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
});

const USAGE = [
  'npm run grade [-- options]: grades katas/ (or KATA_DIR), or with --batch a class of submissions.',
  'Options:',
  ...Object.entries(OPTIONS).map(
    ([name, o]) =>
      `  ${'short' in o ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ' <value>' : ''}\n      ${o.help}`,
  ),
  settingsHelp('grade'),
].join('\n');

/** @param {string[]} argv */
function options(argv) {
  const bad = badSetting();
  if (bad) throw new Error(bad);
  const { values, positionals } = parseArgs({
    args: argv,
    options: /** @type {any} */ (OPTIONS),
    strict: true,
    allowPositionals: true,
  });
  const v = /** @type {Record<string, string | boolean | undefined>} */ (values);
  const sandbox = /** @type {string | undefined} */ (v.sandbox) ?? (v.batch ? 'required' : 'auto');
  if (!['auto', 'required', 'off'].includes(sandbox))
    throw new Error(`--sandbox must be auto, required or off, got '${sandbox}'`);
  const seedText = /** @type {string | undefined} */ (v.seed);
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) {
    throw new Error(`--seed must be a non-negative integer, got '${seedText}'`);
  }
  const deadlineText = /** @type {string | undefined} */ (v.deadline);
  const deadline = deadlineText === undefined ? 60 : Number(deadlineText);
  if (!(deadline > 0)) throw new Error(`--deadline must be a positive number of minutes, got '${deadlineText}'`);
  const filter = /** @type {string | undefined} */ (v.testNamePattern);
  if (filter !== undefined) {
    try {
      new RegExp(filter);
    } catch {
      throw new Error(`-t must be a regular expression, got '${filter}'`);
    }
  }
  if (positionals.length > 0 && !v.merge)
    throw new Error(`unexpected argument '${positionals[0]}' (folders go with --merge)`);
  if (v.merge && !v.out) throw new Error('--merge needs --out <folder>');
  if (v.regrade && (v.batch || v.merge || v.testNamePattern !== undefined || v.seed !== undefined))
    throw new Error(
      '--regrade takes the seed and every setting from the gradebook: it goes without --batch, --merge, -t and --seed',
    );
  if (v.batch && v.testNamePattern !== undefined)
    throw new Error('-t picks laws for a replay, not marks: a --batch grades every law, so the two do not go together');
  if (v.batch && v.out) {
    // Outputs inside the batch could take a submission's name, or be taken by one.
    const inside = path.relative(path.resolve(String(v.batch)), path.resolve(String(v.out)));
    if (!inside.startsWith('..') && !path.isAbsolute(inside))
      throw new Error(`--out must be outside the --batch folder, where no submission can take its place`);
  }
  return {
    merge: v.merge ? positionals : undefined,
    out: /** @type {string | undefined} */ (v.out),
    filter,
    json: /** @type {string | undefined} */ (v.json) || process.env.KATA_REPORT || undefined,
    junit: /** @type {string | undefined} */ (v.junit),
    gradescope: /** @type {string | undefined} */ (v.gradescope),
    submittedIn: /** @type {string | undefined} */ (v['submitted-in']) || undefined,
    batch: /** @type {string | undefined} */ (v.batch),
    regrade: /** @type {string | undefined} */ (v.regrade),
    sandbox,
    seed,
    deadline,
    help: Boolean(v.help),
  };
}

/**
 * Grades one folder into a report; the grader's files are checked before and after.
 * @param {string} dir @param {{ filter?: string, sandbox: string, seed?: number, deadlineMs?: number }} o
 */
async function gradeOne(dir, o) {
  // Hashed while the grading process starts, and again once it has ended.
  const running = gradeFolder(dir, o);
  const before = differences();
  const run = await running;
  const after = differences();
  const modified = [...new Set([...before, ...after])].sort();
  return buildReport(dir, run, {
    seed: run.seed,
    runs: run.runs,
    partial: Boolean(o.filter),
    graderFilesModified: modified,
  });
}

/** @param {ReturnType<typeof options>} o */
async function single(o) {
  const dir = path.resolve(ROOT, process.env.KATA_DIR || 'katas');
  if (!fs.existsSync(dir)) {
    console.error(`KATA_DIR must be a folder, got '${process.env.KATA_DIR}' (${dir} does not exist)`);
    return 2;
  }
  if (o.sandbox === 'required' && !osLayer()) {
    console.error(OS_LAYER_MISSING);
    return 2;
  }
  const report = await gradeOne(dir, o);
  if (report.lawsRun === 0 && o.filter) console.log(`no law matches -t ${o.filter}`);
  else if (report.lawsRun === 0) {
    const said = (report.childOutput || '').trim().split('\n').slice(-20).join('\n');
    console.log(`the grading process printed:\n${terminalText(said)}`);
  }
  process.stdout.write(toText(report));
  if (o.json) writeWhole(o.json, JSON.stringify(report, null, 2) + '\n');
  if (o.junit) writeWhole(o.junit, toJUnit(report));
  if (o.gradescope) writeWhole(o.gradescope, JSON.stringify(toGradescope(report, o.submittedIn), null, 2) + '\n');
  if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, toMarkdown(report));
  if (process.env.GITHUB_ACTIONS) process.stdout.write(toGitHubCommands(report));
  return report.passed ? 0 : 1;
}

const KATA_FILES = Object.keys(FILES);

/**
 * Why a batch entry cannot be graded as a submission, or undefined if it can.
 * @param {string} root @param {fs.Dirent} entry
 */
function refusal(root, entry) {
  const full = path.join(root, entry.name);
  if (entry.isSymbolicLink()) return 'the submission is a symbolic link, which is not followed';
  let names;
  try {
    names = fs.readdirSync(full);
  } catch {
    return 'the folder cannot be read';
  }
  if (KATA_FILES.some((f) => names.includes(f))) return undefined;
  const nested = names.find((n) => {
    try {
      return (
        fs.lstatSync(path.join(full, n)).isDirectory() && KATA_FILES.some((f) => fs.existsSync(path.join(full, n, f)))
      );
    } catch {
      return false;
    }
  });
  if (nested !== undefined) {
    return `${FILE_LIST} are inside the sub-folder ${JSON.stringify(nested)}; a submission holds them at its top`;
  }
  return names.length === 0
    ? 'the folder is empty'
    : `the folder holds no kata file (${Object.keys(FILES).join(', ')})`;
}

/** A batch grades every law (-t is refused with it): what gradebook.json records as its laws. */
const EVERY_LAW = 'every law';
/** The most a class may score: every function's points. */
const MAX_SCORE = Object.values(POINTS).reduce((s, p) => s + p.core + (p.stability ?? 0), 0);

/**
 * One submission folder of a batch graded into its gradebook row (and its report, where it was graded).
 * Never throws for anything the folder holds: what went wrong is on its row.
 * @param {string} root @param {fs.Dirent} entry
 * @param {{ sandbox: string, seed: number, left: number, late?: string, fetch?: import('./gradebook').Fetch }} c
 * @returns {Promise<{ row: import('./gradebook').Row, report?: import('./report').Report }>}
 */
async function gradeEntry(root, entry, c) {
  const blank = (/** @type {string} */ notes) => ({
    submission: entry.name,
    score: 0,
    maxScore: MAX_SCORE,
    functions: {},
    notes,
    graderFilesModified: [],
    layers: [],
  });
  const name = JSON.stringify(entry.name);
  if (c.fetch?.status === 'not-fetched') {
    // Nothing of the student's is here: its own status, never an empty hand-in's zero.
    const row = { ...blank(`not fetched: ${c.fetch.reason ?? 'no reason recorded'}`), fetch: c.fetch };
    console.log(terminalLine(`${name}: ${row.notes}`));
    return { row };
  }
  // The layouts submissions have: the kata files at the top, in katas/, or in the one folder of an upload.
  const at = entry.isSymbolicLink() ? undefined : kataFolderOf(path.join(root, entry.name));
  const refused = c.late ?? (at?.within ? undefined : refusal(root, entry));
  /** @type {import('./gradebook').Row} */
  let row;
  /** @type {import('./report').Report | undefined} */
  let report;
  if (refused) row = blank(refused);
  else {
    try {
      report = await gradeOne(at?.dir ?? path.join(root, entry.name), {
        sandbox: c.sandbox,
        seed: c.seed,
        deadlineMs: Math.min(c.left, 120_000),
      });
    } catch (e) {
      // One submission never costs the class its gradebook: its row says what went wrong.
      const why = `not graded: the grader failed on it (${e instanceof Error ? e.message : e})`.slice(0, 300);
      console.log(`${terminalLine(name)}: 0/${MAX_SCORE} (${terminalLine(why)})`);
      return { row: blank(why) };
    }
    const r = report;
    const lastWords = terminalLine((r.childOutput || '').trim().split('\n').slice(-1)[0] || 'no output', 200);
    row = {
      submission: entry.name,
      score: r.score,
      maxScore: MAX_SCORE,
      functions: Object.fromEntries(r.functions.map((f) => [f.name, functionRow(f)])),
      notes: [
        at?.within ? `graded the kata files in ${at.within}/ of the submission` : '',
        r.lawsRun === 0 ? `not graded: the grading process ended before any law ran (${lastWords})` : notes(r),
      ]
        .filter(Boolean)
        .join('; '),
      graderFilesModified: r.graderFilesModified,
      layers: r.sandbox.layers,
    };
  }
  if (c.fetch) {
    // The commit graded, when it reached GitHub, and the files the fetch did not take.
    row.fetch = c.fetch;
    if (c.fetch.reason) row.notes = [c.fetch.reason, row.notes].filter(Boolean).join('; ');
  }
  console.log(terminalLine(`${name}: ${row.score}/${row.maxScore}${refused ? ` (${refused})` : ''}`));
  return { row, report };
}

/** @param {ReturnType<typeof options>} o */
async function batchGrade(o) {
  const root = path.resolve(/** @type {string} */ (o.batch));
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`--batch must be a folder of submission folders, got '${o.batch}' (${root} is not a folder)`);
    return 2;
  }
  if (o.sandbox !== 'off' && !osLayer()) {
    console.error(`--batch refuses to run student code: ${OS_LAYER_MISSING}`);
    return 2;
  }
  const sandbox = o.sandbox === 'auto' ? 'required' : o.sandbox;
  const seed = o.seed ?? crypto.randomInt(1, 2 ** 31 - 1);
  console.log(`seed ${seed}${o.seed === undefined ? ' (secret and random; --seed reproduces this batch)' : ''}`);
  const entries = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() || e.isSymbolicLink())
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (entries.length === 0) {
    console.error(`no submission folders in ${root}`);
    return 1;
  }
  /** @type {import('./gradebook').Row[]} */
  const rows = new Array(entries.length);
  /** Each submission's report, to hand back (feedback/), where it was graded. */
  /** @type {(import('./report').Report | undefined)[]} */
  const reports = new Array(entries.length);
  const fetched = fetchedBeside(root);
  let next = 0;
  const endAt = Date.now() + o.deadline * 60_000;
  const worker = async () => {
    while (next < entries.length) {
      const k = next++;
      const left = endAt - Date.now();
      // A grade takes a few seconds: one that cannot have ten is not begun.
      const late = left < 10_000 ? `not graded: the batch ran out of time (--deadline ${o.deadline})` : undefined;
      const fetch = fetched.get(entries[k].name);
      ({ row: rows[k], report: reports[k] } = await gradeEntry(root, entries[k], { sandbox, seed, left, late, fetch }));
    }
  };
  await Promise.all([worker(), worker()]);

  const book = {
    schema: GRADEBOOK_SCHEMA,
    seed,
    sandbox,
    exercises: ASSIGNMENT,
    settings: markSettings(),
    points: POINTS,
    laws: EVERY_LAW,
    graderVersion: graderVersion(),
    submissions: rows,
  };
  const out = o.out ? path.resolve(o.out) : defaultOut(root);
  const feedback = writeFeedback(
    out,
    rows.map((row, k) => ({ name: row.submission, report: reports[k], notes: row.notes })),
  );
  return Math.max(feedback, await writeOutputs(out, book, `${rows.length} submissions`));
}

/**
 * What the roster fetch recorded beside the batch (<batch>.fetched.json, fetch-submissions.js), by folder:
 * data, each field believed only as a short line of text. Empty when there is no such file.
 * @param {string} root @returns {Map<string, import('./gradebook').Fetch>}
 */
function fetchedBeside(root) {
  /** @type {unknown} */
  let record;
  try {
    record = JSON.parse(fs.readFileSync(fetchedRecordOf(root), 'utf8'));
  } catch {
    return new Map();
  }
  const text = (/** @type {unknown} */ v) => (typeof v === 'string' ? { value: plainLine(v, 300) } : undefined);
  return new Map(
    (Array.isArray(record) ? record : []).flatMap((e) => {
      const folder = text(e?.folder)?.value;
      if (!folder || (e.status !== 'fetched' && e.status !== 'not-fetched')) return [];
      /** @type {import('./gradebook').Fetch} */
      const f = { status: e.status };
      for (const key of /** @type {const} */ (['commit', 'pushedAt', 'reason'])) {
        const v = text(e[key])?.value;
        if (v) f[key] = v;
      }
      return [[folder, f]];
    }),
  );
}

/**
 * The settings that change marks, besides the seed, the sandbox and the assignment: recorded in
 * gradebook.json, so that --seed with them reproduces a batch.
 * @returns {import('./gradebook').MarkSettings}
 */
const markSettings = () =>
  /** @type {import('./gradebook').MarkSettings} */ (
    Object.fromEntries(
      Object.entries(MARK_SETTINGS).map(([field, { name, number }]) => [
        field,
        number ? Number(settingOf(name)) : settingOf(name),
      ]),
    )
  );

/** Where each student's report goes, to hand back: a folder beside the gradebook's files. */
const FEEDBACK = 'feedback';

/**
 * Writes each submission's full report into <out>/feedback/: <name>.txt as `npm run grade` prints it (made
 * plain) and <name>.json (schema backprop-kata/report@1); one not graded gets its row's notes. One file that
 * cannot be written is named and costs no other. Exit status 1 if any could not be.
 * @param {string} out
 * @param {{ name: string, report?: import('./report').Report, notes: string }[]} each
 */
function writeFeedback(out, each) {
  const dir = path.join(out, FEEDBACK);
  let status = 0;
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    console.error(`could not write ${dir}: ${e instanceof Error ? e.message : e}`);
    return 1;
  }
  for (const { name, report, notes } of each) {
    const files = report
      ? [
          [`${name}.txt`, terminalText(toText(report))],
          [`${name}.json`, JSON.stringify(report, null, 2) + '\n'],
        ]
      : [[`${name}.txt`, `${terminalText(notes)}\n`]];
    for (const [file, text] of files) {
      try {
        writeWhole(path.join(dir, file), text);
      } catch (e) {
        console.error(terminalLine(`could not write ${path.join(dir, file)}: ${e instanceof Error ? e.message : e}`));
        status = 1;
      }
    }
  }
  console.log(`wrote ${each.length} reports into ${dir}`);
  return status;
}

/** Where a batch's gradebook goes by default: a folder of its own beside the batch. @param {string} root */
const defaultOut = (root) => `${root.replace(/\/+$/, '')}-gradebook`;

/**
 * Writes the gradebook and the class report into `out`, each on its own: one
 * that cannot be written is named, and never costs the others. Exit status 0
 * when all were written and no grader file was modified.
 * @param {string} out @param {import('./gradebook').Gradebook} book @param {string} what
 */
async function writeOutputs(out, book, what) {
  const { written, failed, modified } = await writeAll(out, book);
  if (written.length > 0) console.log(`wrote ${written.map((f) => path.join(out, f)).join(', ')} (${what})`);
  for (const [file, why] of failed) console.error(`could not write ${path.join(out, file)}: ${why}`);
  if (modified.length > 0) console.error(`grader files modified: ${modified.join(', ')}`);
  return failed.length > 0 || modified.length > 0 ? 1 : 0;
}

/**
 * Grades one folder of a batch again, with the seed, sandbox, assignment and settings its gradebook records
 * (the assignment and settings were set from it before anything loaded), and writes its row, the gradebook,
 * the class report and its feedback again. Refuses a gradebook of another grader version.
 * @param {string} folder @param {string | undefined} outOption
 */
async function regrade(folder, outOption) {
  const full = path.resolve(folder);
  const root = path.dirname(full);
  const out = outOption ? path.resolve(outOption) : defaultOut(root);
  /** @type {import('./gradebook').Gradebook} */
  let book;
  try {
    book = JSON.parse(fs.readFileSync(path.join(out, 'gradebook.json'), 'utf8'));
    if (book.schema !== GRADEBOOK_SCHEMA) throw new Error(`it is not a ${GRADEBOOK_SCHEMA}`);
  } catch (e) {
    console.error(
      `--regrade needs the batch's gradebook, ${path.join(out, 'gradebook.json')}: ${e instanceof Error ? e.message : e}`,
    );
    return 2;
  }
  const k = book.submissions.findIndex((r) => r.submission === path.basename(full));
  const entry = fs.readdirSync(root, { withFileTypes: true }).find((e) => e.name === path.basename(full));
  if (k < 0 || !entry) {
    console.error(terminalLine(`--regrade: ${full} is not a submission of the batch graded into ${out}`));
    return 2;
  }
  if (book.graderVersion !== graderVersion()) {
    console.error(
      `--regrade: the batch was graded by grader ${book.graderVersion}, this is ${graderVersion()}; grade the whole batch again`,
    );
    return 2;
  }
  if (book.sandbox !== 'off' && !osLayer()) {
    console.error(`--regrade refuses to run student code: ${OS_LAYER_MISSING}`);
    return 2;
  }
  console.log(`seed ${book.seed}, as the batch's gradebook records`);
  const fetch = fetchedBeside(root).get(entry.name);
  const { row, report } = await gradeEntry(root, entry, {
    sandbox: book.sandbox,
    seed: book.seed,
    left: 120_000,
    fetch,
  });
  book.submissions[k] = row;
  const feedback = writeFeedback(out, [{ name: row.submission, report, notes: row.notes }]);
  return Math.max(feedback, await writeOutputs(out, book, `${entry.name} graded again`));
}

/**
 * Joins partial gradebooks into one (a roster graded in chunks), with its class report.
 * @param {string[]} folders @param {string} out
 */
async function merge(folders, out) {
  let book;
  try {
    book = mergeGradebooks(folders.map((f) => path.resolve(f)));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : e}`);
    return 2;
  }
  // Each partial gradebook's feedback, handed back from one folder.
  for (const f of folders) {
    const from = path.join(path.resolve(f), FEEDBACK);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(path.resolve(out), FEEDBACK), { recursive: true });
  }
  return writeOutputs(
    path.resolve(out),
    book,
    `${book.submissions.length} submissions from ${folders.length} gradebooks`,
  );
}

/**
 * Functions that timed out or could not be graded, those with one reason together.
 * @param {import('./report').Report} r
 */
function notes(r) {
  /** @type {Map<string, string[]>} */
  const byReason = new Map();
  for (const f of r.functions.filter((x) => x.status === 'timeout' || x.status === 'error')) {
    const first = f.properties.find((p) => p.status !== 'passed');
    const reason = `${f.status}: ${first ? first.message.split('\n')[0] : ''}`;
    byReason.set(reason, [...(byReason.get(reason) || []), f.name]);
  }
  return [...byReason].map(([reason, fns]) => `${fns.join(' ')}: ${reason}`).join('; ');
}

async function main() {
  let o;
  try {
    o = options(process.argv.slice(2));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : e} (npm run grade -- --help lists what is allowed)`);
    return 2;
  }
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (o.merge) return merge(o.merge, /** @type {string} */ (o.out));
  if (o.regrade) return regrade(o.regrade, o.out);
  return o.batch ? batchGrade(o) : single(o);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 2;
  },
);
