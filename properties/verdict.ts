// A law's verdict as every front end shows it (npm run grade's reports, npm
// run kata's screen): plain words, the input, yours against expected, the
// diagnosis, and the command that replays the case.

import path from 'node:path';
import type { FunctionName } from './contract';
import { glossaryOf } from './glossary.js';
import { kataDir, ROOT } from './kata';
import { fmtValue, sideBySide, type AnyLaw } from './law';
import type { Outcome, Settings, Status } from './run';

export interface LawResult {
  readonly type: 'result';
  readonly fn: FunctionName;
  readonly law: string;
  readonly group: 'core' | 'stability';
  readonly status: Status;
  readonly message: string;
  readonly why: string;
  readonly input?: string;
  readonly expected?: string;
  readonly yours?: string;
  /** Yours and expected side by side, differing entries marked (small answers only). */
  readonly matrices?: string;
  /** The misconception the answer matches, if exactly one does, and its code. */
  readonly diagnosis?: string;
  readonly diagnosisCode?: string;
  /** The law's short, stable code: 'linearGradW/agrees-with-central-differences-of-l-w'. */
  readonly lawCode: string;
  /** Where the law's words are explained: 'README.md#glossary-central-differences' (glossary.json). */
  readonly glossary?: string;
  /** What the student's code printed on the failing input (its first lines). */
  readonly printed?: string;
  readonly replay?: string;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const regexEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The name a law goes by in -t filters and replay commands: 'softmax stability stays finite …'. */
export const fullName = (law: AnyLaw) => `${law.fn} ${law.group === 'stability' ? 'stability ' : ''}${law.name}`;

/** A law's short, stable code: its function and its name, in lower case with dashes ('softmax/stability-…'). */
export const lawCode = (law: AnyLaw) =>
  `${law.fn}/${fullName(law)
    .slice(law.fn.length + 1)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .replace(/-$/, '')}`;

/** The command that reruns exactly this law on exactly this case of the folder dir. */
export function replayCommand(law: AnyLaw, outcome: Outcome, s: Settings, dir: string): string {
  const env = [`KATA_SEED=${s.seed}`];
  if (outcome.path !== undefined) env.push(`KATA_PATH=${outcome.path}`);
  if (dir !== kataDir({})) {
    const rel = path.relative(ROOT, dir);
    env.push(`KATA_DIR=${shellQuote(rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel)}`);
  }
  return `${env.join(' ')} npm run grade -- -t ${shellQuote(`^${regexEscape(fullName(law))}$`)}`;
}

/** The verdict of one law; `columns` is the width the side-by-side matrices must fit in. */
export function verdict(law: AnyLaw, outcome: Outcome, s: Settings, dir: string, columns = Infinity): LawResult {
  return {
    type: 'result',
    fn: law.fn,
    law: law.name,
    group: law.group,
    status: outcome.status,
    message: outcome.message,
    why: law.why,
    input: outcome.input,
    expected: outcome.expected === undefined ? undefined : fmtValue(outcome.expected),
    yours: outcome.actual === undefined ? undefined : fmtValue(outcome.actual),
    matrices: sideBySide(outcome.actual, outcome.expected, outcome.marks, outcome.source ?? 'the law', columns),
    diagnosis: outcome.diagnosis,
    diagnosisCode: outcome.diagnosisCode,
    lawCode: lawCode(law),
    glossary: glossaryOf(law.name, law.group)?.link,
    printed: outcome.printed,
    replay: outcome.status === 'passed' ? undefined : replayCommand(law, outcome, s, dir),
  };
}
