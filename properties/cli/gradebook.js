// @ts-check
// The gradebook of a class: one row per submission folder, written as
// gradebook.csv (for a spreadsheet) and gradebook.json (schema
// backprop-kata/gradebook@1, for programs), whole or not at all, with the
// class report beside them (class-report.js). `--batch`
// writes one; `--merge` joins the partial gradebooks of batches graded apart
// (the chunks of a roster on GitHub Actions) into one.

'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { csvCell } = require('../escape');
const { FILES, ROOT } = require('../layout');
const { leadingFailures } = require('../glossary');

const GRADEBOOK_SCHEMA = 'backprop-kata/gradebook@1';

/** Where the roster fetch (fetch-submissions.js) records what it fetched into a batch folder: beside it. */
const fetchedRecordOf = (/** @type {string} */ batch) => `${batch.replace(/\/+$/, '')}.fetched.json`;

/**
 * @typedef {{ submission: string, score: number, maxScore: number, functions: Record<string, FunctionRow>,
 *   notes: string, graderFilesModified: string[], layers: string[], fetch?: Fetch }} Row
 *   fetch: for a folder the roster fetched (<batch>.fetched.json), what was fetched; a repository that was not
 *   has no marks (score 0, no functions) and says so in its own status, never as an empty hand-in.
 * @typedef {{ status: 'fetched' | 'not-fetched', commit?: string, pushedAt?: string, reason?: string }} Fetch
 * @typedef {{ schema: string, seed: number, sandbox: string, exercises?: string, settings?: MarkSettings,
 *   points?: Record<string, { core: number, stability?: number }>, laws?: string,
 *   graderVersion: string, graderFilesModified?: string[], submissions: Row[] }} Gradebook
 *   exercises: the assignment graded ('linear,softmax'); settings: the others that change marks; points: each
 *   function's, as the registry gave them (the grader's version covers them too); laws: which were graded.
 * @typedef {{ runs: number, hangMs: number, typeErrors: string }} MarkSettings
 *   KATA_RUNS, KATA_HANG_MS and KATA_TYPE_ERRORS of the batch.
 */

/**
 * @typedef {{ points: number, maxPoints: number, status: string, law?: string, lawCode?: string,
 *   reason?: string, diagnosis?: string, diagnosisCode?: string, input?: string }} FunctionRow
 *   A function's row in gradebook.json: its points, its status, and for one that does not pass, its first
 *   failing law and the misconception its answer shows (codes are short and stable, for counting across a class).
 */

/** @param {import('./report').FunctionReport} f @returns {FunctionRow} */
function functionRow(f) {
  // The reason the student's own report leads with: the shape or an input's misuse before values.
  const first = leadingFailures(f.properties)[0];
  const row = { points: f.points, maxPoints: f.maxPoints, status: f.status };
  if (!first || f.status === 'passed') return row;
  const diagnosed = f.properties.find((p) => p.diagnosisCode);
  return {
    ...row,
    law: first.name,
    lawCode: first.code,
    // What the law said, its first line cut short: 'linearGradB returned (part of) its argument dLdy itself; …'.
    reason: first.message.split('\n')[0].split(' — diagnosis: ')[0].slice(0, 160),
    ...(diagnosed
      ? { diagnosis: diagnosed.diagnosis, diagnosisCode: diagnosed.diagnosisCode, input: diagnosed.input }
      : first.input
        ? { input: first.input }
        : {}),
  };
}

/**
 * Why each function that does not pass lost its points, readable: 'linearGradW: transposed (…)' for a
 * diagnosis, else the first failing law or the status.
 * @param {Record<string, FunctionRow>} functions
 */
function why(functions) {
  return Object.entries(functions)
    .filter(([, f]) => f.status !== 'passed')
    .map(([fn, f]) => {
      if (f.diagnosisCode) return `${fn}: ${f.diagnosisCode.slice(fn.length + 1)}`;
      if (f.status === 'failed' && f.law) return `${fn}: fails "${f.law}"${f.reason ? `: ${f.reason}` : ''}`;
      return `${fn}: ${f.status}`;
    })
    .join('; ');
}

/** The grader's version: the hash of its manifest, which pins the hash of every file the grade depends on. */
function graderVersion() {
  return crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(ROOT, 'properties/manifest.json')))
    .digest('hex')
    .slice(0, 16);
}

/** Writes a file whole or not at all: a reader never sees half of it. @param {string} file @param {string} text */
function writeWhole(file, text) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${path.resolve(file)}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, path.resolve(file));
  } catch (e) {
    fs.rmSync(temporary, { force: true });
    throw e;
  }
}

/** The files a gradebook is written as, in the order they are written: the JSON first, as the record. */
const OUTPUTS = ['gradebook.json', 'gradebook.csv', 'class-report.html', 'class-report.md'];

