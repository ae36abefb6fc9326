// ESLint: the recommended rules of ESLint and typescript-eslint, over the
// whole tree. `npm run test:slow` fails on any finding (properties/selftest/style.slow.test.ts).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', 'web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused arguments keep a signature readable when named with a leading _.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Prettier wraps code at 120; comments too. Strings (messages, prose in reports) may run on.
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
  {
    // The command line and the sandbox's host are CommonJS JavaScript, run by a bare node (README: why).
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      // `const crypto = require('node:crypto')` is how CommonJS names a module that is also a global.
      'no-redeclare': ['error', { builtinGlobals: false }],
    },
  },
  {
    // The stubs' parameters are the student's to use.
    files: ['katas/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    files: ['properties/selftest/**/*.ts', 'properties/bench/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
  },
  {
    // The web page and its workers run in a browser (web/build.js bundles them).
    files: ['web/src/**/*.ts', 'web/shims/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    files: ['web/shims/process.js'],
    languageOptions: { sourceType: 'module' },
  },
);
