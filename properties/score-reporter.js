// @ts-check
// The jest reporter of `npm run grade`: every failing law explained, then the
// score table. Plain JavaScript because jest loads reporters untransformed;
// tsc still type-checks it (checkJs). A function earns its core points when
// all its core laws hold and its stability points when its stability law
// holds; points.json says how many.

'use strict';

const points = require('./points.json');

/** @typedef {import('@jest/test-result').AggregatedResult} AggregatedResult */
/** @typedef {import('@jest/test-result').AssertionResult} AssertionResult */
/**
 * @typedef {{ status: string, message: string, why: string, input?: string,
 *   expected?: string, yours?: string, replay: string }} FailureReport
 */

/** @param {AssertionResult} a @returns {FailureReport} */
function failureOf(a) {
  const detail = /** @type {{ report?: FailureReport } | undefined} */ (a.failureDetails[0]);
  if (detail && detail.report) return detail.report;
  // Not thrown by grade.ts: a bug in the grader itself, shown as jest saw it.
  return { status: 'error', message: a.failureMessages.join('\n'), why: '', replay: '' };
}

/** @param {string} text @param {number} width */
const pad = (text, width) => text + ' '.repeat(Math.max(0, width - text.length));

/** @param {FailureReport} f @param {boolean} full */
function describeFailure(f, full) {
  const lines = [`      ${f.message}`];
  if (full) {
    if (f.why) lines.push(`      why:      ${f.why}`);
    if (f.input) lines.push(`      input:    ${f.input}`);
    if (f.expected !== undefined) lines.push(`      expected: ${f.expected}`);
    if (f.yours !== undefined) lines.push(`      yours:    ${f.yours}`);
  }
  if (f.replay) lines.push(`      replay:   ${f.replay}`);
  return lines.join('\n');
}

class ScoreReporter {
  /** @param {unknown} _globalConfig @param {unknown} _options */
  constructor(_globalConfig, _options) {}

  /** @param {unknown} _contexts @param {AggregatedResult} results */
  onRunComplete(_contexts, results) {
    const out = [''];
    /** @type {Map<string, AssertionResult[]>} */
    const byFunction = new Map();
    for (const file of results.testResults) {
      if (file.testExecError) {
        out.push(`The grader could not run: ${file.testExecError.message}`);
      }
      for (const a of file.testResults) {
        const fn = a.ancestorTitles[0];
        if (!byFunction.has(fn)) byFunction.set(fn, []);
        /** @type {AssertionResult[]} */ (byFunction.get(fn)).push(a);
      }
    }

    /** @type {string[][]} */
    const rows = [];
    /** @type {Map<string, string[]>} */
    const unusableBecause = new Map();
    let score = 0;
    let maxScore = 0;
    let skipped = 0;
    for (const [fn, laws] of byFunction) {
      const ran = laws.filter((a) => a.status === 'passed' || a.status === 'failed');
      skipped += laws.length - ran.length;
      if (ran.length === 0) continue;
      const failed = ran.filter((a) => a.status === 'failed');
      const failures = failed.map(failureOf);
      const notImplemented = failures.length === ran.length && failures.every((f) => f.status === 'not-implemented');
      // A file that did not load, or a missing export: one reason for every law of the function.
      const unusable = failures.length === ran.length && failures.every((f) => f.status === 'error' && f.message === failures[0].message);
      /** @type {Record<string, number>} */
      const worth = /** @type {Record<string, Record<string, number>>} */ (points)[fn] || { core: 0 };
      let earned = 0;
      let possible = 0;
      for (const group of Object.keys(worth)) {
        const inGroup = ran.filter((a) => (a.ancestorTitles[1] || 'core') === group);
        if (inGroup.length === 0) continue;
        possible += worth[group];
        if (inGroup.every((a) => a.status === 'passed')) earned += worth[group];
      }
      score += earned;
      maxScore += possible;

      let state = failed.length === 0 ? 'all laws hold' : `${failed.length} law${failed.length === 1 ? ' fails' : 's fail'}`;
      if (notImplemented) {
        state = 'not implemented';
        out.push(`○ ${fn}: not implemented yet (remove the throw in ${fn} and write it)`);
      } else if (unusable) {
        state = 'cannot be graded';
        const fns = unusableBecause.get(failures[0].message) || [];
        unusableBecause.set(failures[0].message, [...fns, fn]);
      } else if (failed.length > 0) {
        out.push(`✗ ${fn}: ${state}`);
        failed.forEach((a, k) => {
          const group = a.ancestorTitles[1] ? `[${a.ancestorTitles[1]}] ` : '';
          out.push(`  ✗ ${group}${a.title}`);
          out.push(describeFailure(failures[k], k === 0));
        });
        out.push('');
      }
      rows.push([fn, `${ran.length - failed.length}/${ran.length}`, `${earned}/${possible}`, state]);
    }

    for (const [reason, fns] of unusableBecause) out.push(`✗ ${fns.join(', ')}: cannot be graded: ${reason}`, '');

    const widths = [18, 12, 8];
    out.push('');
    out.push(pad('function', widths[0]) + pad('laws held', widths[1]) + pad('points', widths[2]));
    for (const [fn, held, pts, state] of rows) {
      out.push(pad(fn, widths[0]) + pad(held, widths[1]) + pad(pts, widths[2]) + state);
    }
    out.push(pad('total', widths[0] + widths[1]) + `${score}/${maxScore}`);
    if (skipped > 0) out.push(`(${skipped} laws were not run: this was a partial run, not a grade)`);
    const passed = results.numPassedTests;
    const failedCount = results.numFailedTests;
    out.push('');
    out.push(`Score: ${score}/${maxScore} points. Laws: ${passed} passed, ${failedCount} failed`);
    process.stdout.write(out.join('\n') + '\n');
  }
}

module.exports = ScoreReporter;
