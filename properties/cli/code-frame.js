// @ts-check
// A line of source with a caret under a column, as compilers show an error.

'use strict';

/**
 * The line `line` (from 1) of source, numbered, with a caret under column `column` (from 1).
 * @param {string} source @param {number} line @param {number} column
 */
function codeFrame(source, line, column) {
  const text = (source.split('\n')[line - 1] ?? '').replace(/\t/g, ' ').replace(/\r$/, '');
  const gutter = String(line).length;
  return [
    `  ${String(line)} | ${text}`,
    `  ${' '.repeat(gutter)} | ${' '.repeat(Math.max(0, Math.min(column - 1, text.length)))}^`,
  ].join('\n');
}

module.exports = { codeFrame };
