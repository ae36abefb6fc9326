// The stage: a private copy of just the submission's two files, compiled from
// TypeScript to JavaScript here, on the trusted side, beside the host. It is
// all the student process can read. Symbolic links, special files and
// oversized files are refused; the folder graded is never written into.

import crypto from 'node:crypto';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type * as TS from 'typescript';
import { FILES, type KataFile } from '../contract';
import { ALL_EXERCISES } from '../exercises/select.js';
import { ROOT } from '../layout.js';
import { readSubmitted, type FileProblem } from './submitted.js';
import { COMPILER, foreignImports, importProblem, transpile, type Compiled } from './transpile';

/** The compiler, loaded only when a file is not in the cache (it takes 0.1–0.3 s to load). */
let compiler: typeof TS | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const typescript = () => (compiler ??= require('typescript') as typeof TS);

export type { FileProblem };

export interface Stage {
  /** The private folder: host.js and the compiled kata files (linear.ts as linear.js, …). */
  readonly dir: string;
  /**
   * For each kata file, its compiled name in the stage and the functions left out of it for a syntax error
   * inside them (each with its message), or why it has none.
   */
  readonly files: Readonly<
    Record<
      KataFile,
      { readonly js: string; readonly broken?: Readonly<Record<string, string>> } | { readonly problem: FileProblem }
    >
  >;
  /** Removes the stage. */
  remove(): void;
}

const problem = (message: string): { problem: FileProblem } => ({ problem: { status: 'error', message } });

/**
 * Compiled files by a hash of the compiler's version, options and the source:
 * in memory, and on disk in the project's node_modules/.cache (written only
 * here, on the trusted side), so that grading unchanged code does not load
 * the compiler at all.
 */
const compiled = new Map<string, Compiled>();
const CACHE = path.join(ROOT, 'node_modules/.cache/backprop-kata-compiled');
const VERSION = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('typescript/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

function compile(file: KataFile, source: string): Compiled {
  const key = crypto
    .createHash('sha256')
    .update(`${VERSION}\u0000frames, by function\u0000${JSON.stringify(COMPILER)}\u0000${file}\u0000${source}`)
    .digest('hex');
  const known = compiled.get(key);
  if (known) return known;
  const onDisk = path.join(CACHE, `${key}.json`);
  let out: Compiled;
  try {
    out = JSON.parse(fs.readFileSync(onDisk, 'utf8')) as Compiled;
  } catch {
    out = transpile(typescript(), file, source);
    try {
      fs.mkdirSync(CACHE, { recursive: true });
      const temporary = `${onDisk}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify(out));
      fs.renameSync(temporary, onDisk);
    } catch {
      // A read-only install grades all the same, compiling each time.
    }
  }
  if (compiled.size > 64) compiled.clear();
  compiled.set(key, out);
  return out;
}

/** Stages the submission in folder `source`: never throws for anything the folder holds. */
export function stage(source: string): Stage {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-stage-'));
  fs.copyFileSync(path.join(__dirname, 'host.js'), path.join(dir, 'host.js'));
  let folder: fs.Stats | undefined;
  try {
    folder = fs.lstatSync(source);
  } catch {
    folder = undefined;
  }
  const files = {} as Record<KataFile, Stage['files'][KataFile]>;
  for (const file of Object.keys(FILES) as KataFile[]) {
    if (!folder || !folder.isDirectory()) {
      files[file] = problem(
        folder?.isSymbolicLink()
          ? 'the submission folder is a symbolic link; submit a folder holding the files themselves, so it scores zero'
          : `the submission folder ${source} does not exist`,
      );
      continue;
    }
    const text = readSubmitted(source, file);
    if (typeof text !== 'string') {
      files[file] = text;
      continue;
    }
    const refused = importProblem(file, text, builtinModules);
    if (refused) {
      files[file] = problem(refused);
      continue;
    }
    const out = compile(file, text);
    if (out.error) {
      files[file] = problem(`${file} did not load: ${out.error}`);
      continue;
    }
    const js = file.replace(/\.ts$/, '.js');
    fs.writeFileSync(path.join(dir, js), out.js);
    files[file] = out.broken ? { js, broken: out.broken } : { js };
  }
  // The other exercises' files the folder holds, staged beside them (not graded) for a graded file to import:
  // each read, checked and compiled the same way, and left out if anything is wrong with it.
  if (folder?.isDirectory()) {
    for (const e of ALL_EXERCISES.filter((x) => !(x.file in files))) {
      const text = readSubmitted(source, e.file);
      if (typeof text !== 'string' || foreignImports(text, builtinModules).length > 0) continue;
      const out = compile(e.file, text);
      if (!out.error) fs.writeFileSync(path.join(dir, e.file.replace(/\.ts$/, '.js')), out.js);
    }
  }
  return { dir, files, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
