// @ts-check
// A jest reporter that says which suite starts, so that npm test is never
// silent for long: jest's default reporter speaks only when a suite ends.

'use strict';

const path = require('node:path');

class SuiteReporter {
  /** @param {{ path: string }} test */
  onTestFileStart(test) {
    process.stderr.write(`▶ ${path.relative(process.cwd(), test.path)}\n`);
  }
}

module.exports = SuiteReporter;
