// A kata file compiled from TypeScript to JavaScript by the compiler handed in
// (the stage's, on the judge's side of the command line; the web page's judge
// worker's, in the browser), so that both compile alike: a syntax error inside
// a graded function costs that function alone, and is described alike; and
// what a kata file may import.

import type * as TS from 'typescript';
import { codeFrame } from '../escape.js';
import { ALL_EXERCISES } from '../exercises/select.js';
import { functionAt } from './function-at.js';

/** The first syntax error of a transpiled file, as 'linear.ts:30:21 - error TS1005: ')' expected.' */
function syntaxError(
  ts: typeof TS,
  file: string,
  diagnostics: readonly TS.Diagnostic[] | undefined,
): string | undefined {
  const first = (diagnostics ?? []).find((d) => d.category === ts.DiagnosticCategory.Error);
  if (!first) return undefined;
  return describeError(ts, file, first);
}

/** One compiler error, as 'linear.ts:30:21 - error TS1005: ')' expected.' and its line with a caret. */
function describeError(ts: typeof TS, file: string, first: TS.Diagnostic): string {
  const { line, character } = first.file
    ? first.file.getLineAndCharacterOfPosition(first.start ?? 0)
    : { line: 0, character: 0 };
  const where = `${file}:${line + 1}:${character + 1}`;
  const text = ts.flattenDiagnosticMessageText(first.messageText, '\n');
  return `${where} - error TS${first.code}: ${text}\n${codeFrame(first.file?.text ?? '', line + 1, character + 1)}`;
}

/** Compiler options, as data (the enums' values: CommonJS = 1, ES2022 = 9), so the cache key needs no compiler. */
export const COMPILER = {
  module: 1,
  target: 9,
  esModuleInterop: true,
  alwaysStrict: true,
  // Inline, so that the student process maps its stack traces back to the .ts file without reading anything.
  inlineSourceMap: true,
  inlineSources: true,
} as const;

export interface Compiled {
  readonly js: string;
  readonly error?: string;
  /** Graded functions left out for a syntax error inside them, each with its message. */
  readonly broken?: Readonly<Record<string, string>>;
}

const transpiled = (ts: typeof TS, file: string, source: string) =>
  ts.transpileModule(source, {
    compilerOptions: COMPILER as unknown as TS.CompilerOptions,
    fileName: file,
    reportDiagnostics: true,
  });

/**
 * A file compiled. A syntax error inside a graded function costs that function alone: where every error sits
 * in one, those functions are put back to stubs (on as many lines, so the others' line numbers hold) and the
 * rest compiled and graded. An error anywhere else costs the file.
 */
export function transpile(ts: typeof TS, file: string, source: string): Compiled {
  const t = transpiled(ts, file, source);
  const errors = (t.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length === 0) return { js: t.outputText };
  const whole = { js: t.outputText, error: syntaxError(ts, file, errors) };
  const parsed = errors[0].file;
  // Every function the registry gives the file, whatever the assignment: what a file compiles to never depends on
  // which exercises are graded (the stage's cache is keyed by the source alone).
  const graded = (ALL_EXERCISES.find((e) => e.file === file)?.functions ?? []).map((f) => f.name);
  const inside = errors.map((d) => (parsed && d.file === parsed ? functionAt(ts, parsed, d.start ?? 0) : undefined));
  if (!parsed || inside.some((f) => !f || !graded.includes(f.name))) return whole;
  const broken: Record<string, string> = {};
  const statements = new Map<TS.Statement, string>();
  errors.forEach((d, k) => {
    const { name, statement } = inside[k]!;
    broken[name] ??= describeError(ts, file, d);
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
  const again = transpiled(ts, file, text);
  if ((again.diagnostics ?? []).some((d) => d.category === ts.DiagnosticCategory.Error)) return whole;
  return { js: again.outputText, broken };
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

/**
 * The imports that reach outside the submission: anything but the host's own
 * modules (`builtins`: Node's on the command line, none in the browser) and
 * the other kata files. (Computed paths are not seen here; the sandbox is what
 * stops them: nothing outside the stage can be read.)
 */
export function foreignImports(source: string, builtins: readonly string[]): string[] {
  // Any exercise's kata file, graded or not: an answer may build on the student's own earlier work.
  const siblings = ALL_EXERCISES.map((e) => e.file).flatMap((f) => [
    `./${f}`,
    `./${f.replace(/\.ts$/, '')}`,
    `./${f.replace(/\.ts$/, '.js')}`,
  ]);
  return importsOf(source).filter(
    (spec) =>
      !((builtins.length > 0 && spec.startsWith('node:')) || builtins.includes(spec) || siblings.includes(spec)),
  );
}

/** Why a kata file's imports make it score zero, or undefined when it imports only what it may. */
export function importProblem(file: string, source: string, builtins: readonly string[]): string | undefined {
  const foreign = foreignImports(source, builtins);
  const beside = foreign.filter((spec) => /^\.\/[^/]+$/.test(spec));
  if (beside.length > 0)
    return `${file} imports ${beside.map((s) => `'${s}'`).join(', ')}, which is not a kata file (${ALL_EXERCISES.map((e) => e.file).join(', ')}), so it scores zero`;
  if (foreign.length > 0)
    return `${file} imports ${foreign.map((s) => `'${s}'`).join(', ')} from outside its folder; a kata file must stand alone, so it scores zero`;
  return undefined;
}
