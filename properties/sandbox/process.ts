// THE TRUSTED END of the boundary: the student process, started in the
// sandbox on a stage, and called synchronously, one function at a time.
//
// Requests go down one FIFO and answers come up another; the judge waits for
// an answer against a deadline of its own, so it knows exactly which call
// hung (it kills the process) or which call was in flight when the process
// ended (its answer FIFO reaches end of file). The student's console output
// comes up a third FIFO and only its last 64 KB are kept. A synchronous call
// keeps the laws synchronous, and costs about 20 µs here.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileOf, PARAMS, type FunctionName, type KataFile } from '../contract';
import { launch, type Launch, type SandboxMode } from './layers.js';
import { callDeadline, checkCallable, goneFor, loadedFrom, requestsOf } from './calls';
import type { Limits } from './limits';
import type { Stage } from './stage';
import { decodeAnswer, MissingFunction, parseLine, plainText, StudentGone, type Answer, type Student } from './wire';

const { O_RDONLY, O_WRONLY, O_RDWR, O_NONBLOCK } = fs.constants;

/** How long the student process may take to start and say hello. */
const STARTUP_MS = 10_000;
/** The student's output kept: its last 64 KB. */
const OUTPUT_KEEP = 64 * 1024;
/** What one request's output is kept of, to show under a failing case: its first 4 KB. */
const CALL_OUTPUT_KEEP = 4 * 1024;
/** The longest answer line read (a 24×576 Jacobian is about 300 KB). */
const MAX_ANSWER = 16 * 1024 * 1024;

export type { Limits };

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** One student process: started lazily, restarted after a hang or crash, with the files that loaded. */
export class StudentProcess implements Student {
  readonly launch: Launch;
  private child: ChildProcess | undefined;
  private fifoDir: string | undefined;
  private requestFd = -1;
  private answerFd = -1;
  private outputFd = -1;
  private pending = '';
  private readonly buffer = Buffer.alloc(1 << 20);
  private n = 0;
  private output = '';
  /** What each file did on its last load: the functions it exports, or why it has none. */
  private readonly loaded = new Map<KataFile, { functions: Set<string> } | MissingFunction>();
  /** Functions that hung or ended the process: they are not called again. */
  private readonly dead = new Map<FunctionName, StudentGone>();
  private readonly started = new Map<FunctionName, number>();
  /** The files loaded in the running process. */
  private readonly loadedNow = new Set<KataFile>();

  constructor(
    private readonly stage: Stage,
    mode: SandboxMode,
    private readonly limits: Limits,
  ) {
    this.launch = launch(stage.dir, mode);
    if (this.launch.uid !== undefined) {
      fs.chmodSync(stage.dir, 0o755);
      for (const f of fs.readdirSync(stage.dir)) fs.chmodSync(path.join(stage.dir, f), 0o644);
    }
    if (Object.values(stage.files).some((f) => 'js' in f)) this.start();
  }

  /** The student's console output so far (its last 64 KB). */
  printed(): string {
    this.drainOutput();
    return this.output;
  }

  /** What the student's code printed during the last request (its first 4 KB). */
  lastPrinted(): string {
    this.drainOutput();
    return this.sinceRequest;
  }

  private sinceRequest = '';

  invoke(fn: FunctionName, args: readonly unknown[]): Answer {
    return this.invokeEach(fn, [args])[0];
  }

  /**
   * Calls fn on each list of arguments, in requests of at most about 24 KB,
   * each call with its own time limit. The first call that hangs or ends the
   * process throws its StudentGone, and the function is not called again.
   */
  invokeEach(fn: FunctionName, argsList: readonly (readonly unknown[])[]): Answer[] {
    const { answers, gone } = this.invokeUpTo(fn, argsList);
    if (gone) throw gone;
    return answers;
  }

  /** The function may be called again: after a batch that hung, for the calls made before the one that hung. */
  revive(fn: FunctionName): void {
    this.dead.delete(fn);
  }

