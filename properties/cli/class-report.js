// @ts-check
// What the class got wrong: class-report.html, one self-contained page (no
// network, no script, no font to fetch) written beside every gradebook, and
// the same summary in Markdown (class-report.md, and the job summary on
// GitHub Actions). Its charts are drawn by Observable Plot on a server-side
// DOM (linkedom) into inline SVG, each bar titled with its count.

'use strict';

const { parseHTML } = require('linkedom');
const { htmlText: html, markdownCell: md } = require('../escape');
const { FILES } = require('../layout');

/** @typedef {import('./gradebook').Gradebook} Gradebook */
/** @typedef {import('./gradebook').Row} Row */

const STATUSES = /** @type {const} */ (['passed', 'failed', 'timeout', 'error', 'not-implemented']);
const STATUS_WORDS = {
  passed: 'passed',
  failed: 'failed',
  timeout: 'timed out',
  error: 'did not load',
  'not-implemented': 'not implemented',
};

/** The facts of a class, as the page and the Markdown show them. @param {Gradebook} book */
function classFacts(book) {
  const names = Object.values(FILES).flat();
  const maxScore = book.submissions[0]?.maxScore ?? 0;
  // A repository the roster could not fetch has no marks to count: it is listed apart.
  const marked = book.submissions.filter((r) => r.fetch?.status !== 'not-fetched');
  const scores = Array.from({ length: maxScore + 1 }, (_, score) => ({
    score,
    count: marked.filter((r) => r.score === score).length,
  }));
  const byFunction = names.flatMap((fn) =>
    STATUSES.map((status) => ({
      fn,
      status: STATUS_WORDS[status],
      count: marked.filter((r) => (r.functions[fn]?.status ?? 'error') === status).length,
    })),
  );
  // Failures no misconception names (an overflow, a write into an input, a finite-difference answer), by law.
  /** @type {Map<string, { fn: string, law: string, students: string[] }>} */
  const unnamed = new Map();
  for (const r of marked)
    for (const [fn, f] of Object.entries(r.functions)) {
      if (f.status !== 'failed' || f.diagnosisCode || !f.law) continue;
      const key = `${fn}\u0000${f.law}`;
      const u = unnamed.get(key) ?? { fn, law: f.law, students: [] };
      u.students.push(r.submission);
      unnamed.set(key, u);
    }
  const byLaw = [...unnamed.values()].sort((a, b) => b.students.length - a.students.length);
  /** @type {Map<string, { code: string, fn: string, says: string, students: string[], input?: string }>} */
  const seen = new Map();
  for (const r of book.submissions) {
    for (const [fn, f] of Object.entries(r.functions)) {
      if (!f.diagnosisCode) continue;
      const m = seen.get(f.diagnosisCode) ?? {
        code: f.diagnosisCode,
        fn,
        says: f.diagnosis ?? '',
        students: [],
        input: f.input,
      };
      m.students.push(r.submission);
      seen.set(f.diagnosisCode, m);
    }
  }
  const misconceptions = [...seen.values()].sort(
    (a, b) => b.students.length - a.students.length || (a.code < b.code ? -1 : 1),
  );
  const troubled = book.submissions.filter((r) => r.notes);
  return { names, maxScore, scores, byFunction, misconceptions, byLaw, troubled, marked };
}

/**
 * The charts, as inline SVG: the distribution of totals, and each function's statuses.
 * @param {ReturnType<typeof classFacts>} facts
 */
async function charts(facts) {
  const Plot = await import('@observablehq/plot');
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const scores = Plot.plot({
    document,
    width: 640,
    height: 260,
    x: { label: 'points', tickFormat: (/** @type {number} */ d) => String(d) },
    y: {
      label: 'submissions',
      grid: true,
      tickFormat: (/** @type {number} */ d) => (Number.isInteger(d) ? String(d) : ''),
    },
    marks: [
      Plot.barY(facts.scores, {
        x: 'score',
        y: 'count',
        fill: '#4c78a8',
        title: (/** @type {{ score: number, count: number }} */ d) => `${d.score} points: ${d.count}`,
      }),
      Plot.ruleY([0]),
    ],
  });
  const functions = Plot.plot({
    document,
    width: 640,
    height: 40 + 28 * facts.names.length,
    marginLeft: 120,
    x: {
      label: 'submissions',
      grid: true,
      tickFormat: (/** @type {number} */ d) => (Number.isInteger(d) ? String(d) : ''),
    },
    y: { label: null, domain: facts.names },
    color: {
      legend: true,
      domain: Object.values(STATUS_WORDS),
      range: ['#54a24b', '#e45756', '#f58518', '#b279a2', '#bab0ac'],
    },
    marks: [
      Plot.barX(facts.byFunction, {
        y: 'fn',
        x: 'count',
        fill: 'status',
        title: (/** @type {{ fn: string, status: string, count: number }} */ d) => `${d.fn} ${d.status}: ${d.count}`,
      }),
    ],
  });
  return { scores: scores.outerHTML, functions: functions.outerHTML };
}

