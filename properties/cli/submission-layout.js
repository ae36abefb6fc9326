// @ts-check
// Where a submission's kata files are, in the layouts submissions really
// have: at its top; in a katas/ folder (a clone of the student's repository);
// or in the one folder an upload holds (a zip of the repository,
// backprop-kata-main/katas/…). Symbolic links are never followed. One place
// for --batch and the Gradescope bundle's run script, which calls it:
//
//   node properties/cli/submission-layout.js <folder>
//
// prints the folder to grade and where it lies in <folder> ('' at its top),
// each ended by a NUL: a student's folder may hold any other byte in its name.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { ALL_EXERCISES } = require('../exercises/select');

/** Every exercise's kata file name: a folder holding any of them is the one. */
const KATA_FILES = ALL_EXERCISES.map((/** @type {{ file: string }} */ e) => e.file);

/** @param {string} p */
const isFile = (p) => fs.lstatSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
/** @param {string} p */
const isDir = (p) => fs.lstatSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
/** @param {string} d */
const holdsKata = (d) => KATA_FILES.some((f) => isFile(path.join(d, f)));

/**
 * The folder to grade inside submission `dir`, and where it lies in the submission ('katas',
 * 'backprop-kata-main/katas'), if not at its top. Where no layout fits, the submission itself.
 * @param {string} dir @returns {{ dir: string, within?: string }}
 */
function kataFolderOf(dir) {
  if (holdsKata(dir)) return { dir };
  if (holdsKata(path.join(dir, 'katas')) && isDir(path.join(dir, 'katas')))
    return { dir: path.join(dir, 'katas'), within: 'katas' };
  /** @type {string[]} */
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch {
    return { dir };
  }
  // An archive's leftovers (__MACOSX, .git, .DS_Store) are not a top folder.
  const folders = names.filter((n) => !n.startsWith('.') && n !== '__MACOSX' && isDir(path.join(dir, n)));
  if (folders.length !== 1) return { dir };
  const top = path.join(dir, folders[0]);
  if (holdsKata(top)) return { dir: top, within: folders[0] };
  if (isDir(path.join(top, 'katas')) && holdsKata(path.join(top, 'katas')))
    return { dir: path.join(top, 'katas'), within: `${folders[0]}/katas` };
  return { dir };
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir || process.argv.length > 3) {
    console.error('usage: node properties/cli/submission-layout.js <folder>');
    process.exit(2);
  }
  const found = kataFolderOf(path.resolve(dir));
  process.stdout.write(`${found.dir}\0${found.within ?? ''}\0`);
}

module.exports = { kataFolderOf };