  /**
   * As invokeEach, but a call that hangs or ends the process ends the batch: the answers before it come back, with
   * its StudentGone (the call at index answers.length is the one that hung).
   */
  invokeUpTo(fn: FunctionName, argsList: readonly (readonly unknown[])[]): { answers: Answer[]; gone?: StudentGone } {
    const dead = this.dead.get(fn);
    if (dead) throw dead;
    const file = fileOf(fn);
    // A syntax error inside it: the rest of its file was staged and loaded without it (checkCallable).
    checkCallable(fn, this.ensureLoaded(file), this.stage.files[file]);
    if (!this.started.has(fn)) this.started.set(fn, Date.now());
    const answers: Answer[] = [];
    // As many calls a request as fit well inside the FIFO's 64 KB (see send).
    for (const parts of requestsOf(argsList)) {
      const sent = this.send({ op: 'call', fn, calls: parts, names: PARAMS[fn] });
      for (let k = 0; k < parts.length; k++) {
        const due = callDeadline(this.started.get(fn)!, this.limits);
        const raw = sent instanceof StudentGone ? sent : this.receive(sent, k, due.at);
        if (raw instanceof StudentGone) {
          const gone = goneFor(raw, due.overall, this.limits);
          this.dead.set(fn, gone);
          return { answers, gone };
        }
        answers.push(decodeAnswer(raw));
      }
    }
    return { answers };
  }

  /** Ends the process and removes its FIFOs (the stage is the caller's). */
  close(): void {
    this.stop();
  }

  /** The file's functions in the running process, loading it (and starting the process) when needed. */
  private ensureLoaded(file: KataFile): { functions: Set<string> } | MissingFunction {
    const known = this.loaded.get(file);
    if (known instanceof MissingFunction) return known;
    const staged = this.stage.files[file];
    if ('problem' in staged) {
      const missing = new MissingFunction(staged.problem.message);
      this.loaded.set(file, missing);
      return missing;
    }
    if (!this.child) this.start();
    if (!this.greeted) this.greet();
    return known && this.loadedNow.has(file) ? known : this.load(file);
  }

  /** Loads a file in the running process: its functions, or why it has none. */
  private load(file: KataFile): { functions: Set<string> } | MissingFunction {
    const js = (this.stage.files[file] as { js: string }).js;
    const raw = this.request({ op: 'load', file: js }, Date.now() + this.limits.hangMs);
    const state = loadedFrom(file, raw, this.limits);
    if (!(state instanceof MissingFunction)) this.loadedNow.add(file);
    this.loaded.set(file, state);
    return state;
  }

  /**
   * Sends one request; its number, or a StudentGone if the process is gone.
   * The judge holds both ends of the request FIFO, so a write never fails: a
   * request is at most about 40 KB (REQUEST_BYTES, then one call of at most
   * 25 KB), inside the FIFO's 64 KB, and a dead process shows as end of file
   * on the answers.
   */
  private send(message: object): number | StudentGone {
    this.drainOutput();
    this.sinceRequest = '';
    const n = ++this.n;
    const line = Buffer.from(JSON.stringify({ n, ...message }) + '\n');
    try {
      for (let off = 0; off < line.length;) off += fs.writeSync(this.requestFd, line, off);
    } catch {
      return this.ended();
    }
    return n;
  }

  /** Answer k to request n, waiting until the deadline; a StudentGone when none comes. */
  private receive(n: number, k: number, deadline: number): unknown {
    for (;;) {
      const answer = this.readLine(deadline);
      if (answer instanceof StudentGone) return answer;
      const parsed = parseLine(answer) as { n?: unknown; k?: unknown; exiting?: unknown } | undefined;
      if (parsed && parsed.n === n && 'exiting' in parsed) {
        this.exitCode = typeof parsed.exiting === 'number' ? parsed.exiting : undefined;
        continue;
      }
      // Any other line is the student writing on the wire: that call failed.
      if (!parsed || parsed.n !== n || (parsed.k ?? 0) !== k) {
        this.stop();
        return new StudentGone('crash', 'wrote on the grader’s answer channel, so its answer cannot be read');
      }
      return parsed;
    }
  }

  /** Sends one request and waits for its one answer. */
  private request(message: object, deadline: number): unknown {
    const n = this.send(message);
    return n instanceof StudentGone ? n : this.receive(n, 0, deadline);
  }

  private exitCode: number | undefined;

  /** The process ended while a call was in flight. */
  private ended(): StudentGone {
    const code = this.exitCode;
    // The last line it printed, as plain text: the student chose every byte of it.
    const tail = plainText(this.printed().trim().split('\n').slice(-1)[0] ?? '', 200);
    this.stop();
    const how = code !== undefined ? ` by calling process.exit(${code})` : tail ? ` (its last words: ${tail})` : '';
    return new StudentGone('crash', `ended the student process${how}`);
  }

