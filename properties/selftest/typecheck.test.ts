// The whole repository type-checks (tsc --noEmit, JSDoc-typed JavaScript
// included). Run as a test so that it overlaps the others.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../kata';

test('tsc --noEmit reports nothing', () => {
  const tsc = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', ROOT],
    { encoding: 'utf8', timeout: 120_000 },
  );
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
}, 120_000);
