/** @jest-config-loader-options {"transpileOnly": true} */
// `npm test`: the grader's own tests (properties/selftest). Grading a folder
// uses properties/grade.config.json instead (`npm run grade`).
import type { Config } from 'jest';

const config: Config = {
  roots: ['<rootDir>/properties'],
  testMatch: ['<rootDir>/properties/selftest/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  testEnvironment: 'node',
  watchman: false,
};

export default config;
