#!/usr/bin/env node
// @ts-check
// Writes katas/README.md, the learner's guide, from the exercise registry's steps:
// one copy of every statement, formula and hint (npm run kata shows the
// same). `npm run steps` rewrites it; `--check` fails when it is stale.

'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { ALL_EXERCISES } = require('../exercises/select');
const { ROOT } = require('../layout');
const OUT = path.join(ROOT, 'katas/README.md');

/** @typedef {import('../layout').Step} Step */

/** The learner's steps, every exercise's in turn (properties/exercises/<name>/exercise.json). @returns {Step[]} */
function steps() {
  return ALL_EXERCISES.flatMap((e) => e.steps.map((s) => ({ ...s, file: e.file })));
}

function render() {
  const all = steps();
  const lines = [
    '# The katas, step by step',
    '',
    '<!-- Generated from properties/exercises/*/exercise.json by `npm run steps`: edit those, not this file. -->',
    '',
    'Run `npm run kata` and keep it open while you work: it re-grades on every save,',
    'shows the step you are on, and gives hints one at a time (press `h`).',
    '`npm run grade` grades everything at once. The mathematics is in the',
    "repository's README.",
    '',
    `There are ${all.length} steps. Each is one function (a stability step is every`,
    'function of its file, made right where exp overflows) and has a `// TODO:`',
    'marker where you write it.',
    '',
  ];
  all.forEach((s, k) => {
    lines.push(
      `## Step ${k + 1}. ${s.title}`,
      '',
      `Write \`${s.functions.join('`, `')}\` in \`katas/${s.file}\`${s.group === 'stability' ? ' (again)' : ''}.`,
      '',
      s.statement,
      '',
      ...(s.formula ? [`    ${s.formula}`, ''] : []),
      '<details><summary>Hints, from a nudge to nearly the answer</summary>',
      '',
      ...s.hints.map((h, j) => `${j + 1}. ${h}`),
      '</details>',
      '',
    );
  });
  return lines.join('\n');
}

module.exports = { steps, render };

if (require.main === module) {
  const text = render();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
    if (current !== text) {
      console.error('katas/README.md is stale: run npm run steps');
      process.exit(1);
    }
  } else {
    fs.writeFileSync(OUT, text);
    console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
  }
}
