// Finding the implementation folder to grade.

import path from 'node:path';

import { ROOT } from './layout.js';

export { ROOT };

/** The folder to grade: KATA_DIR (relative to the repository root, or absolute), katas/ by default. */
export function kataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(ROOT, env.KATA_DIR || 'katas');
}
