// The judge worker: the page's host of the grading engine. It compiles the
// student's files with TypeScript's own transpileModule (sandbox/transpile.ts,
// as the command line's stage does), runs every law of every function through
// the engine against the student worker it owns, and sends back the verdicts
// and npm run grade's report, as plain data. The page never waits on it.

import ts from 'typescript';
import type { FunctionName, KataFile } from '../../../properties/contract';
import { dependencyKey, gradeFunction, KeptVerdicts } from '../../../properties/engine';
import { kataDir } from '../../../properties/kata';
import { FILES } from '../../../properties/layout.js';
import { GRADED } from '../../../properties/laws';
import { settingsFromEnv } from '../../../properties/run';
import { DEFAULT_LIMITS } from '../../../properties/sandbox/limits';
import { importProblem, transpile } from '../../../properties/sandbox/transpile';
import type { LawResult } from '../../../properties/verdict';
import { WorkerStudent, type Staged } from './worker-student';
import { buildReport, toText } from '../../../properties/cli/report.js';
import { withStub } from '../../../properties/cli/kata/files.js';

export type Job =
  | { type: 'grade'; seq: number; sources: Record<string, string>; hangMs?: number; columns?: number }
  | { type: 'reset'; seq: number; file: string; fn: string; source: string };

export type Reply =
  | { type: 'ready' }
  | { type: 'graded'; seq: number; results: LawResult[]; report: string; seconds: number }
  | { type: 'reset'; seq: number; text?: string; problem?: string }
  | { type: 'failed'; seq: number; message: string };

interface Scope {
  postMessage(message: Reply): void;
  onmessage: ((e: { data: Job }) => void) | null;
}
const scope = self as unknown as Scope;

/** The folder the verdicts name (katas/, as npm run grade's replay commands do). */
const DIR = kataDir({});
const STUDENT_URL = new URL('student.js', location.href).href;

/** Each file's last text and what it compiled to: an edit compiles the file it changed alone. */
const compiledBefore = new Map<string, { text: string; staged: Staged }>();

/** Each kata file compiled as the stage compiles it: its imports checked, then transpiled. */
function compile(sources: Record<string, string>): Record<KataFile, Staged> {
  const out: Record<KataFile, Staged> = {};
  for (const file of Object.keys(FILES)) {
    const text = sources[file];
    if (typeof text !== 'string') {
      out[file] = { problem: `${file} is missing, so it scores zero` };
      continue;
    }
    const refused = importProblem(file, text, []);
    if (refused) {
      out[file] = { problem: refused };
      continue;
    }
    const before = compiledBefore.get(file);
    if (before?.text === text) {
      out[file] = before.staged;
      continue;
    }
    const compiled = transpile(ts, file, text);
    out[file] = compiled.error
      ? { problem: `${file} did not load: ${compiled.error}` }
      : { js: compiled.js, ...(compiled.broken ? { broken: compiled.broken } : {}) };
    compiledBefore.set(file, { text, staged: out[file] });
  }
  return out;
}

let student: WorkerStudent | undefined;
const file = (fn: string) => Object.keys(FILES).find((f) => FILES[f].includes(fn as FunctionName)) ?? '';
// A function whose laws all held keeps its verdicts from edit to edit while nothing it depends on changes.
const kept = new KeptVerdicts();

async function grade(job: Extract<Job, { type: 'grade' }>): Promise<Reply> {
  const started = performance.now();
  const settings = settingsFromEnv({});
  const limits = { ...DEFAULT_LIMITS, hangMs: job.hangMs ?? DEFAULT_LIMITS.hangMs };
  const files = compile(job.sources);
  student ??= new WorkerStudent(STUDENT_URL, files, limits);
  student.submit(files);
  const results: LawResult[] = [];
  try {
    const context = JSON.stringify([settings, job.columns, limits.hangMs]);
    for (const { fn } of GRADED) {
      const key = dependencyKey(file(fn), job.sources) + context;
      const before = kept.lookup(fn, key);
      if (before) {
        results.push(...before);
        continue;
      }
      await student.prepare(fn as FunctionName);
      const now = gradeFunction({ student, dir: DIR }, fn, settings, { columns: job.columns ?? 100 });
      results.push(...kept.remember(fn, key, now));
    }
  } finally {
    student.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const run = {
    laws: results.map((r) => ({ ...r, file: file(r.fn) })),
    planned: results.length,
    seconds,
    childOutput: '',
    seed: settings.seed,
    runs: settings.numRuns,
    layers: [],
  };
  const report = toText(
    buildReport(DIR, run as never, {
      seed: settings.seed,
      runs: settings.numRuns,
      partial: false,
      graderFilesModified: [],
    }),
  );
  return { type: 'graded', seq: job.seq, results, report, seconds };
}

scope.onmessage = (e) => {
  const job = e.data;
  if (job.type === 'reset') {
    const done = withStub(job.source, job.file, job.fn);
    scope.postMessage({ type: 'reset', seq: job.seq, ...done });
    return;
  }
  grade(job).then(
    (reply) => scope.postMessage(reply),
    (error: unknown) =>
      scope.postMessage({
        type: 'failed',
        seq: job.seq,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
};

scope.postMessage({ type: 'ready' });
