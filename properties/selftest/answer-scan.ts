// Does any function a student template ships answer a gradient step? Run in a
// child process on an exported template (no-answers.slow.test.ts):
//
//   node -r <template>/properties/cli/ts-hook.js answer-scan.ts <template> [extra file …]
//
// It loads every .ts and .js file under <template>/properties and
// <template>/web (and the extra files, for the test's controls), collects every function it can reach: each
// file's top-level functions, exported or not (a hook appends them to the
// module's exports as it compiles), and those inside exported objects. It calls
// each with every gradient step's arguments (in every order, up to 4 of them)
// on the exercise's generic cases; one whose answers all agree with the right
// ones is then graded by the step's own laws. It prints JSON: what it loaded,
// and each function that passes a step.

import fs from 'node:fs';
import os from 'node:os';
import Module from 'node:module';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import ts from 'typescript';

const template = path.resolve(process.argv[2]);
const extra = process.argv.slice(3).map((f) => path.resolve(f));
// The template's code outside katas/: the grader (properties/) and the web page's (web/, but its built copy).
const ROOTS = ['properties', 'web'].map((d) => path.join(template, d) + path.sep);
const scanned = (file: string) =>
  extra.includes(file) || (ROOTS.some((r) => file.startsWith(r)) && !/node_modules|[/\\]web[/\\]dist[/\\]/.test(file));

/**
 * A file as a library: its top-level statements that only run something (a command's main(), a worker's
 * listener) blanked out, keeping declarations and what the module exports; and its top-level functions'
 * names, declarations and consts holding a function.
 */
function asLibrary(file: string, text: string): { text: string; names: string[] } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false);
  const names: string[] = [];
  let kept = text;
  for (const s of source.statements) {
    if (ts.isFunctionDeclaration(s) && s.name) names.push(s.name.text);
    if (ts.isVariableStatement(s))
      for (const d of s.declarationList.declarations)
        if (
          ts.isIdentifier(d.name) &&
          d.initializer &&
          (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))
        )
          names.push(d.name.text);
    const exporting =
      ts.isExpressionStatement(s) &&
      (ts.isStringLiteral(s.expression) || /^(module\.)?exports\b/.test(s.expression.getText(source)));
    const runs = ts.isExpressionStatement(s) || ts.isIfStatement(s) || ts.isTryStatement(s) || ts.isBlock(s);
    if (runs && !exporting) {
      const start = s.getStart(source);
      kept = kept.slice(0, start) + kept.slice(start, s.end).replace(/[^\n]/g, ' ') + kept.slice(s.end);
    }
  }
  // A file that cannot load outside a browser (the page's, which builds its editor as it loads) is loaded again
  // with its top-level values left out, its functions kept: from the end, after the blanking above,
  // which keeps every length, so that positions stay right.
  if (valuesLeftOut.has(file))
    for (const s of [...source.statements].reverse())
      if (ts.isVariableStatement(s))
        for (const d of [...s.declarationList.declarations].reverse()) {
          const init = d.initializer;
          if (!init || ts.isArrowFunction(init) || ts.isFunctionExpression(init)) continue;
          const empty = ts.isObjectBindingPattern(d.name)
            ? '{}'
            : ts.isArrayBindingPattern(d.name)
              ? '[]'
              : 'undefined';
          kept = kept.slice(0, init.getStart(source)) + empty + kept.slice(init.end);
        }
  return { text: kept, names };
}

/** The files to load with their top-level values left out. */
const valuesLeftOut = new Set<string>();

// Every scanned file, compiled with its top-level functions appended to its exports as __scan__.
type Compiling = { _compile(code: string, file: string): void };
const hooks = require.extensions;
for (const ext of ['.ts', '.js']) {
  const previous = hooks[ext]!;
  hooks[ext] = (module, file) => {
    if (!scanned(file)) return previous(module, file);
    const { text, names } = asLibrary(file, fs.readFileSync(file, 'utf8'));
    // JavaScript too, for the web page's ES modules (its shims).
    const js =
      ext === '.ts' || /^\s*(import|export)\s/m.test(text)
        ? ts.transpileModule(text, {
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
            fileName: file,
          }).outputText
        : text;
    const tail = `\n;Object.defineProperty(module.exports, '__scan__', { value: { ${names.join(', ')} } });\n`;
    (module as unknown as Compiling)._compile(js + tail, file);
  };
}

