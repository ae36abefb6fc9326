// How the judge calls a student's function behind either boundary (the
// student process on the command line, the student worker in the web page):
// whether it can be called, which calls share one request, and why a call that
// did not answer is gone. Each boundary carries the requests its own way.

import { fileOf, type FunctionName } from '../contract';
import type { Limits } from './limits';
import { decodeAnswer, MissingFunction, StudentGone, type Answer } from './wire';

/** A request holds calls until their arguments pass this many bytes (one call may pass it alone: 25 KB at most). */
export const REQUEST_BYTES = 16 * 1024;

/** A kata file as its boundary loaded it: its functions, or why it has none. */
export type Loaded = { functions: Set<string> } | MissingFunction;

/**
 * Throws MissingFunction where fn cannot be called: its file did not load, a syntax error inside it left it out
 * of the staged file (`broken`, by function), or the file does not export it.
 */
export function checkCallable(
  fn: FunctionName,
  loaded: Loaded,
  staged: unknown,
): asserts loaded is Exclude<Loaded, MissingFunction> {
  if (loaded instanceof MissingFunction) throw loaded;
  const broken = (staged as { broken?: Readonly<Record<string, string>> }).broken?.[fn];
  if (broken) throw new MissingFunction(`${fn} does not compile: ${broken}`);
  if (!loaded.functions.has(fn)) throw new MissingFunction(`${fileOf(fn)} does not export a function named ${fn}`);
}

/**
 * A kata file as its load request left it, read from the answer as plain data: its functions' names, or why it
 * has none (the boundary gone while loading, or the file's own error). decode turns the answer's error into the
 * student's terms (the page names places in the TypeScript).
 */
export function loadedFrom(
  file: string,
  raw: unknown,
  limits: Limits,
  decode: (raw: unknown) => Answer = decodeAnswer,
): Loaded {
  if (raw instanceof StudentGone)
    return raw.kind === 'timeout'
      ? new MissingFunction(`${file} did not finish loading within ${limits.hangMs / 1000} s`, 'timeout')
      : new MissingFunction(`${file}, while loading, ${raw.message}`);
  const r = (raw ?? {}) as { ok?: unknown; functions?: unknown };
  if (r.ok === true && Array.isArray(r.functions))
    return { functions: new Set(r.functions.filter((f): f is string => typeof f === 'string')) };
  const a = decode(raw);
  const error = a.ok ? { name: 'Error', message: 'the file did not load', where: undefined } : a.error;
  const at = error.where ? ` (at ${error.where})` : '';
  return new MissingFunction(`${file} did not load: ${error.name ? `${error.name}: ` : ''}${error.message}${at}`);
}

/** The argument lists in requests: as many as fit in REQUEST_BYTES, at least one each. */
export function requestsOf(argsList: readonly (readonly unknown[])[]): (readonly unknown[])[][] {
  const out: (readonly unknown[])[][] = [];
  for (let from = 0; from < argsList.length;) {
    const parts: (readonly unknown[])[] = [];
    let bytes = 0;
    while (from < argsList.length && (parts.length === 0 || bytes < REQUEST_BYTES)) {
      bytes += JSON.stringify(argsList[from]).length;
      parts.push(argsList[from++]);
    }
    out.push(parts);
  }
  return out;
}

/**
 * When a call made now must answer by: one call's time (hangMs) or what is left of the function's over its laws
 * (functionMs, from the function's first call), whichever ends first; overall when it is the function's.
 */
export function callDeadline(started: number, limits: Limits, now = Date.now()): { at: number; overall: boolean } {
  const own = now + limits.hangMs;
  const budget = started + limits.functionMs;
  return budget < own ? { at: budget, overall: true } : { at: own, overall: false };
}

/** A call that did not answer by its callDeadline, as its verdict says it: past the function's time, or one call's. */
export function goneFor(raw: StudentGone, overall: boolean, limits: Limits): StudentGone {
  const why = overall
    ? `took more than ${limits.functionMs / 1000} s over its laws`
    : `did not return within ${limits.hangMs / 1000} s`;
  return new StudentGone(raw.kind, raw.kind === 'timeout' ? why : raw.message);
}
