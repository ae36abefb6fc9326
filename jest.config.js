// @ts-check
// `npm test`: the grader's own tests (properties/selftest), but for the slow
// ones (*.slow.test.ts: the attack suite, the roster, the Gradescope bundle, the
// class report in a browser), which `npm run test:slow` runs and
// .ci/run runs after npm test. Grading a folder uses properties/grade.config.json
// instead (`npm run grade`). JavaScript, so that jest needs no TypeScript loader to read it.

'use strict';

/** @type {import('jest').Config} */
const config = {
  roots: ['<rootDir>/properties'],
  testMatch: ['<rootDir>/properties/selftest/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.test\\.ts$'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  testEnvironment: 'node',
  watchman: false,
  reporters: ['default', '<rootDir>/properties/selftest/suite-reporter.js'],
};

module.exports = config;
