// @ts-check
// Reads the record properties/progress.ts writes into shared memory, from a
// thread that is not stuck in the student's code. Returns undefined while a
// record is being written, or when there is none yet.

'use strict';

/** @param {SharedArrayBuffer} shared @returns {{ seq: number, text: string } | undefined} */
function readProgress(shared) {
  const header = new Int32Array(shared, 0, 2);
  const seq = Atomics.load(header, 0);
  if (seq === 0 || seq % 2 === 1) return undefined;
  const text = Buffer.from(new Uint8Array(shared, 8, Atomics.load(header, 1))).toString('utf8');
  return Atomics.load(header, 0) === seq ? { seq, text } : undefined;
}

module.exports = { readProgress };