/** gradebook.csv's text. @param {Gradebook} book */
function gradebookCsv(book) {
  const names = Object.values(FILES).flat();
  const table = [['submission', ...names, 'total', 'max', 'why', 'notes', 'commit', 'pushed']];
  for (const row of book.submissions) {
    // A repository that was not fetched has no marks: blank, not zeros that would read as an empty hand-in.
    const unmarked = row.fetch?.status === 'not-fetched';
    table.push([
      row.submission,
      ...names.map((n) => (unmarked ? '' : String(row.functions[n]?.points ?? 0))),
      unmarked ? '' : String(row.score),
      String(row.maxScore),
      unmarked ? 'not fetched' : why(row.functions),
      row.notes,
      row.fetch?.commit ?? '',
      row.fetch?.pushedAt ?? '',
    ]);
  }
  return table.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

/**
 * Writes the gradebook (gradebook.json, gradebook.csv) and the class report
 * (class-report.html, class-report.md, and the Markdown into GitHub's job
 * summary when there is one) into folder, each whole or not at all and each
 * on its own, so that one that cannot be written costs no other. Returns the
 * files written, those that failed with why, and the grader files any row
 * found modified.
 * @param {string} folder @param {Gradebook} book
 * @returns {Promise<{ written: string[], failed: [string, string][], modified: string[] }>}
 */
async function writeAll(folder, book) {
  const modified = [...new Set(book.submissions.flatMap((r) => r.graderFilesModified))].sort();
  const { classReportHtml, classReportMarkdown } = require('./class-report');
  /** @type {Record<string, () => string | Promise<string>>} */
  const texts = {
    'gradebook.json': () => JSON.stringify({ ...book, graderFilesModified: modified }, null, 2) + '\n',
    'gradebook.csv': () => gradebookCsv(book),
    'class-report.html': () => classReportHtml(book),
    'class-report.md': () => classReportMarkdown(book),
  };
  /** @type {string[]} */
  const written = [];
  /** @type {[string, string][]} */
  const failed = [];
  for (const file of OUTPUTS) {
    try {
      writeWhole(path.join(folder, file), await texts[file]());
      written.push(file);
    } catch (e) {
      failed.push([file, e instanceof Error ? e.message : String(e)]);
    }
  }
  if (process.env.GITHUB_STEP_SUMMARY) {
    try {
      fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, classReportMarkdown(book));
    } catch (e) {
      failed.push(['the job summary', e instanceof Error ? e.message : String(e)]);
    }
  }
  return { written, failed, modified };
}

/**
 * One gradebook from the gradebook.json of each folder: the same seed and
 * grader version in all, no submission twice. Throws with the reason otherwise.
 * @param {string[]} folders @returns {Gradebook}
 */
function mergeGradebooks(folders) {
  if (folders.length === 0) throw new Error('--merge needs the folders of the partial gradebooks');
  /** @type {Gradebook[]} */
  const books = folders.map((f) => {
    const file = path.join(f, 'gradebook.json');
    let book;
    try {
      book = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      throw new Error(`${file} is missing or not JSON`);
    }
    if (book.schema !== GRADEBOOK_SCHEMA) throw new Error(`${file} is not a ${GRADEBOOK_SCHEMA}`);
    return book;
  });
  for (const key of /** @type {const} */ ([
    'seed',
    'graderVersion',
    'sandbox',
    'exercises',
    'settings',
    'points',
    'laws',
  ])) {
    const values = [
      ...new Set(books.map((b) => (typeof b[key] === 'object' ? JSON.stringify(b[key]) : String(b[key])))),
    ];
    if (values.length > 1) throw new Error(`the partial gradebooks differ in ${key}: ${values.join(', ')}`);
  }
  const rows = books.flatMap((b) => b.submissions);
  const seen = new Set();
  for (const r of rows) {
    if (seen.has(r.submission))
      throw new Error(`${JSON.stringify(r.submission)} is in more than one partial gradebook`);
    seen.add(r.submission);
  }
  rows.sort((a, b) => (a.submission < b.submission ? -1 : a.submission > b.submission ? 1 : 0));
  return {
    schema: GRADEBOOK_SCHEMA,
    seed: books[0].seed,
    sandbox: books[0].sandbox,
    exercises: books[0].exercises,
    settings: books[0].settings,
    points: books[0].points,
    laws: books[0].laws,
    graderVersion: books[0].graderVersion,
    submissions: rows,
  };
}

module.exports = {
  fetchedRecordOf,
  GRADEBOOK_SCHEMA,
  functionRow,
  graderVersion,
  OUTPUTS,
  writeAll,
  mergeGradebooks,
  writeWhole,
  csvCell,
};
