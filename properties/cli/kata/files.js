// @ts-check
// npm run kata's files: watching the kata folder for saves, and putting one
// function back to its stub when the student asks (key r, then y).

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { FILES, FUNCTIONS, stubBody } = require('../../layout');

/**
 * Calls onSave after a kata file is saved, once the saving settles (editors
 * write in bursts).
 * @param {string} dir @param {() => void} onSave
 */
function watchSaves(dir, onSave) {
  /** @type {NodeJS.Timeout | undefined} */
  let settle;
  fs.watch(dir, (_event, file) => {
    if (!file || !(file in FILES)) return;
    clearTimeout(settle);
    settle = setTimeout(onSave, 80);
  });
}

/**
 * The text of kata file `file` with the body of function fn replaced by its
 * stub's, as the kata file first had it (the registry's TODO and the throw the
 * grader reads as "not implemented"). Its signature is kept. Returns the new
 * text, or what went wrong. Plain data in and out: the web page's reset uses it too.
 * @param {string} source @param {string} file @param {string} fn
 * @returns {{ text: string } | { problem: string }}
 */
function withStub(source, file, fn) {
  const ts = require('typescript');
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  /** @type {import('typescript').Node | undefined} */
  let body;
  const visit = (/** @type {import('typescript').Node} */ node) => {
    if (ts.isFunctionDeclaration(node) && node.name?.text === fn && node.body) body = node.body;
    else if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === fn &&
      node.initializer
    ) {
      const init = node.initializer;
      if ((ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && ts.isBlock(init.body)) body = init.body;
    }
    if (!body) ts.forEachChild(node, visit);
  };
  visit(tree);
  if (!body) return { problem: `no function ${fn} with a body in braces was found in ${file}` };
  const stub = stubBody(fn, FUNCTIONS[fn].todo);
  return { text: source.slice(0, body.getStart(tree)) + stub + source.slice(body.getEnd()) };
}

/**
 * Puts function fn of dir/file back to its stub (withStub). Returns what went wrong, or undefined.
 * @param {string} dir @param {string} file @param {string} fn
 */
function resetToStub(dir, file, fn) {
  const full = path.join(dir, file);
  const done = withStub(fs.readFileSync(full, 'utf8'), file, fn);
  if ('problem' in done) return done.problem;
  fs.writeFileSync(full, done.text);
  return undefined;
}

module.exports = { watchSaves, resetToStub, withStub };
