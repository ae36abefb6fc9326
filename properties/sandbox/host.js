// @ts-check
// THE UNTRUSTED SIDE. This file runs inside the student process, beside the
// student's code and nothing else of the grader's: it loads the staged kata
// files, calls one function per request, and writes back plain data. Nothing
// it says is believed beyond being data (client.ts decodes it), so a student
// who rewrites it gains nothing the function itself could not return.
//
// Wire: requests arrive as JSON lines on fd 3, answers leave as JSON lines on
// fd 4; the student's console goes to fds 1 and 2, which the judge caps.
//   → {"n":1,"op":"load","file":"linear.js"}   ← {"n":1,"ok":true,"functions":["linearForward",…]}
//   → {"n":2,"op":"call","fn":"softmax","calls":[[[1,2],2], …],"names":["x","beta"]}
//   ← {"n":2,"k":0,"ok":true,"value":[…],"wrote":["x"],"returned":"x"}  or  {"n":2,"k":0,"ok":false,"error":{…}}
//     one answer line per call, k counting from 0
// Numbers JSON cannot carry travel as {"$n":"NaN"}; anything that is neither
// an array nor a number travels as {"$d":"a description"}.

'use strict';

// Builtins captured before any student code runs, so that patching a global
// changes what the student's own code sees, not how answers are written.
const fs = require('node:fs');
const path = require('node:path');
const { readSync, writeSync } = fs;
const { stringify, parse } = JSON;
const { isArray } = Array;
const { isView } = ArrayBuffer;
const { is, getPrototypeOf, getOwnPropertyDescriptor } = Object;
const ownKeys = Reflect.ownKeys;
const ProxyCtor = Proxy;
const ReflectSet = Reflect.set;
const ReflectDefine = Reflect.defineProperty;
const ReflectDelete = Reflect.deleteProperty;
const ReflectSetProto = Reflect.setPrototypeOf;
const ReflectPrevent = Reflect.preventExtensions;
const WeakMapCtor = WeakMap;
const StringCtor = String;
const PromiseCtor = Promise;
const isFiniteNumber = Number.isFinite;
const realStructuredClone = globalThis.structuredClone;

/** Each watched argument's private copy, by its proxy. */
const targets = new WeakMapCtor();

/**
 * A value with the watched arguments in it replaced by their copies, at any
 * depth of arrays, plain objects, Maps and Sets (what structuredClone may be
 * handed around an argument).
 * @param {unknown} v @param {Map<unknown, unknown>} seen @returns {unknown}
 */
function unwrap(v, seen = new Map()) {
  if (typeof v !== 'object' || v === null) return v;
  if (seen.has(v)) return seen.get(v);
  const target = targets.get(v);
  if (target) return target.map((/** @type {unknown} */ x) => unwrap(x, seen));
  if (isArray(v)) {
    const out = /** @type {unknown[]} */ ([]);
    seen.set(v, out);
    for (const x of v) out.push(unwrap(x, seen));
    return out;
  }
  if (v instanceof Map) {
    const out = new Map();
    seen.set(v, out);
    for (const [k, x] of v) out.set(unwrap(k, seen), unwrap(x, seen));
    return out;
  }
  if (v instanceof Set) {
    const out = new Set();
    seen.set(v, out);
    for (const x of v) out.add(unwrap(x, seen));
    return out;
  }
  if (getPrototypeOf(v) === Object.prototype || getPrototypeOf(v) === null) {
    /** @type {Record<string, unknown>} */
    const out = {};
    seen.set(v, out);
    for (const k of Object.keys(v)) out[k] = unwrap(/** @type {Record<string, unknown>} */ (v)[k], seen);
    return out;
  }
  return v;
}

/**
 * structuredClone cannot clone a Proxy; a student who copies an argument with
 * it must get the copy, as with a plain array.
 * @type {typeof structuredClone}
 */
const cloneWatched = (value, options) => /** @type {any} */ (realStructuredClone(unwrap(value), options));

/** The most numbers one answer may hold (a 24×576 Jacobian has 13,824). */
const MAX_NUMBERS = 1_000_000;
/** A record of arrays (an answer with several gradients, { W1, b1, … }): its most fields, and their names. */
const MAX_FIELDS = 16;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;
/** Texts that come back (messages, descriptions) are cut to this length. */
const MAX_TEXT = 2000;

