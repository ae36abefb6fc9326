// The type check of a student's kata files (sandbox/typecheck.js). The whole
// repository's own type check is in style.slow.test.ts.

import { folder, SYNTAX_ERROR, TYPE_ERROR } from './e2e';

test("a kata file's type errors are found even while the other file has a syntax error, each with its line and a caret", async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the command line's JavaScript module
  const { typeErrors } = require('../sandbox/typecheck') as typeof import('../sandbox/typecheck');
  const dir = folder([SYNTAX_ERROR, TYPE_ERROR]);
  const errors = await typeErrors(dir);
  expect(Object.keys(errors).sort()).toEqual(['linear.ts', 'softmax.ts']);
  expect(errors['softmax.ts'][0]).toBe(
    [
      "softmax.ts:8:9 - error TS2322: Type 'number' is not assignable to type 'string'. (and 1 more)",
      '  8 |   const zMax: string = Math.max(...z);',
      '    |         ^',
    ].join('\n'),
  );
  expect(errors['linear.ts'][0]).toMatch(
    /^linear\.ts:\d+:21 - error TS1005: '\)' expected\.\n +\d+ \| +return dLdy\.slice\(;\n +\| +\^$/,
  );
});
