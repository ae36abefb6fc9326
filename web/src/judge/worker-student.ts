// THE TRUSTED END of the boundary in the browser: the student's functions in
// a dedicated worker of their own, called synchronously (the engine's laws
// are), as sandbox/process.ts calls the student process. The judge posts a
// request and waits on a SharedArrayBuffer with a deadline of its own; a call
// that does not answer in time has the worker terminated, and the function is
// not called again. Answers are decoded as the wire decodes them.

import { fileOf, PARAMS, type FunctionName, type KataFile } from '../../../properties/contract';
import { callDeadline, checkCallable, goneFor, loadedFrom, requestsOf } from '../../../properties/sandbox/calls';
import type { Limits } from '../../../properties/sandbox/limits';
import { sourceMapOf, whereInSource } from './source-map';
import {
  decodeAnswer,
  MissingFunction,
  parseLine,
  StudentGone,
  type Answer,
  type Student,
} from '../../../properties/sandbox/wire';

/** A kata file as the judge compiled it: its JavaScript and the functions a syntax error left out, or why none. */
export type Staged = { js: string; broken?: Readonly<Record<string, string>> } | { problem: string };

/** How long the worker may take to start and say hello. */
const STARTUP_MS = 10_000;
/** Room for one request (calls.ts's REQUEST_BYTES, and then one call of at most about 25 KB). */
const REQUEST_ROOM = 1024 * 1024;
/** Room for one request's answers (a 24×576 Jacobian is about 300 KB). */
const ANSWER_BYTES = 32 * 1024 * 1024;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** A started worker, said hello. */
interface Running {
  readonly worker: Worker;
  /** [answers written, their bytes, requests sent, the last request's bytes] */
  readonly ctrl: Int32Array;
  readonly data: Uint8Array;
  readonly requests: Uint8Array;
}

/** Starts a student worker and waits for its hello: before any of the student's code runs. */
function boot(url: string): Promise<Running> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { name: 'student' });
    const timer = setTimeout(() => {
      worker.terminate();
      reject(new Error(`the student worker did not start within ${STARTUP_MS / 1000} s`));
    }, STARTUP_MS);
    worker.onmessage = () => {
      clearTimeout(timer);
      worker.onmessage = null;
      const ctrl = new Int32Array(new SharedArrayBuffer(16));
      const data = new Uint8Array(new SharedArrayBuffer(ANSWER_BYTES));
      const requests = new Uint8Array(new SharedArrayBuffer(REQUEST_ROOM));
      resolve({ worker, ctrl, data, requests });
    };
    worker.onerror = (e) => {
      clearTimeout(timer);
      reject(new Error(`the student worker did not start: ${e.message}`));
    };
  });
}

/** The student's files in a worker: one grade's submission. */
export class WorkerStudent implements Student {
  private running: Running | undefined;
  /** A worker started ahead, so that a new grade or a restart after a hang does not wait for one. */
  private spare: Promise<Running> | undefined;
  private readonly loaded = new Map<KataFile, { functions: Set<string> } | MissingFunction>();
  private readonly loadedNow = new Set<KataFile>();
  private readonly dead = new Map<FunctionName, StudentGone>();
  private readonly started = new Map<FunctionName, number>();
  private sinceRequest = '';
  /** Each compiled file's source map, read once it is needed. */
  private readonly maps = new Map<string, ReturnType<typeof sourceMapOf>>();

  constructor(
    private readonly url: string,
    private files: Readonly<Record<KataFile, Staged>>,
    private readonly limits: Limits,
  ) {
    this.spare = boot(url);
  }

  /** A new submission: the files as compiled now, in a fresh worker (nothing of the last one's code lives on). */
  submit(files: Readonly<Record<KataFile, Staged>>): void {
    this.stop();
    this.files = files;
    this.maps.clear();
    this.loaded.clear();
    this.dead.clear();
    this.started.clear();
  }

  /** Before fn's laws: a running worker (a fresh one after a hang), with fn's file loaded. */
  async prepare(fn: FunctionName): Promise<void> {
    if (!this.running) {
      const next = this.spare ?? boot(this.url);
      this.spare = boot(this.url);
      const running = await next;
      const sources = Object.fromEntries(
        Object.entries(this.files).flatMap(([file, s]) => ('js' in s ? [[file.replace(/\.ts$/, '.js'), s.js]] : [])),
      );
      // The files and the buffers, by message; then it says it is ready and serves requests through the buffers.
      await new Promise<void>((resolve) => {
        running.worker.onmessage = () => resolve();
        running.worker.postMessage({
          op: 'init',
          ctrl: running.ctrl.buffer,
          data: running.data.buffer,
          requests: running.requests.buffer,
          files: sources,
        });
      });
      running.worker.onmessage = null;
      this.running = running;
      this.loadedNow.clear();
    }
    this.ensureLoaded(fileOf(fn));
  }

  lastPrinted(): string {
    return this.sinceRequest;
  }

  invoke(fn: FunctionName, args: readonly unknown[]): Answer {
    return this.invokeEach(fn, [args])[0];
  }

  invokeEach(fn: FunctionName, argsList: readonly (readonly unknown[])[]): Answer[] {
    const { answers, gone } = this.invokeUpTo(fn, argsList);
    if (gone) throw gone;
    return answers;
  }

