// @ts-check
// Student-controlled text (thrown messages, printed output, last words,
// source lines, folder names) written into each output format, through that
// format's one escaper. Every report writes student text only through these:
//
//   terminalLine   a terminal or a log, one line: no control character is live
//   csvCell        a spreadsheet cell: quoted, never a formula
//   htmlText       HTML text and double-quoted attributes
//   markdownCell   a Markdown table cell (a job summary, class-report.md): a code span, so nothing is a link,
//                  an image, HTML or emphasis
//   xmlText        XML text and attributes (JUnit)
//   workflowData   the message of a GitHub workflow command; workflowProperty a property's value
//   codeFrame      a line of source with a caret under a column, built from a cut line
//
// Plain JavaScript, so that the command line loads it without a TypeScript loader.

'use strict';

/** The widest line any report shows of student text; longer is cut, with an ellipsis. */
const MAX_LINE = 400;

/**
 * Control characters (C0, DEL, C1), the format characters that can make text
 * read other than it is (bidirectional overrides and isolates, zero-width
 * joiners, the byte order mark, line and paragraph separators), the two
 * noncharacters XML forbids, and halves of a surrogate pair standing alone.
 */
const CONTROL =
  // eslint-disable-next-line no-control-regex -- the point is to find them
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * GitHub's runner also reads the older workflow commands, `##[error]…`,
 * anywhere in a line of the log: the second # is shown as its escape.
 */
const OLD_COMMAND = /##\[/g;

/** A control character as visible text: ESC as \x1b, U+202E as \u202e. @param {string} c */
const visible = (c) => {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * One line of plain, printable text: line breaks become ' ⏎ ', every other
 * control character its visible escape, and more than `max` characters are cut.
 * @param {unknown} text @param {number} [max]
 */
function plainLine(text, max = MAX_LINE) {
  const s = String(text);
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  return cut
    .replace(/\r\n|\r|\n/g, ' ⏎ ')
    .replace(CONTROL, visible)
    .replace(OLD_COMMAND, '#\\x23[');
}

/** Text for a terminal: each line made plain (our own line breaks kept). @param {string} text */
const terminalText = (text) =>
  String(text)
    .split('\n')
    .map((l) => plainLine(l, 4 * MAX_LINE))
    .join('\n');

/** A line for a terminal. @param {unknown} text @param {number} [max] */
const terminalLine = (text, max) => plainLine(text, max);

/**
 * A CSV cell: made plain, quoted when it must be, and never a formula (a leading
 * = + - @ gets a ' in front, as OWASP advises).
 * @param {unknown} text
 */
const csvCell = (text) => {
  const plain = String(text)
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(CONTROL, (c) => (c === '\n' ? c : visible(c)))
    .replace(OLD_COMMAND, '#\\x23[');
  const safe = /^[=+\-@\t\r]/.test(plain) ? `'${plain}` : plain;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** HTML text, and the value of a double- or single-quoted attribute. @param {unknown} text */
const htmlText = (text) =>
  plainLine(text, 4 * MAX_LINE)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** XML text and attributes (JUnit): as HTML, and no character XML 1.0 forbids. @param {unknown} text */
const xmlText = (text) => htmlText(text);

/**
 * A Markdown table cell: a code span, fenced by more backticks than the text
 * holds in a row, so that no link, image, autolink, HTML or emphasis in it is
 * live. A pipe would end the cell even inside the span (an escaped one is read
 * differently by different renderers): it is shown as │.
 * @param {unknown} text
 */
function markdownCell(text) {
  const plain = plainLine(text).replace(/\|/g, '│');
  if (plain.trim() === '') return '';
  const longest = Math.max(0, ...(plain.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = plain.startsWith('`') || plain.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${plain}${pad}${fence}`;
}

/** The message of a GitHub workflow command (::error::message). @param {unknown} text */
const workflowData = (text) =>
  String(text)
    .replace(CONTROL, (c) => (c === '\n' || c === '\r' ? c : visible(c)))
    .replace(OLD_COMMAND, '#\\x23[')
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A');

/** A property's value in a GitHub workflow command (file=…,title=…). @param {unknown} text */
const workflowProperty = (text) => workflowData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * The line `line` (from 1) of source, numbered, with a caret under column
 * `column` (from 1): at most `width` characters of the line, around the
 * column, made plain. Built from the cut line, never the whole one.
 * @param {string} source @param {number} line @param {number} column @param {number} [width]
 */
function codeFrame(source, line, column, width = 100) {
  let start = 0;
  for (let k = 1; k < line && start >= 0; k++) {
    const next = source.indexOf('\n', start);
    start = next < 0 ? -1 : next + 1;
  }
  const end = start < 0 ? -1 : source.indexOf('\n', start);
  const whole = start < 0 ? '' : source.slice(start, end < 0 ? undefined : Math.min(end, start + column + width));
  const from = Math.max(0, column - 1 - Math.floor(width / 2));
  const cut = whole.slice(from, from + width).replace(/\r$/, '');
  const text = cut.replace(/\t/g, ' ').replace(CONTROL, '?');
  const gutter = String(line).length;
  const lead = from > 0 ? '…' : '';
  const caret = Math.max(0, Math.min(column - 1 - from, text.length)) + lead.length;
  return [`  ${String(line)} | ${lead}${text}`, `  ${' '.repeat(gutter)} | ${' '.repeat(caret)}^`].join('\n');
}

module.exports = {
  MAX_LINE,
  plainLine,
  terminalLine,
  terminalText,
  csvCell,
  htmlText,
  xmlText,
  markdownCell,
  workflowData,
  workflowProperty,
  codeFrame,
};
