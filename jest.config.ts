/**
 * `npm test`: the grader's own tests (properties/selftest), the quick tier,
 * but for the slow ones (*.slow.test.ts: whole programs run many times,
 * whole-tree checks, the attack suite, the roster, the Gradescope bundle,
 * Chromium), which `npm run test:slow` runs and .ci/run runs after npm test.
 * Grading a folder uses properties/grade.config.json instead (`npm run grade`).
 *
 * TypeScript, as the design names it. Node 22.18+ and 24 strip its types
 * natively; on Node 20 and older 22s jest loads it through esbuild-register,
 * which only transpiles (tsc checks this file with the rest): 0.16 s more
 * than a JavaScript config, where ts-node took 0.86 s.
 *
 * @jest-config-loader esbuild-register
 */
import { availableParallelism } from 'node:os';
import type { Config } from 'jest';

const config: Config = {
  roots: ['<rootDir>/properties', '<rootDir>/web'],
  testMatch: ['<rootDir>/properties/selftest/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.test\\.ts$'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  testEnvironment: 'node',
  watchman: false,
  // Jest's default is one worker fewer than the cores: one on a two-core machine. The quick suites spend much of
  // their time waiting on the processes they start (the sandbox, the command line), so two workers overlap them.
  // npm run test:slow runs one at a time (--maxWorkers=1): its suites time hangs, batches and a browser by the
  // clock, which a second suite on the same two cores would skew.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  reporters: ['default', '<rootDir>/properties/selftest/suite-reporter.js'],
};

export default config;
