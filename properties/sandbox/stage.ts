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
import { FUNCTIONS } from '../layout.js';
import { codeFrame } from '../escape.js';
import { ALL_EXERCISES } from '../exercises/select.js';
import { ROOT } from '../layout.js';
import { functionAt } from './function-at.js';
import { readSubmitted, type FileProblem } from './submitted.js';

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

/**
 * The imports that reach outside the submission: anything but Node's own
 * modules and the other kata file. (Computed paths are not seen here; the
 * sandbox is what stops them: nothing outside the stage can be read.)
 */
export function foreignImports(source: string): string[] {
  // Any exercise's kata file, graded or not: an answer may build on the student's own earlier work.
  const siblings = ALL_EXERCISES.map((e) => e.file).flatMap((f) => [
    `./${f}`,
    `./${f.replace(/\.ts$/, '')}`,
    `./${f.replace(/\.ts$/, '.js')}`,
  ]);
  return importsOf(source).filter(
    (spec) => !(spec.startsWith('node:') || builtinModules.includes(spec) || siblings.includes(spec)),
  );
}

/** The first syntax error of a transpiled file, as 'linear.ts:30:21 - error TS1005: ')' expected.' */
function syntaxError(file: string, diagnostics: readonly TS.Diagnostic[] | undefined): string | undefined {
  const ts = typescript();
  const first = (diagnostics ?? []).find((d) => d.category === ts.DiagnosticCategory.Error);
  if (!first) return undefined;
  return describeError(file, first);
}

/** One compiler error, as 'linear.ts:30:21 - error TS1005: ')' expected.' and its line with a caret. */
function describeError(file: string, first: TS.Diagnostic): string {
  const ts = typescript();
  const { line, character } = first.file
    ? first.file.getLineAndCharacterOfPosition(first.start ?? 0)
    : { line: 0, character: 0 };
  const where = `${file}:${line + 1}:${character + 1}`;
  const text = ts.flattenDiagnosticMessageText(first.messageText, '\n');
  return `${where} - error TS${first.code}: ${text}\n${codeFrame(first.file?.text ?? '', line + 1, character + 1)}`;
}

/** Compiler options, as data (the enums' values: CommonJS = 1, ES2022 = 9), so the cache key needs no compiler. */
const COMPILER = {
  module: 1,
  target: 9,
  esModuleInterop: true,
  alwaysStrict: true,
  // Inline, so that the student process maps its stack traces back to the .ts file without reading anything.
  inlineSourceMap: true,
  inlineSources: true,
} as const;

interface Compiled {
  readonly js: string;
  readonly error?: string;
  /** Graded functions left out for a syntax error inside them, each with its message. */
  readonly broken?: Readonly<Record<string, string>>;
}

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
    out = transpile(file, source);
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

const transpiled = (file: string, source: string) =>
  typescript().transpileModule(source, {
    compilerOptions: COMPILER as unknown as TS.CompilerOptions,
    fileName: file,
    reportDiagnostics: true,
  });

/**
 * A file compiled. A syntax error inside a graded function costs that function alone: where every error sits
 * in one, those functions are put back to stubs (on as many lines, so the others' line numbers hold) and the
 * rest compiled and graded. An error anywhere else costs the file.
 */
function transpile(file: string, source: string): Compiled {
  const ts = typescript();
  const t = transpiled(file, source);
  const errors = (t.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length === 0) return { js: t.outputText };
  const whole = { js: t.outputText, error: syntaxError(file, errors) };
  const parsed = errors[0].file;
  const graded = Object.values(FUNCTIONS)
    .filter((f) => f.file === file)
    .map((f) => f.name);
  const inside = errors.map((d) => (parsed && d.file === parsed ? functionAt(ts, parsed, d.start ?? 0) : undefined));
  if (!parsed || inside.some((f) => !f || !graded.includes(f.name))) return whole;
  const broken: Record<string, string> = {};
  const statements = new Map<TS.Statement, string>();
  errors.forEach((d, k) => {
    const { name, statement } = inside[k]!;
    broken[name] ??= describeError(file, d);
    statements.set(statement, name);
  });
  let text = source;
  for (const [statement, name] of [...statements].sort(([a], [b]) => b.pos - a.pos)) {
    const start = statement.getStart(parsed);
    const lines = source.slice(start, statement.end).split('\n').length - 1;
    const exported =
      ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const stub = `${exported ? 'export ' : ''}function ${name}(): never { throw new Error('${name} does not compile'); }`;
    text = text.slice(0, start) + stub + '\n'.repeat(lines) + text.slice(statement.end);
  }
  const again = transpiled(file, text);
  if ((again.diagnostics ?? []).some((d) => d.category === ts.DiagnosticCategory.Error)) return whole;
  return { js: again.outputText, broken };
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
    const foreign = foreignImports(text);
    const beside = foreign.filter((spec) => /^\.\/[^/]+$/.test(spec));
    if (beside.length > 0) {
      files[file] = problem(
        `${file} imports ${beside.map((s) => `'${s}'`).join(', ')}, which is not a kata file (${ALL_EXERCISES.map((e) => e.file).join(', ')}), so it scores zero`,
      );
      continue;
    }
    if (foreign.length > 0) {
      files[file] = problem(
        `${file} imports ${foreign.map((s) => `'${s}'`).join(', ')} from outside its folder; a kata file must stand alone, so it scores zero`,
      );
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
      if (typeof text !== 'string' || foreignImports(text).length > 0) continue;
      const out = compile(e.file, text);
      if (!out.error) fs.writeFileSync(path.join(dir, e.file.replace(/\.ts$/, '.js')), out.js);
    }
  }
  return { dir, files, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
