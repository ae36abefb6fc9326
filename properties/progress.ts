// What the grader is doing right now, in shared memory: the function, the law
// and the case, rewritten before each case. A write per case to a file would
// cost more than the grading; a thread that is not stuck in the student's
// code reads it (cli/progress-reader.js), so that a function that never
// returns can be named with the very input it hangs on.

import type { AnyLaw } from './law';

/** Bytes for one record. */
const BYTES = 4096;
/** Cases with more numbers than this are described by their sizes. */
const SHOWN_NUMBERS = 64;

export class Progress {
  /** [sequence number, odd while a record is being written; record length in bytes], then the record. */
  readonly shared = new SharedArrayBuffer(8 + BYTES);
  private readonly header = new Int32Array(this.shared, 0, 2);
  private readonly bytes = new Uint8Array(this.shared, 8);
  private readonly encoder = new TextEncoder();
  private count = 0;

  write(state: object): void {
    let text = JSON.stringify({ n: ++this.count, ...state });
    if (text.length * 3 > BYTES) text = JSON.stringify({ n: this.count, ...state, input: undefined });
    Atomics.add(this.header, 0, 1);
    const { written } = this.encoder.encodeInto(text, this.bytes);
    Atomics.store(this.header, 1, written);
    Atomics.add(this.header, 0, 1);
  }

  /** Before the student's code sees case c of law. */
  trying(law: AnyLaw, c: Record<string, unknown>): void {
    this.write({ fn: law.fn, law: law.name, input: shown(law, c) });
  }
}

/** The parts of a case the function receives, raw, or their sizes when there are many numbers. */
function shown(law: AnyLaw, c: Record<string, unknown>): Record<string, unknown> {
  let count = 0;
  for (const key of law.shows) {
    const v = c[key];
    count += Array.isArray(v) ? (Array.isArray(v[0]) ? v.length * v[0].length : v.length) : 1;
  }
  const out: Record<string, unknown> = {};
  for (const key of law.shows) {
    const v = c[key];
    out[key] =
      count <= SHOWN_NUMBERS || !Array.isArray(v)
        ? v
        : Array.isArray(v[0])
          ? `${v.length}×${v[0].length} matrix`
          : `${v.length} numbers`;
  }
  return out;
}
