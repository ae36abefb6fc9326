#!/usr/bin/env node
// @ts-check
// `npm run grade`: grades a kata folder and reports.
//
//   npm run grade [-- options]
//     -t, --testNamePattern <regex>  grade only the laws whose full name matches (for replays)
//     --json <file>                  write the report as JSON (or set KATA_REPORT=<file>)
//     --junit <file>                 write JUnit XML
//     --gradescope <file>            write a Gradescope results.json
//     --batch <folder>               grade every submission folder inside <folder>, two at a time,
//                                    and write gradebook.csv and gradebook.json there
//   Environment: KATA_DIR (folder to grade, default katas/), KATA_SEED, KATA_RUNS, KATA_PATH.
//
// Exit status 0 if and only if every law held, at least one ran, and no grader
// file was modified (with --batch: 0 once the gradebook is written).

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { gradeFolder, ROOT } = require('./run-folder');
const { buildReport, toText, toJUnit, toGradescope, toMarkdown, toGitHubCommands } = require('./report');
const { differences } = require('./manifest');

const USAGE = fs
  .readFileSync(__filename, 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('//   '))
  .map((l) => l.slice(3))
  .join('\n');

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ filter?: string, json?: string, junit?: string, gradescope?: string, batch?: string, help?: boolean }} */
  const o = {};
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const value = () => {
      const v = argv[++k];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '-t' || a === '--testNamePattern') o.filter = value();
    else if (a.startsWith('--testNamePattern=')) o.filter = a.slice('--testNamePattern='.length);
    else if (a === '--json') o.json = value();
    else if (a === '--junit') o.junit = value();
    else if (a === '--gradescope') o.gradescope = value();
    else if (a === '--batch') o.batch = value();
    else if (a === '-h' || a === '--help') o.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  o.json = o.json || process.env.KATA_REPORT || undefined;
  return o;
}

/** @param {string} file @param {string} text */
function write(file, text) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text);
}

/**
 * Grades one folder into a report. The grader's files are hashed while the
 * grading process starts, not before.
 * @param {string} dir @param {string | undefined} filter
 */
async function gradeOne(dir, filter) {
  const running = gradeFolder(dir, filter);
  const modified = differences();
  const run = await running;
  return buildReport(dir, run, {
    seed: run.seed,
    runs: run.runs,
    partial: Boolean(filter),
    graderFilesModified: modified,
  });
}

/** @param {ReturnType<typeof parseArgs>} o */
async function single(o) {
  const dir = path.resolve(ROOT, process.env.KATA_DIR || 'katas');
  const report = await gradeOne(dir, o.filter);
  if (report.lawsRun === 0 && o.filter) console.log(`no law matches -t ${o.filter}`);
  else if (report.lawsRun === 0)
    console.log(`the grading process printed:\n${(report.childOutput || '').trim().split('\n').slice(-20).join('\n')}`);
  process.stdout.write(toText(report));
  if (o.json) write(o.json, JSON.stringify(report, null, 2) + '\n');
  if (o.junit) write(o.junit, toJUnit(report));
  if (o.gradescope) write(o.gradescope, JSON.stringify(toGradescope(report), null, 2) + '\n');
  if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, toMarkdown(report));
  if (process.env.GITHUB_ACTIONS) process.stdout.write(toGitHubCommands(report));
  return report.passed ? 0 : 1;
}

/** @param {string} text */
const csvCell = (text) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** @param {string} batch @param {string | undefined} filter */
async function batchGrade(batch, filter) {
  const root = path.resolve(batch);
  const folders = fs
    .readdirSync(root, { withFileTypes: true })
    .filter(
      (e) => e.isDirectory() && ['linear.ts', 'softmax.ts'].some((f) => fs.existsSync(path.join(root, e.name, f))),
    )
    .map((e) => e.name)
    .sort();
  if (folders.length === 0) {
    console.error(`no submission folders (holding linear.ts or softmax.ts) in ${root}`);
    return 1;
  }
  /** @type {import('./report').Report[]} */
  const reports = new Array(folders.length);
  let next = 0;
  const worker = async () => {
    while (next < folders.length) {
      const k = next++;
      reports[k] = await gradeOne(path.join(root, folders[k]), filter);
      console.log(`${folders[k]}: ${reports[k].score}/${reports[k].maxScore}`);
    }
  };
  await Promise.all([worker(), worker()]);

  const names = reports[0].functions.map((f) => f.name);
  /** Functions that timed out or could not be graded, those with one reason together. */
  const notes = (/** @type {import('./report').Report} */ r) => {
    /** @type {Map<string, string[]>} */
    const byReason = new Map();
    for (const f of r.functions.filter((x) => x.status === 'timeout' || x.status === 'error')) {
      const first = f.properties.find((p) => p.status !== 'passed');
      const reason = `${f.status}: ${first ? first.message.split('\n')[0] : ''}`;
      byReason.set(reason, [...(byReason.get(reason) || []), f.name]);
    }
    return [...byReason].map(([reason, fns]) => `${fns.join(' ')}: ${reason}`).join('; ');
  };
  const rows = [['submission', ...names, 'total', 'max', 'notes']];
  for (const [k, r] of reports.entries()) {
    rows.push([
      folders[k],
      ...names.map((n) => String((r.functions.find((f) => f.name === n) || { points: 0 }).points)),
      String(r.score),
      String(r.maxScore),
      notes(r),
    ]);
  }
  write(path.join(root, 'gradebook.csv'), rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n');
  const book = reports.map((r, k) => ({
    submission: folders[k],
    score: r.score,
    maxScore: r.maxScore,
    functions: Object.fromEntries(
      r.functions.map((f) => [f.name, { points: f.points, maxPoints: f.maxPoints, status: f.status }]),
    ),
    notes: notes(r),
  }));
  const modified = reports[0].graderFilesModified;
  write(
    path.join(root, 'gradebook.json'),
    JSON.stringify({ graderFilesModified: modified, submissions: book }, null, 2) + '\n',
  );
  console.log(`wrote ${path.join(root, 'gradebook.csv')} and gradebook.json (${folders.length} submissions)`);
  if (modified.length > 0) console.error(`grader files modified: ${modified.join(', ')}`);
  return modified.length > 0 ? 1 : 0;
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : e}\n\n${USAGE}`);
    return 2;
  }
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  return o.batch ? batchGrade(o.batch, o.filter) : single(o);
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
