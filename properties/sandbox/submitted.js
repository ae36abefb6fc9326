// @ts-check
// Reading a file of a submission, the one way the grader does (for the stage
// and for the type check alike): a regular file of at most MAX_FILE_BYTES,
// opened without following a link, read once; anything else is a problem
// the student reads.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { ALL_EXERCISES } = require('../exercises/select');
const { MAX_FILE_BYTES } = require('../layout');

/**
 * @typedef {{ status: 'error', message: string }} FileProblem Why a file of the submission cannot run.
 */

/** @param {string} message @returns {{ problem: FileProblem }} */
const problem = (message) => ({ problem: { status: 'error', message } });

/**
 * The text of kata file `file` in folder `dir`, or why it cannot be had.
 * @param {string} dir @param {string} file @returns {string | { problem: FileProblem }}
 */
function readSubmitted(dir, file) {
  const full = path.join(dir, file);
  let stat;
  try {
    stat = fs.lstatSync(full);
  } catch {
    const exported = ALL_EXERCISES.find((/** @type {{ file: string }} */ e) => e.file === file)?.functions ?? [];
    return problem(
      `${file} is missing from the submission; it should export ${exported.map((/** @type {{ name: string }} */ f) => f.name).join(', ')}`,
    );
  }
  if (stat.isSymbolicLink()) return problem(`${file} is a symbolic link; submit the file itself, so it scores zero`);
  if (!stat.isFile()) return problem(`${file} is not a regular file, so it scores zero`);
  const tooLarge = problem(`${file} is larger than ${MAX_FILE_BYTES / 1024} KB, so it scores zero`);
  if (stat.size > MAX_FILE_BYTES) return tooLarge;
  let fd;
  try {
    fd = fs.openSync(full, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  } catch {
    return problem(`${file} could not be read, so it scores zero`);
  }
  try {
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    if (n > MAX_FILE_BYTES) return tooLarge;
    return buffer.toString('utf8', 0, n);
  } finally {
    fs.closeSync(fd);
  }
}

module.exports = { readSubmitted, problem };
