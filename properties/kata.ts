// Finding and loading the implementation folder to grade.

import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { FILES, type Kata, type KataFile } from './contract';
import { MissingFunction } from './law';

/** The repository root: KATA_DIR is resolved against it. */
export const ROOT = path.resolve(__dirname, '..');

/** Compiler messages come coloured for a terminal; reports want plain text. */
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

/** The folder to grade: KATA_DIR (relative to the repository root, or absolute), katas/ by default. */
export function kataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(ROOT, env.KATA_DIR || 'katas');
}

/** Module specifiers a source file loads at run time: import … from, import(), require(), export … from. */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const patterns = [
    /^\s*import\s+(?!type\s)(?:[^'"]*?\sfrom\s*)?['"]([^'"]+)['"]/gm,
    /^\s*export\s+(?!type\s)[^'"]*?\sfrom\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.push(m[1]);
  return found;
}

/** The imports of a file in dir that reach outside dir: anything but Node's own modules and files beside it. */
export function foreignImports(dir: string, source: string): string[] {
  return importsOf(source).filter((spec) => {
    if (spec.startsWith('node:') || builtinModules.includes(spec)) return false;
    if (!spec.startsWith('.')) return true;
    const rel = path.relative(dir, path.resolve(dir, spec));
    return rel.startsWith('..') || path.isAbsolute(rel);
  });
}

/** Why a kata file cannot be graded, or undefined if it loads. */
function problemWith(
  dir: string,
  file: KataFile,
  load: (file: string) => unknown,
  into: Record<string, unknown>,
): string | undefined {
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) return `${file} is missing from ${dir}; it should export ${FILES[file].join(', ')}`;
  const foreign = foreignImports(dir, fs.readFileSync(full, 'utf8'));
  if (foreign.length > 0) {
    return `${file} imports ${foreign.map((s) => `'${s}'`).join(', ')} from outside its folder; a kata file must stand alone, so it scores zero`;
  }
  try {
    Object.assign(into, load(full));
    return undefined;
  } catch (e) {
    // The compiler names the file by its path from the working directory; the folder is known.
    const text = stripAnsi(e instanceof Error ? e.message : String(e)).trim();
    return `${file} did not load: ${text.split(path.relative(process.cwd(), full)).join(file).split(full).join(file)}`;
  }
}

/**
 * Loads linear.ts and softmax.ts from dir. A file that is missing, imports
 * from outside its folder or does not load leaves functions that throw
 * MissingFunction with the reason, so that every law of that file reports it
 * and the other file is still graded. Files in `skip` are not read at all.
 */
export function loadKata(
  dir: string,
  load: (file: string) => unknown = require,
  skip: readonly KataFile[] = [],
): Partial<Kata> {
  const kata: Record<string, unknown> = {};
  for (const file of Object.keys(FILES) as KataFile[]) {
    if (skip.includes(file)) continue;
    const problem = problemWith(dir, file, load, kata);
    if (problem === undefined) continue;
    for (const fn of FILES[file]) {
      kata[fn] = () => {
        throw new MissingFunction(problem);
      };
    }
  }
  return kata as Partial<Kata>;
}
