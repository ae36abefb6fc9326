// Finding and loading the implementation folder to grade.

import fs from 'node:fs';
import path from 'node:path';
import { FILES, type Kata, type KataFile } from './contract';
import { MissingFunction } from './law';

/** Compiler messages come coloured for a terminal; reports want plain text. */
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

/** The repository root: KATA_DIR is resolved against it. */
export const ROOT = path.resolve(__dirname, '..');

/** The folder to grade: KATA_DIR (relative to the repository root, or absolute), katas/ by default. */
export function kataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(ROOT, env.KATA_DIR || 'katas');
}

/**
 * Loads linear.ts and softmax.ts from dir. A file that is missing or does not
 * load leaves functions that throw MissingFunction with the reason, so that
 * every law of that file reports it and the other file is still graded.
 */
export function loadKata(dir: string, load: (file: string) => unknown = require): Partial<Kata> {
  const kata: Record<string, unknown> = {};
  for (const file of Object.keys(FILES) as KataFile[]) {
    const full = path.join(dir, file);
    let problem: string | undefined;
    if (!fs.existsSync(full)) {
      problem = `${full} does not exist`;
    } else {
      try {
        Object.assign(kata, load(full));
      } catch (e) {
        problem = `${file} did not load: ${stripAnsi(e instanceof Error ? e.message : String(e)).trim()}`;
      }
    }
    if (problem !== undefined) {
      const reason = problem;
      for (const fn of FILES[file]) {
        kata[fn] = () => {
          throw new MissingFunction(reason);
        };
      }
    }
  }
  return kata as Partial<Kata>;
}