  // No revive(): a worker cannot be started again in the middle of a law (prepare() awaits it), so the page's
  // laws are not fetched ahead (prefetch.ts needs the function called again after a batch that hung).

  /**
   * As invokeEach, but a call that hangs or ends the process ends the batch: the answers before it come back, with
   * its StudentGone (the call at index answers.length is the one that hung).
   */
  invokeUpTo(fn: FunctionName, argsList: readonly (readonly unknown[])[]): { answers: Answer[]; gone?: StudentGone } {
    const dead = this.dead.get(fn);
    if (dead) throw dead;
    const file = fileOf(fn);
    checkCallable(fn, this.ensureLoaded(file), this.files[file]);
    if (!this.started.has(fn)) this.started.set(fn, Date.now());
    const answers: Answer[] = [];
    for (const parts of requestsOf(argsList)) {
      // Each call's deadline set as it is awaited; the last one set is the one that passed.
      let due = callDeadline(this.started.get(fn)!, this.limits);
      const lines = this.request(
        { op: 'call', fn, calls: parts, names: PARAMS[fn] },
        parts.length,
        () => (due = callDeadline(this.started.get(fn)!, this.limits)).at,
      );
      for (const raw of lines) {
        if (raw instanceof StudentGone) {
          const gone = goneFor(raw, due.overall, this.limits);
          this.dead.set(fn, gone);
          return { answers, gone };
        }
        answers.push(this.inSource(decodeAnswer(raw)));
      }
    }
    return { answers };
  }

  /** An answer whose error names its place in the compiled file, naming it in the student's TypeScript instead. */
  private inSource(a: Answer): Answer {
    if (a.ok || !a.error.where) return a;
    const mapOf = (file: string) => {
      if (!this.maps.has(file)) {
        const staged = this.files[file];
        this.maps.set(file, staged && 'js' in staged ? sourceMapOf(staged.js) : undefined);
      }
      return this.maps.get(file);
    };
    return { ...a, error: { ...a.error, where: whereInSource(a.error.where, mapOf) } };
  }

  /** Ends the running worker (the spare stays ready). */
  stop(): void {
    this.running?.worker.terminate();
    this.running = undefined;
    this.loadedNow.clear();
  }

  /** Ends every worker. */
  close(): void {
    this.stop();
    void this.spare?.then((r) => r.worker.terminate()).catch(() => undefined);
    this.spare = undefined;
  }

  /** The file's functions in the running worker, loading it when needed. */
  private ensureLoaded(file: KataFile): { functions: Set<string> } | MissingFunction {
    const known = this.loaded.get(file);
    if (known instanceof MissingFunction) return known;
    const staged = this.files[file];
    if ('problem' in staged) {
      const missing = new MissingFunction(staged.problem);
      this.loaded.set(file, missing);
      return missing;
    }
    if (known && this.loadedNow.has(file)) return known;
    if (!this.running) return new MissingFunction(`${file} was not loaded: the student worker is not running`);
    const [raw] = this.request(
      { op: 'load', file: file.replace(/\.ts$/, '.js') },
      1,
      () => Date.now() + this.limits.hangMs,
    );
    const state = loadedFrom(file, raw, this.limits, (r) => this.inSource(decodeAnswer(r)));
    if (!(state instanceof MissingFunction)) this.loadedNow.add(file);
    this.loaded.set(file, state);
    return state;
  }

  /**
   * Posts one request and waits for its `count` answer lines, each against the deadline `deadline()` gives
   * when it is awaited. The lines as parsed, up to the first that did not come: a StudentGone, the worker ended.
   */
  private request(message: object, count: number, deadline: () => number): unknown[] {
    const r = this.running!;
    Atomics.store(r.ctrl, 0, 0);
    Atomics.store(r.ctrl, 1, 0);
    this.sinceRequest = '';
    const bytes = encoder.encode(JSON.stringify(message));
    if (bytes.length > r.requests.length) throw new Error(`a request of ${bytes.length} bytes is too large to send`);
    r.requests.set(bytes);
    Atomics.store(r.ctrl, 3, bytes.length);
    Atomics.add(r.ctrl, 2, 1);
    Atomics.notify(r.ctrl, 2);
    const out: unknown[] = [];
    let read = 0;
    for (let k = 0; k < count; k++) {
      const until = deadline();
      while (Atomics.load(r.ctrl, 0) <= k) {
        const left = until - Date.now();
        if (left <= 0 || Atomics.wait(r.ctrl, 0, k, left) === 'timed-out') {
          if (Atomics.load(r.ctrl, 0) > k) break;
          this.stop();
          out.push(new StudentGone('timeout', 'did not return in time'));
          return out;
        }
      }
      const end = r.data.indexOf(10, read);
      const parsed = parseLine(decoder.decode(r.data.slice(read, end))) as Record<string, unknown> | undefined;
      read = end + 1;
      if (!parsed || (parsed.k ?? 0) !== k) {
        this.stop();
        out.push(new StudentGone('crash', 'wrote on the grader’s answer channel, so its answer cannot be read'));
        return out;
      }
      if (typeof parsed.p === 'string') this.sinceRequest = parsed.p.slice(0, 4096);
      out.push(parsed);
    }
    return out;
  }
}