/** class-report.html for a gradebook. @param {Gradebook} book @returns {Promise<string>} */
async function classReportHtml(book) {
  const facts = classFacts(book);
  const svg = await charts(facts);
  const n = book.submissions.length;
  const misconceptionRows = facts.misconceptions
    .map(
      (m) =>
        `<tr><td class="count">${m.students.length}</td><td>${html(m.fn)}</td><td><code>${html(m.code)}</code><br>${html(m.says)}</td>` +
        `<td>${m.students.map(html).join(', ')}</td><td><code>${html(m.input ?? '')}</code></td></tr>`,
    )
    .join('\n');
  const lawRows = facts.byLaw
    .map(
      (u) =>
        `<tr><td class="count">${u.students.length}</td><td>${html(u.fn)}</td><td>${html(u.law)}</td><td>${u.students.map(html).join(', ')}</td></tr>`,
    )
    .join('\n');
  const troubleRows = facts.troubled
    .map((r) => `<tr><td>${html(r.submission)}</td><td>${html(r.notes)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Class report: ${n} submissions</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #222; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.5em; text-align: left; vertical-align: top; }
td.count { text-align: right; font-weight: bold; }
code { font-size: 0.9em; }
.meta { color: #666; }
</style>
</head>
<body>
<h1>Class report</h1>
<p class="meta">${n} submission${n === 1 ? '' : 's'}; seed ${html(String(book.seed))}; grader ${html(book.graderVersion)}; sandbox ${html(book.sandbox)}.</p>
<h2>Total scores</h2>
<figure id="scores">${svg.scores}</figure>
<h2>Each function</h2>
<figure id="functions">${svg.functions}</figure>
<h2>Misconceptions, most frequent first</h2>
${
  facts.misconceptions.length === 0
    ? '<p>No answer matched a known misconception.</p>'
    : `<table id="misconceptions"><thead><tr><th>students</th><th>function</th><th>misconception</th><th>who</th><th>a failing input</th></tr></thead>\n<tbody>\n${misconceptionRows}\n</tbody></table>`
}
<h2>Failures no misconception names, by law</h2>
${lawRows ? `<table id="laws"><thead><tr><th>students</th><th>function</th><th>first failing law</th><th>who</th></tr></thead>\n<tbody>\n${lawRows}\n</tbody></table>` : '<p>None.</p>'}
<h2>Submissions that timed out, crashed, did not load or were not fetched</h2>
${troubleRows ? `<table id="trouble"><thead><tr><th>submission</th><th>why</th></tr></thead>\n<tbody>\n${troubleRows}\n</tbody></table>` : '<p>None.</p>'}
</body>
</html>
`;
}

/** The same summary in Markdown. @param {Gradebook} book */
function classReportMarkdown(book) {
  const facts = classFacts(book);
  const n = book.submissions.length;
  const totals = facts.marked.map((r) => r.score).sort((a, b) => a - b);
  const median = totals.length ? totals[Math.floor((totals.length - 1) / 2)] : 0;
  const lines = [
    `## Class report: ${n} submission${n === 1 ? '' : 's'}`,
    '',
    `Seed ${md(book.seed)}, grader ${md(book.graderVersion)}, sandbox ${md(book.sandbox)}. Median score ${median}/${facts.maxScore}.`,
    '',
    '| points | submissions |',
    '| --- | --- |',
    ...facts.scores.filter((s) => s.count > 0).map((s) => `| ${s.score} | ${s.count} |`),
    '',
    `| function | ${Object.values(STATUS_WORDS).join(' | ')} |`,
    `| --- | ${Object.values(STATUS_WORDS)
      .map(() => '---')
      .join(' | ')} |`,
    ...facts.names.map(
      (fn) =>
        `| ${fn} | ${Object.values(STATUS_WORDS)
          .map((w) => facts.byFunction.find((b) => b.fn === fn && b.status === w)?.count ?? 0)
          .join(' | ')} |`,
    ),
  ];
  if (facts.misconceptions.length > 0) {
    lines.push('', '| students | misconception | who |', '| --- | --- | --- |');
    for (const m of facts.misconceptions)
      lines.push(`| ${m.students.length} | ${md(`${m.code}: ${m.says}`)} | ${md(m.students.join(', '))} |`);
  }
  if (facts.byLaw.length > 0) {
    lines.push('', '| students | failing with no misconception named, by law | who |', '| --- | --- | --- |');
    for (const u of facts.byLaw)
      lines.push(`| ${u.students.length} | ${md(`${u.fn}: ${u.law}`)} | ${md(u.students.join(', '))} |`);
  }
  if (facts.troubled.length > 0) {
    lines.push('', '| submission | timed out, crashed, did not load or was not fetched |', '| --- | --- |');
    for (const r of facts.troubled) lines.push(`| ${md(r.submission)} | ${md(r.notes)} |`);
  }
  return lines.join('\n') + '\n';
}

module.exports = { classReportHtml, classReportMarkdown, classFacts };