  /** One answer line, waiting until the deadline; spins briefly, then sleeps in 0.2 ms steps. */
  private readLine(deadline: number): string | StudentGone {
    let idle = 0;
    for (;;) {
      const k = this.pending.indexOf('\n');
      if (k >= 0) {
        const line = this.pending.slice(0, k);
        this.pending = this.pending.slice(k + 1);
        return line;
      }
      if (this.pending.length > MAX_ANSWER) {
        this.stop();
        return new StudentGone('crash', `returned an answer longer than ${MAX_ANSWER / 1024 / 1024} MB`);
      }
      let got: number;
      try {
        got = fs.readSync(this.answerFd, this.buffer, 0, this.buffer.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        got = -1;
      }
      if (got === 0) return this.ended();
      if (got > 0) {
        this.pending += this.buffer.toString('utf8', 0, got);
        idle = 0;
        continue;
      }
      // Output is drained now and then while waiting (so a chatty student never blocks on a full pipe), and after.
      if (++idle % 16 === 0) this.drainOutput();
      if (idle > 64) {
        if (Date.now() > deadline) {
          this.stop();
          return new StudentGone('timeout', 'did not return in time');
        }
        Atomics.wait(sleeper, 0, 0, idle > 256 ? 1 : 0.05);
      }
    }
  }

  private drainOutput(): void {
    if (this.outputFd < 0) return;
    for (;;) {
      let got: number;
      try {
        got = fs.readSync(this.outputFd, this.buffer, 0, this.buffer.length, null);
      } catch {
        return;
      }
      if (got <= 0) return;
      const text = this.buffer.toString('utf8', 0, got);
      this.output = (this.output + text).slice(-OUTPUT_KEEP);
      if (this.sinceRequest.length < CALL_OUTPUT_KEEP) {
        this.sinceRequest = (this.sinceRequest + text).slice(0, CALL_OUTPUT_KEEP);
      }
    }
  }

  private greeted = false;

  /** Starts the process without waiting for it: it boots while the judge gets ready. */
  private start(): void {
    this.fifoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-wire-'));
    const [req, ans, out] = ['request', 'answer', 'output'].map((f) => path.join(this.fifoDir!, f));
    execFileSync('mkfifo', ['-m', '600', req, ans, out]);
    // The judge's ends: a writer that never blocks, and readers that never block.
    this.requestFd = fs.openSync(req, O_RDWR);
    this.answerFd = fs.openSync(ans, O_RDONLY | O_NONBLOCK);
    this.outputFd = fs.openSync(out, O_RDONLY | O_NONBLOCK);
    // The student's ends, handed over and closed here, so that its exit closes the answer FIFO.
    const theirs = [fs.openSync(req, O_RDONLY), fs.openSync(ans, O_WRONLY), fs.openSync(out, O_WRONLY)];
    const l = this.launch;
    try {
      this.child = spawn(l.command, l.args, {
        env: l.env,
        stdio: ['ignore', theirs[2], theirs[2], theirs[0], theirs[1]],
        detached: true,
        uid: l.uid,
        gid: l.gid,
      });
      this.child.on('error', () => undefined);
    } finally {
      for (const fd of theirs) fs.closeSync(fd);
    }
    this.pending = '';
    this.loadedNow.clear();
    this.exitCode = undefined;
    this.greeted = false;
  }

  /** Waits for the host's hello: the process is up, before any of the student's code has run. */
  private greet(): void {
    const l = this.launch;
    const hello = this.readLine(Date.now() + STARTUP_MS);
    const parsed = typeof hello === 'string' ? (parseLine(hello) as { hello?: unknown } | undefined) : undefined;
    if (!parsed || typeof parsed.hello !== 'string') {
      const said = plainText(this.printed().trim().slice(-400), 400);
      this.stop();
      throw new Error(`the student process did not start (${l.command} ${l.os ?? ''}): ${said || 'no output'}`);
    }
    this.greeted = true;
  }

  private stop(): void {
    const child = this.child;
    this.child = undefined;
    if (child?.pid) {
      for (const target of [-child.pid, child.pid]) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    this.drainOutput();
    for (const fd of [this.requestFd, this.answerFd, this.outputFd]) if (fd >= 0) fs.closeSync(fd);
    this.requestFd = this.answerFd = this.outputFd = -1;
    if (this.fifoDir) fs.rmSync(this.fifoDir, { recursive: true, force: true });
    this.fifoDir = undefined;
    this.loadedNow.clear();
    this.greeted = false;
  }
}
