// @ts-check
// Where the grader runs: Linux or macOS, whose FIFOs carry the calls to the
// student's process. On Windows, one line says what to do instead, before
// anything starts, never a stack trace and a score of 0/0.

'use strict';

const WINDOWS =
  'npm run grade and npm run kata need Linux or macOS (the student process is reached through FIFOs): ' +
  'on Windows, run them in WSL (wsl --install, then npm install and npm run kata in its terminal), in the ' +
  "README's container, or do the kata in its web page (your repository's GitHub Pages site), in any browser";

/** Why this machine cannot run the grader, in one line; undefined where it can. */
function unsupportedPlatform(platform = process.platform) {
  return platform === 'win32' ? WINDOWS : undefined;
}

module.exports = { unsupportedPlatform };