/** @param {() => unknown} f @param {string} fallback */
function safely(f, fallback) {
  try {
    const v = f();
    return typeof v === 'string' ? v.slice(0, MAX_TEXT) : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Arguments as the student receives them: private copies behind proxies that
 * record every write (even one undone before returning) under the argument's
 * name, and let it happen to the copy.
 * @param {unknown[]} args @param {string[]} names
 */
function watch(args, names) {
  /** @type {Set<string>} */
  const wrote = new Set();
  /** @type {WeakMap<object, string>} */
  const origin = new WeakMapCtor();
  /** @param {unknown} value @param {string} name @returns {unknown} */
  const wrap = (value, name) => {
    if (!isArray(value)) return value;
    const copy = value.map((v) => wrap(v, name));
    /** @type {ProxyHandler<unknown[]>} */
    const handler = {
      set: (t, k, v) => (wrote.add(name), ReflectSet(t, k, v)),
      defineProperty: (t, k, d) => (wrote.add(name), ReflectDefine(t, k, d)),
      deleteProperty: (t, k) => (wrote.add(name), ReflectDelete(t, k)),
      setPrototypeOf: (t, p) => (wrote.add(name), ReflectSetProto(t, p)),
      preventExtensions: (t) => (wrote.add(name), ReflectPrevent(t)),
    };
    const proxy = new ProxyCtor(copy, handler);
    origin.set(proxy, name);
    targets.set(proxy, copy);
    return proxy;
  };
  return { watched: args.map((a, k) => wrap(a, names[k] ?? `argument ${k + 1}`)), wrote, origin };
}

/** @param {unknown} v */
function describe(v) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (isView(v)) return `a ${safely(() => getPrototypeOf(v).constructor.name, 'typed array')} (return a plain array)`;
  if (v instanceof PromiseCtor) return 'a Promise (return the result itself, not a promise)';
  if (typeof v === 'function') return 'a function';
  return `${typeof v} ${safely(() => StringCtor(v), '(that cannot be printed)').slice(0, 40)}`;
}

/**
 * The answer as plain JSON, noting any array that is one of the arguments.
 * @param {unknown} value @param {WeakMap<object, string>} origin
 */
function encode(value, origin) {
  let count = 0;
  /** @type {string | undefined} */
  let returned;
  /** @param {unknown} v @param {number} depth @returns {unknown} */
  const enc = (v, depth) => {
    if (typeof v === 'number') {
      if (++count > MAX_NUMBERS) throw new RangeError('the answer holds more than a million numbers');
      return isFiniteNumber(v) && !is(v, -0) ? v : { $n: is(v, -0) ? '-0' : StringCtor(v) };
    }
    if (isArray(v) && depth < 3) {
      if (typeof v === 'object' && origin.has(v)) returned ??= origin.get(v);
      const n = v.length;
      if (!(n <= MAX_NUMBERS)) throw new RangeError('the answer is longer than a million entries');
      const out = [];
      for (let i = 0; i < n; i++) out.push(enc(v[i], depth + 1));
      return out;
    }
    // A record, at the top only: a plain object of at most MAX_FIELDS data fields with plain names.
    if (depth === 0 && typeof v === 'object' && v !== null && !isArray(v)) {
      const proto = safely(
        () => (getPrototypeOf(v) === Object.prototype || getPrototypeOf(v) === null ? 'plain' : ''),
        '',
      );
      if (proto === 'plain') {
        /** @type {(string | symbol)[]} */
        let keys;
        try {
          keys = ownKeys(v);
        } catch {
          return { $d: 'an object whose fields cannot be listed' };
        }
        if (keys.length > MAX_FIELDS) return { $d: `an object of more than ${MAX_FIELDS} fields` };
        /** @type {Record<string, unknown>} */
        const out = {};
        for (const k of keys) {
          if (typeof k !== 'string' || !FIELD.test(k) || k === '__proto__')
            return { $d: 'an object with a field that is not a plain name' };
          /** @type {PropertyDescriptor | undefined} */
          let d;
          try {
            d = getOwnPropertyDescriptor(v, k);
          } catch {
            d = undefined;
          }
          if (!d || !('value' in d)) return { $d: `an object whose field ${k} is not plain data (a getter?)` };
          out[k] = enc(d.value, depth + 1);
        }
        return { $r: out };
      }
    }
    return { $d: isArray(v) ? 'an array nested too deep' : describe(v) };
  };
  return { value: enc(value, 0), returned };
}

/** A stack frame in one of the student's files, which sit beside this one in the stage (only kata files do). */
const STUDENT_FRAME = new RegExp(
  `${__dirname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[/\\\\]([A-Za-z0-9_-]+\\.ts):(\\d+):(\\d+)`,
);

/** Where in the student's files an error was thrown: 'linear.ts:12:5'. @param {unknown} e */
function whereThrown(e) {
  const stack = safely(() => /** @type {any} */ (e).stack, '');
  const m = stack.match(STUDENT_FRAME);
  return m ? `${m[1]}:${m[2]}:${m[3]}` : undefined;
}

/** An error as plain data. @param {unknown} e */
function errorOf(e) {
  // DOMExceptions (a failed structuredClone, say) are errors too, though not instanceof Error.
  const isError =
    e instanceof Error ||
    (typeof e === 'object' &&
      e !== null &&
      typeof safely(() => /** @type {any} */ (e).message, '') === 'string' &&
      safely(() => /** @type {any} */ (e).name, '') !== '');
  const any = /** @type {any} */ (e);
  return {
    name: isError ? safely(() => any.name, 'Error') : '',
    message: isError ? safely(() => any.message, '(a message that cannot be read)') : `a thrown ${describe(e)}`,
    where: whereThrown(e),
  };
}

/**
 * Calls f on watched copies of args and returns what the wire carries. Used
 * here, and by the self-tests' in-process student, so both speak alike.
 * @param {unknown} f @param {unknown[]} args @param {string[]} names
 */
function invoke(f, args, names) {
  const { watched, wrote, origin } = watch(args, names);
  const saved = globalThis.structuredClone;
  globalThis.structuredClone = cloneWatched;
  try {
    if (typeof f !== 'function') return { ok: false, error: { name: 'TypeError', message: 'not a function' } };
    const result = f(...watched);
    const { value, returned } = encode(result, origin);
    return { ok: true, value, wrote: [...wrote], returned };
  } catch (e) {
    return { ok: false, error: errorOf(e), wrote: [...wrote] };
  } finally {
    globalThis.structuredClone = saved;
  }
}

/** The request loop: synchronous, so no timer or promise of the student's ever runs between calls. */
function serve() {
  /** @type {Record<string, unknown>} */
  const table = {};
  const buffer = Buffer.alloc(1 << 20);
  let pending = '';
  /** @param {object} answer */
  const send = (answer) => {
    const bytes = Buffer.from(stringify(answer) + '\n');
    for (let off = 0; off < bytes.length;) off += writeSync(4, bytes, off);
  };
  let current = 0;
  // A process.exit is said on the wire first, so that the judge can name it
  // (and only name it: it trusts its own eyes for blame).
  const exit = process.exit.bind(process);
  process.exit = /** @type {any} */ (
    (/** @type {unknown} */ code) => {
      try {
        send({ n: current, exiting: typeof code === 'number' ? code : 0 });
      } finally {
        exit(/** @type {any} */ (code));
      }
    }
  );
  // For good in here, so that code which keeps structuredClone from load time gets this one too.
  globalThis.structuredClone = cloneWatched;
  send({ n: 0, ok: true, hello: process.versions.node });
  for (;;) {
    let k;
    while ((k = pending.indexOf('\n')) < 0) {
      const got = readSync(3, buffer, 0, buffer.length, null);
      if (got === 0) process.exit(0);
      pending += buffer.toString('utf8', 0, got);
    }
    const request = parse(pending.slice(0, k));
    pending = pending.slice(k + 1);
    current = request.n;
    if (request.op === 'load') {
      try {
        const exports = require(path.join(__dirname, request.file));
        const functions = [];
        for (const key of Object.keys(exports)) {
          table[key] = exports[key];
          if (typeof exports[key] === 'function') functions.push(key);
        }
        send({ n: request.n, ok: true, functions });
      } catch (e) {
        send({ n: request.n, ok: false, error: errorOf(e) });
      }
    } else if (request.op === 'call') {
      // Several calls of one function in one request; each answer leaves as soon as it is known.
      const calls = isArray(request.calls) ? request.calls : [];
      for (let k = 0; k < calls.length; k++)
        send({ n: request.n, k, ...invoke(table[request.fn], calls[k], request.names) });
    }
  }
}

if (require.main === module) serve();

module.exports = { invoke };
