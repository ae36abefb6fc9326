#!/usr/bin/env node
// @ts-check
// A class roster, for grading on GitHub Actions (.github/workflows/grade-roster.yml):
// one student repository a line, as owner/name ('#' starts a comment).
//   node properties/cli/roster.js chunks <roster> [--size N]          the chunk numbers, as JSON: [0,1,2]
//   node properties/cli/roster.js repos <roster> --chunk K [--size N] chunk K's repositories, one a line
// Names are checked, so that nothing else reaches a shell.

'use strict';

const fs = require('node:fs');
const { parseArgs } = require('node:util');

/** Repositories a chunk holds by default: a batch of 25 takes about 15 s on GitHub's 2-core runners. */
const SIZE = 25;
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/** The roster's repositories, in order, each once. @param {string} text @returns {string[]} */
function parseRoster(text) {
  /** @type {string[]} */
  const repos = [];
  for (const [k, raw] of text.split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    if (!NAME.test(line) || line.includes('..')) throw new Error(`roster line ${k + 1}: '${line}' is not owner/name`);
    if (!repos.includes(line)) repos.push(line);
  }
  return repos;
}

/** The repositories in chunks of `size`. @param {string[]} repos @param {number} size */
const chunksOf = (repos, size) =>
  Array.from({ length: Math.ceil(repos.length / size) }, (_, k) => repos.slice(k * size, (k + 1) * size));

function main() {
  const { values, positionals } = parseArgs({
    options: { size: { type: 'string' }, chunk: { type: 'string' } },
    allowPositionals: true,
  });
  const [command, file] = positionals;
  const size = values.size === undefined ? SIZE : Number(values.size);
  if (!(Number.isSafeInteger(size) && size > 0))
    throw new Error(`--size must be a whole number above 0, got '${values.size}'`);
  if (!file) throw new Error('usage: roster.js chunks|repos <roster> [--chunk K] [--size N]');
  const chunks = chunksOf(parseRoster(fs.readFileSync(file, 'utf8')), size);
  if (command === 'chunks') return console.log(JSON.stringify(chunks.map((_, k) => k)));
  const k = Number(values.chunk);
  if (command !== 'repos' || !Number.isSafeInteger(k) || !chunks[k]) throw new Error(`no chunk '${values.chunk}'`);
  console.log(chunks[k].join('\n'));
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  }
}

module.exports = { parseRoster, chunksOf };