const files = [
  ...ROOTS.flatMap((root) =>
    fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
      .map((f) => path.join(root, f))
      .filter(scanned),
  ),
  ...extra,
];

// Nothing the commands would read from the command line, and jest's globals for the grader's test file.
process.argv = process.argv.slice(0, 2);
Object.assign(globalThis, { describe: () => {}, test: () => {}, it: () => {}, expect: () => {} });
// The web page's modules load outside a browser: its page (web/src/index.html, in linkedom), a worker's globals,
// the constants web/build.js defines, and its virtual module of starting texts (empty: the template holds no
// answers to put there).
const page = fs.readFileSync(path.join(template, 'web/src/index.html'), 'utf8');
const { document, window } = parseHTML(page);
Object.assign(globalThis, {
  document,
  window,
  localStorage: { getItem: () => null, setItem: () => {}, removeItem: () => {} },
  MutationObserver: window.MutationObserver,
  requestAnimationFrame: () => 0,
  cancelAnimationFrame: () => {},
  getComputedStyle: () => ({}),
  ResizeObserver: class {
    observe() {}
    disconnect() {}
  },
  self: globalThis,
  location: { href: 'http://localhost/' },
  KATA_WEB_EXERCISES: undefined,
  KATA_WEB_ASSETS: [],
  KATA_WEB_VERSION: 'scan',
  postMessage: () => {},
  Worker: class {
    postMessage() {}
    terminate() {}
    addEventListener() {}
  },
});
const sourcesStub = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scan-')), 'sources.json');
fs.writeFileSync(sourcesStub, JSON.stringify({ katas: {}, solutions: {} }));
type Resolving = { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolveFilename = (Module as unknown as Resolving)._resolveFilename;
(Module as unknown as Resolving)._resolveFilename = function (request, ...rest) {
  return request === 'web:sources' ? sourcesStub : resolveFilename.call(this, request, ...rest);
};

// The template's own registry and engine, to know the steps and grade with their laws.
process.env.KATA_EXERCISES = 'all';
const req = Module.createRequire(path.join(template, 'properties', 'scan.js'));
const { ALL_EXERCISES } = req('./exercises/select.js') as typeof import('../exercises/select.js');
const { moduleOf } = req('./exercises/modules') as typeof import('../exercises/modules');
const { gradeOutcomes } = req('./engine') as typeof import('../engine');
const { inProcessStudent } = req('./sandbox/wire') as typeof import('../sandbox/wire');
const { settingsFromEnv } = req('./run') as typeof import('../run');

// Every function reachable: a file's __scan__ and its exports, into objects and arrays a few levels deep.
const found = new Map<(...a: unknown[]) => unknown, string>();
function collect(value: unknown, where: string, depth: number, seen: Set<unknown>) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
  seen.add(value);
  if (typeof value === 'function') {
    if (!/^class\b/.test(Function.prototype.toString.call(value)) && !found.has(value as never))
      found.set(value as never, where);
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (depth > 5 || (proto !== Object.prototype && proto !== null && !Array.isArray(value))) return;
  for (const key of Object.getOwnPropertyNames(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (d && 'value' in d) collect(d.value, `${where}.${key}`, depth + 1, seen);
  }
}
const loadErrors: string[] = [];
// Nothing loaded or called here waits for a timer (an editor's parser would run on after a failed load).
Object.assign(globalThis, { setTimeout: () => 0, setInterval: () => 0, setImmediate: () => 0 });
/** A file's exports, or, where it cannot load outside a browser, its exports with its top-level values left out. */
function load(file: string): { __scan__?: object } {
  try {
    return req(file) as { __scan__?: object };
  } catch {
    delete require.cache[file];
    valuesLeftOut.add(file);
    return req(file) as { __scan__?: object };
  }
}
for (const file of files) {
  try {
    const exported = load(file);
    const name = path.relative(template, file);
    collect(exported.__scan__, name, 0, new Set());
    collect(exported, name, 0, new Set());
  } catch (e) {
    loadErrors.push(`${path.relative(template, file)}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

const close = (got: unknown, want: unknown): boolean => {
  if (typeof want === 'number') return typeof got === 'number' && Math.abs(got - want) <= 1e-6 * (1 + Math.abs(want));
  if (Array.isArray(want))
    return Array.isArray(got) && got.length === want.length && want.every((w, i) => close(got[i], w));
  if (want && typeof want === 'object')
    return !!got && typeof got === 'object' && Object.entries(want).every(([k, w]) => close((got as never)[k], w));
  return false;
};
const orders = (n: number): number[][] => {
  if (n > 4) return [Array.from({ length: n }, (_, i) => i)];
  const all: number[][] = [];
  const grow = (p: number[]) =>
    p.length === n ? all.push(p) : [...Array(n).keys()].filter((i) => !p.includes(i)).forEach((i) => grow([...p, i]));
  grow([]);
  return all;
};

// Not called: async functions (a Promise answers no step) and those that do input and output (a command's main,
// a file writer): what they would start runs on after the scan; they are listed instead.
const IO =
  /listen|createServer|process\.(exit|stdin|stdout|stderr|on|kill|chdir)|spawn|execFile|Worker\b|setTimeout|setInterval|fs\.(write|append|rm|mkdir|copy|rename|watch|open|unlink|symlink)/;
const notCalled: string[] = [];
for (const [f, where] of found) {
  if (f.constructor.name === 'AsyncFunction' || IO.test(Function.prototype.toString.call(f))) {
    notCalled.push(where);
    found.delete(f);
  }
}
// What the functions print goes nowhere, and none ends the scan.
for (const name of ['log', 'error', 'warn', 'info'] as const) console[name] = () => {};
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write = () => true;
process.exit = (() => {
  throw new Error('process.exit');
}) as never;

const answering: { fn: string; function: string; order: number[] }[] = [];
// Those that give the right numbers on the generic cases, whatever the laws then say: an answer that fails only a
// side law (writes into its input, misses the stability law) still gives the answer away.
const agreeing: { fn: string; function: string; order: number[] }[] = [];
// A step whose answer is one of its arguments, copied (∂L/∂b = dLdy), is answered by any function that copies an
// array, which the grader needs (its wire decodes answers by copying): it is listed apart, not scanned.
const copies: string[] = [];
const steps = ALL_EXERCISES.flatMap((e) => e.functions.filter((f) => !f.forward).map((f) => f.name));
for (const fn of steps) {
  const module = moduleOf(fn);
  const answer = module.answers[fn] as { args: (c: unknown) => unknown[]; expected: (c: unknown) => unknown };
  const cases = module.genericCases().map((c) => ({ args: answer.args(c), expected: answer.expected(c) }));
  if (cases[0].args.some((_, k) => cases.every(({ args, expected }) => close(args[k], expected)))) {
    copies.push(fn);
    continue;
  }
  for (const [f, where] of found) {
    for (const order of orders(cases[0].args.length)) {
      const agrees = cases.every(({ args, expected }) => {
        try {
          return close(f(...order.map((i) => structuredClone(args[i]))), expected);
        } catch {
          return false;
        }
      });
      if (!agrees) continue;
      agreeing.push({ fn, function: where, order });
      const student = inProcessStudent({ [fn]: (...args: unknown[]) => f(...order.map((i) => args[i])) });
      const outcomes = gradeOutcomes(student, fn as never, settingsFromEnv());
      if (outcomes.every(({ outcome }) => outcome.status === 'passed')) answering.push({ fn, function: where, order });
    }
  }
}

write(
  JSON.stringify({
    files: files.length,
    functions: found.size,
    steps,
    copies,
    loadErrors,
    valuesLeftOut: [...valuesLeftOut].map((f) => path.relative(template, f)),
    notCalled,
    agreeing,
    answering,
  }),
);
