// The page's file system: the learner's files and npm run kata's saved state
// (.kata-state.json, through kata/state.js) live in the browser's storage,
// under their paths; solutions/ holds what the build bundled, read-only.
// Only what the page's bundled modules call is here.

'use strict';

const { solutions } = require('web:sources');

const KEY = 'backprop-kata:';

/** @param {string} file */
const solution = (file) => (file.startsWith('/solutions/') ? solutions[file.slice('/solutions/'.length)] : undefined);

/** @param {string} file @returns {string} */
function readFileSync(file) {
  const text = solution(file) ?? localStorage.getItem(KEY + file);
  if (typeof text !== 'string')
    throw Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: 'ENOENT' });
  return text;
}

/** @param {string} file @param {string} text */
function writeFileSync(file, text) {
  localStorage.setItem(KEY + file, String(text));
}

/** @param {string} file */
const existsSync = (file) => solution(file) !== undefined || localStorage.getItem(KEY + file) !== null;

/** @param {string} file */
function rmSync(file) {
  localStorage.removeItem(KEY + file);
}

module.exports = { readFileSync, writeFileSync, existsSync, rmSync };
