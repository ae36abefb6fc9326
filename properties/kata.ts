// Finding the implementation folder to grade.

import path from 'node:path';

/** The repository root: KATA_DIR is resolved against it. */
export const ROOT = path.resolve(__dirname, '..');

/** The folder to grade: KATA_DIR (relative to the repository root, or absolute), katas/ by default. */
export function kataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(ROOT, env.KATA_DIR || 'katas');
}
