// @ts-check
// The one TypeScript loader for the grader's own code outside jest:
// `require('./ts-hook')`, or `node -r ./properties/cli/ts-hook.js file.ts`,
// compiles each .ts file on require (ts-compile.js: types are checked by tsc
// in npm run test:slow, not here). npm run kata's grading thread and npm run
// bench use it.

'use strict';

const fs = require('node:fs');
const { compile } = require('./ts-compile');

// The one synchronous hook CommonJS has for a file type of its own.
require.extensions['.ts'] = (/** @type {NodeJS.Module} */ module, /** @type {string} */ filename) => {
  /** @type {any} */ (module)._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
