#!/usr/bin/env node
// @ts-check
// `npm run web`: builds the kata as a static site into web/dist/ (git ignores
// it), from the same modules as npm run grade and npm run kata, bundled by
// esbuild: the page (editor, steps, verdicts), the judge worker (the engine
// and TypeScript's compiler), the student worker (host.js's invoke and the
// student's code), and a service worker that keeps the site offline and adds
// the headers headers.js names where the host cannot. `npm run web -- --serve`
// then serves it on http://localhost:8080 (--port to change).
// The assignment is KATA_EXERCISES, every exercise by default (as npm run kata).

'use strict';

process.env.KATA_EXERCISES ||= 'all';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { parseArgs } = require('node:util');
const esbuild = require('esbuild');
const { ROOT, ALL_EXERCISES } = require('../properties/layout');
const { selectExercises } = require('../properties/exercises/select');
const { PAGE_POLICY } = require('./headers');

const OUT = path.join(__dirname, 'dist');
const SRC = path.join(__dirname, 'src');
const SHIMS = path.join(__dirname, 'shims');

/** The kata files the page starts from (katas/, as the repository has them) and the reference answers, if any. */
function sources() {
  const read = (/** @type {string} */ dir, /** @type {string} */ file) => {
    const full = path.join(ROOT, dir, file);
    return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
  };
  // The assignment read now, not layout.js's FILES, which a module loaded before this one may have fixed already.
  const files = selectExercises(process.env.KATA_EXERCISES).map((e) => e.file);
  const katas = Object.fromEntries(files.map((f) => [f, read('katas', f) ?? '']));
  // Every exercise's answer the repository holds (the student template holds none).
  const solutions = Object.fromEntries(
    ALL_EXERCISES.flatMap((e) => {
      const text = read('solutions', e.file);
      return text === undefined ? [] : [[e.file, text]];
    }),
  );
  return { katas, solutions };
}

/** @type {import('esbuild').Plugin} */
const sourcesPlugin = {
  name: 'web-sources',
  setup(build) {
    build.onResolve({ filter: /^web:sources$/ }, () => ({ path: 'web:sources', namespace: 'web-sources' }));
    build.onLoad({ filter: /.*/, namespace: 'web-sources' }, () => ({
      contents: JSON.stringify(sources()),
      loader: 'json',
    }));
  },
};

const NODE_ONLY = ['child_process', 'os', 'crypto', 'module', 'util', 'worker_threads', 'url', 'zlib'];

/**
 * One bundle. `fs` is the page's storage in the page, nothing in the workers.
 * @param {string} entry @param {string} out @param {{ dirname: string, fs: string, define?: Record<string, string> }} o
 */
function bundle(entry, out, o) {
  return esbuild.build({
    entryPoints: [path.join(SRC, entry)],
    outfile: path.join(OUT, out),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    inject: [path.join(SHIMS, 'process.js')],
    define: {
      __dirname: JSON.stringify(o.dirname),
      KATA_WEB_EXERCISES: JSON.stringify(process.env.KATA_EXERCISES),
      ...o.define,
    },
    alias: {
      'node:path': 'path-browserify',
      path: 'path-browserify',
      'node:fs': path.join(SHIMS, o.fs),
      ...Object.fromEntries(NODE_ONLY.map((m) => [`node:${m}`, path.join(SHIMS, 'empty.js')])),
    },
    plugins: [sourcesPlugin],
  });
}

/** What the site weighs: each file, raw and gzipped. @returns {{ file: string, bytes: number, gzip: number }[]} */
function weight() {
  return fs
    .readdirSync(OUT)
    .filter((f) => f !== 'weight.json')
    .map((file) => {
      const data = fs.readFileSync(path.join(OUT, file));
      return { file, bytes: data.length, gzip: zlib.gzipSync(data, { level: 9 }).length };
    });
}

async function build() {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  // The page's files, and the learner's storage for .kata-state.json; the workers', with nothing of Node's.
  await Promise.all([
    bundle('page/main.ts', 'page.js', { dirname: '/properties', fs: 'fs.js' }),
    bundle('judge/worker.ts', 'judge.js', { dirname: '/properties', fs: 'empty.js' }),
    // host.js names a thrown error's place by its folder: the student worker's files seem to sit in /kata.
    bundle('student/worker.ts', 'student.js', { dirname: '/kata', fs: 'empty.js' }),
  ]);
  const html = fs
    .readFileSync(path.join(SRC, 'index.html'), 'utf8')
    .replace('%POLICY%', PAGE_POLICY.replace(/"/g, '&quot;'));
  fs.writeFileSync(path.join(OUT, 'index.html'), html);
  fs.copyFileSync(path.join(SRC, 'style.css'), path.join(OUT, 'style.css'));
  // The service worker last: it caches every other file, under a name that changes with their contents.
  const assets = fs.readdirSync(OUT).sort();
  const version = crypto.createHash('sha256');
  for (const f of assets) version.update(f).update(fs.readFileSync(path.join(OUT, f)));
  await bundle('sw.ts', 'sw.js', {
    dirname: '/properties',
    fs: 'empty.js',
    define: {
      KATA_WEB_ASSETS: JSON.stringify(['./', ...assets]),
      KATA_WEB_VERSION: JSON.stringify(version.digest('hex').slice(0, 12)),
    },
  });
  const files = weight();
  fs.writeFileSync(path.join(OUT, 'weight.json'), JSON.stringify(files, null, 2) + '\n');
  return files;
}

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      serve: { type: 'boolean' },
      port: { type: 'string', default: '8080' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('npm run web [-- --serve [--port 8080]]: builds the kata as a web page into web/dist/, and serves it');
    return;
  }
  const files = await build();
  const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;
  const total = files.reduce((s, f) => ({ bytes: s.bytes + f.bytes, gzip: s.gzip + f.gzip }), { bytes: 0, gzip: 0 });
  for (const f of files) console.log(`  ${f.file.padEnd(12)} ${kb(f.bytes).padStart(10)}  gzipped ${kb(f.gzip)}`);
  console.log(`built web/dist/: ${kb(total.bytes)}, gzipped ${kb(total.gzip)}`);
  if (values.serve) {
    const { serve } = require('./serve');
    const server = await serve(OUT, Number(values.port));
    const address = /** @type {import('node:net').AddressInfo} */ (server.address());
    console.log(`serving the kata on http://localhost:${address.port}/ (Ctrl-C to stop)`);
  }
}

if (require.main === module)
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });

module.exports = { build, OUT };
