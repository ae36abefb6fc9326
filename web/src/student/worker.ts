// THE UNTRUSTED SIDE in the browser: a dedicated worker holding the student's
// compiled files and nothing of the grader's but host.js's invoke (the same
// one the student process runs). It has no page to reach, no network (its
// policy, headers.js, and the APIs taken away below), and answers the judge
// worker through a SharedArrayBuffer while the judge waits, one JSON line per
// call. Nothing it writes is believed beyond being data: the judge decodes it
// as the wire does (sandbox/wire.ts).

// The same invoke() as host.js's, bundled here: writes into arguments are caught as on the command line.
import { invoke } from '../../../properties/sandbox/host.js';

interface Scope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: { data: Request }) => void): void;
}
type Request = {
  op: 'init';
  ctrl: SharedArrayBuffer;
  data: SharedArrayBuffer;
  requests: SharedArrayBuffer;
  files: Record<string, string>;
};

// Builtins captured before any student code runs, so that patching a global or a prototype changes what the
// student's own code sees, not how answers are written (host.js does the same).
const scope = self as unknown as Scope;
const post = scope.postMessage.bind(scope);
const { stringify } = JSON;
const { apply } = Reflect;
const encoder = new TextEncoder();
const { encode } = TextEncoder.prototype;
const { set: setBytes, subarray, slice } = Uint8Array.prototype;
const { decode } = TextDecoder.prototype;
const lengthGetter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'length')!.get!;
const lengthOf = (a: Uint8Array) => apply(lengthGetter, a, []) as number;
const { store, add, notify } = Atomics;
const indirectEval = eval;
const StringCtor = String;

/** Where the student's files seem to live: host.js names a thrown error's place by this folder (its __dirname). */
const DIR = '/kata';

// Every way out of the worker, taken away (the policy forbids them too): the network, storage shared with the page,
// other workers, channels to other pages.
const AWAY = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebTransport',
  'EventSource',
  'importScripts',
  'Worker',
  'SharedWorker',
  'indexedDB',
  'caches',
  'BroadcastChannel',
  'cookieStore',
  'storage',
];
for (let o: object | null = self; o; o = Object.getPrototypeOf(o))
  for (const name of AWAY) {
    try {
      if (Object.prototype.hasOwnProperty.call(o, name)) delete (o as Record<string, unknown>)[name];
    } catch {
      // an own property that cannot go: shadowed below
    }
  }
for (const name of AWAY)
  try {
    Object.defineProperty(self, name, { value: undefined, configurable: false, writable: false });
  } catch {
    // already gone
  }

// What the student's code prints during one request, kept for the verdict (its first 4 KB).
const OUTPUT_KEEP = 4 * 1024;
let printed = '';
const show = (v: unknown) => {
  if (typeof v === 'string') return v;
  try {
    return stringify(v) ?? StringCtor(v);
  } catch {
    return StringCtor(v);
  }
};
for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const)
  (console as unknown as Record<string, unknown>)[level] = (...args: unknown[]) => {
    if (printed.length < OUTPUT_KEEP) printed = (printed + args.map(show).join(' ') + '\n').slice(0, OUTPUT_KEEP);
  };

let ctrl = new Int32Array(new SharedArrayBuffer(16));
let data = new Uint8Array(new SharedArrayBuffer(0));
let requests = new Uint8Array(new SharedArrayBuffer(0));
let sources: Record<string, string> = {};
const modules: Record<string, { exports: Record<string, unknown> }> = {};
const decoder = new TextDecoder();
const { parse } = JSON;
const { wait, load: atomicLoad } = Atomics;

/** One answer line into the shared buffer, and the judge woken: ctrl[0] counts the lines, ctrl[1] the bytes. */
function answer(line: object) {
  const encoded = (text: string) => apply(encode, encoder, [text]) as Uint8Array;
  let bytes = encoded(stringify({ ...line, p: printed }) + '\n');
  const at = ctrl[1];
  if (at + lengthOf(bytes) > lengthOf(data))
    bytes = encoded(
      stringify({ ok: false, error: { name: 'RangeError', message: 'the answer is too large to pass back' } }) + '\n',
    );
  apply(setBytes, data, [apply(subarray, bytes, [0, Math.max(0, lengthOf(data) - at)]), at]);
  store(ctrl, 1, at + lengthOf(bytes));
  add(ctrl, 0, 1);
  notify(ctrl, 0);
}

/** A kata file's name as its siblings import it: './linear', './linear.ts' or './linear.js' is linear.js. */
const compiledName = (spec: string) => spec.replace(/^\.\//, '').replace(/\.(ts|js)$/, '') + '.js';

/** Runs a compiled file once, as CommonJS, under its .ts name (host.js finds the student's frames by it). */
function load(file: string): Record<string, unknown> {
  const known = modules[file];
  if (known) return known.exports;
  if (typeof sources[file] !== 'string') throw new Error(`Cannot find module './${file.replace(/\.js$/, '')}'`);
  const module = { exports: {} as Record<string, unknown> };
  modules[file] = module;
  const name = `${DIR}/${file.replace(/\.js$/, '.ts')}`;
  const run = indirectEval(`(function (exports, require, module) {${sources[file]}\n})\n//# sourceURL=${name}`) as (
    e: unknown,
    r: unknown,
    m: unknown,
  ) => void;
  run(module.exports, (spec: string) => load(compiledName(StringCtor(spec))), module);
  return module.exports;
}

const table: Record<string, unknown> = {};

type Call = { op: 'load'; file: string } | { op: 'call'; fn: string; calls: unknown[][]; names: string[] };

function handle(r: Call) {
  printed = '';
  if (r.op === 'load') {
    try {
      const exports = load(r.file);
      const functions: string[] = [];
      for (const key of Object.keys(exports)) {
        table[key] = exports[key];
        if (typeof exports[key] === 'function') functions.push(key);
      }
      answer({ ok: true, functions });
    } catch (error) {
      // The error as plain data, as host.js describes any thrown value.
      answer(
        invoke(
          () => {
            throw error;
          },
          [],
          [],
        ),
      );
    }
  } else if (r.op === 'call') {
    for (let k = 0; k < r.calls.length; k++) {
      printed = '';
      answer({ k, ...invoke(table[r.fn], r.calls[k], r.names) });
    }
  }
}

/**
 * The request loop, once the judge has handed over the files and the shared buffers: synchronous, as host.js's,
 * so that no timer or promise of the student's ever runs between calls. Requests come through the shared buffer
 * too (ctrl[2] counts them, ctrl[3] is the length of the last): the judge waits on its answers, and a message it
 * posted would not arrive until it stopped waiting.
 */
scope.addEventListener('message', (e) => {
  const r = e.data;
  if (r.op !== 'init') return;
  ctrl = new Int32Array(r.ctrl);
  data = new Uint8Array(r.data);
  requests = new Uint8Array(r.requests);
  sources = r.files;
  post({ ready: true });
  let seen = 0;
  for (;;) {
    wait(ctrl, 2, seen);
    seen = atomicLoad(ctrl, 2);
    handle(parse(apply(decode, decoder, [apply(slice, requests, [0, atomicLoad(ctrl, 3)])]) as string) as Call);
  }
});

post({ hello: true });
