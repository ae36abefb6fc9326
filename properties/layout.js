// @ts-check
// The repository's layout, in one place for the TypeScript grader and the
// JavaScript command line alike: where the repository is, and which kata file
// exports which function, in teaching order (contract.ts types them).

'use strict';

const path = require('node:path');

/** The repository root: KATA_DIR and every path of the grader's are resolved against it. */
const ROOT = path.resolve(__dirname, '..');

const FILES = /** @type {const} */ ({
  'linear.ts': ['linearForward', 'linearGradB', 'linearJacobianW', 'linearGradW', 'linearGradX'],
  'softmax.ts': ['softmax', 'softmaxJacobian', 'softmaxGradX'],
});

/** The largest kata file graded (the reference answers are under 2 KB); a larger one scores zero. */
const MAX_FILE_BYTES = 256 * 1024;

module.exports = { ROOT, FILES, MAX_FILE_BYTES };
