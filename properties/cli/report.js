// @ts-check
// The grade of one folder as a report (the JSON schema below), and that
// report as text for a person, JSON, JUnit XML, a Gradescope results.json,
// and GitHub Actions' job summary and annotations.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { POINTS: points } = require('../layout');
const { ALL_LAYERS } = require('../sandbox/layers.js');
const { markdownCell, terminalText, workflowData, workflowProperty, xmlText } = require('../escape');
const { glossaryWords, leadingFailures } = require('../glossary');

// The report schema, "backprop-kata/report@1" (what --json writes):
//   schema              "backprop-kata/report@1"
//   dir                 the folder graded (absolute)
//   seed, runs          KATA_SEED and KATA_RUNS of the run
//   score, maxScore     points earned and possible
//   passed              true only if every law held, at least one ran, and no grader file was modified
//   graderFilesModified trusted files whose hash differs from properties/manifest.json
//   lawsRun, partial    how many laws ran; true when a -t filter picked some of them
//   seconds             wall time of the grading
//   sandbox             { layers, missing }: the sandbox layers the student's code ran under,
//                       and those this machine could not provide (README: "The sandbox")
//   functions[]         name, file, status, points, maxPoints, properties[]
//     properties[]      name (the law), code (short and stable: 'linearGradW/is-linear-in-dldy'),
//                       group ('core' | 'stability'), status, message
//                       (plain words, '' when passed), seed, replay (the command that
//                       replays the failing case, '' when passed), and for failures
//                       why, glossary (where the law's words are explained:
//                       'README.md#glossary-central-differences'), input, expected, yours, diagnosis and diagnosisCode
//                       ('softmaxGradX/missing-centring'), and printed (what the student's
//                       code printed on the failing input, its first lines) where they apply
//   typeErrors          (only with KATA_TYPE_ERRORS=report) each file's compile errors, shown and not counted
//   status              'passed' | 'failed' | 'not-implemented' | 'timeout' | 'error'

/**
 * @typedef {import('../run').Status} Status
 * @typedef {{ name: string, code: string, group: string, status: Status, message: string, seed: number, replay: string,
 *   why?: string, glossary?: string, input?: string, expected?: string, yours?: string, matrices?: string,
 *   diagnosis?: string, diagnosisCode?: string, printed?: string }} PropertyReport
 * @typedef {{ name: string, file: string, status: Status, points: number, maxPoints: number,
 *   properties: PropertyReport[] }} FunctionReport
 * @typedef {{ schema: 'backprop-kata/report@1', dir: string, seed: number, runs: number, score: number,
 *   maxScore: number, passed: boolean, graderFilesModified: string[], lawsRun: number, partial: boolean,
 *   seconds: number, functions: FunctionReport[], childOutput?: string, typeErrors?: Record<string, string[]>,
 *   sandbox: { layers: string[], missing: string[] } }} Report
 */

/** Joins a failure and its diagnosis in one message. */
const DIAGNOSIS = ' — diagnosis: ';

/** @param {import('./run-folder').LawResult[]} laws */
function statusOf(laws) {
  if (laws.every((l) => l.status === 'passed')) return 'passed';
  if (laws.some((l) => l.status === 'timeout')) return 'timeout';
  if (laws.every((l) => l.status === 'not-implemented')) return 'not-implemented';
  if (laws.every((l) => l.status === 'error')) return 'error';
  return 'failed';
}

/**
 * @param {string} dir
 * @param {import('./run-folder').FolderRun} run
 * @param {{ seed: number, runs: number, partial: boolean, graderFilesModified: string[] }} context
 * @returns {Report}
 */
function buildReport(dir, run, context) {
  /** @type {Map<string, import('./run-folder').LawResult[]>} */
  const byFunction = new Map();
  for (const l of run.laws) byFunction.set(l.fn, [...(byFunction.get(l.fn) || []), l]);
  const functions = [...byFunction].map(([fn, laws]) => {
    /** @type {Record<string, number>} */
    const worth = /** @type {Record<string, Record<string, number>>} */ (points)[fn] || {};
    let earned = 0;
    let possible = 0;
    for (const group of Object.keys(worth)) {
      const inGroup = laws.filter((l) => l.group === group);
      if (inGroup.length === 0) continue;
      possible += worth[group];
      if (inGroup.every((l) => l.status === 'passed')) earned += worth[group];
    }
    return {
      name: fn,
      file: laws[0].file || '',
      status: /** @type {Status} */ (statusOf(laws)),
      points: earned,
      maxPoints: possible,
      properties: laws.map((l) => ({
        name: l.law,
        code: l.lawCode,
        group: l.group,
        status: l.status,
        // The diagnosis goes wherever the failure goes.
        message: l.diagnosis ? `${l.message}${DIAGNOSIS}${l.diagnosis}` : l.message,
        seed: context.seed,
        replay: l.replay || '',
        ...(l.why && l.status !== 'passed' ? { why: l.why } : {}),
        ...(l.glossary && l.status !== 'passed' ? { glossary: l.glossary } : {}),
        ...(l.input !== undefined ? { input: l.input } : {}),
        ...(l.expected !== undefined ? { expected: l.expected } : {}),
        ...(l.yours !== undefined ? { yours: l.yours } : {}),
        ...(l.matrices ? { matrices: l.matrices } : {}),
        ...(l.diagnosis ? { diagnosis: l.diagnosis, diagnosisCode: l.diagnosisCode } : {}),
        ...(l.printed && l.status !== 'passed' ? { printed: l.printed } : {}),
      })),
    };
  });
  const score = functions.reduce((s, f) => s + f.points, 0);
  const maxScore = functions.reduce((s, f) => s + f.maxPoints, 0);
  const lawsRun = run.laws.length;
  return {
    schema: 'backprop-kata/report@1',
    dir,
    seed: context.seed,
    runs: context.runs,
    score,
    maxScore,
    passed: lawsRun > 0 && run.laws.every((l) => l.status === 'passed') && context.graderFilesModified.length === 0,
    graderFilesModified: context.graderFilesModified,
    lawsRun,
    partial: context.partial,
    seconds: Math.round(run.seconds * 100) / 100,
    sandbox: { layers: run.layers || [], missing: ALL_LAYERS.filter((l) => !(run.layers || []).includes(l)) },
    functions,
    ...(Object.keys(run.typeErrors ?? {}).length > 0 ? { typeErrors: run.typeErrors } : {}),
    // Not part of the schema: what the grading process printed, for when nothing ran.
    ...(lawsRun === 0 ? { childOutput: run.childOutput } : {}),
  };
}

/** @param {string} text @param {number} width */
const pad = (text, width) => text + ' '.repeat(Math.max(0, width - text.length));

const STATE = {
  passed: 'all laws hold',
  'not-implemented': 'not implemented',
  timeout: 'timed out',
  error: 'cannot be graded',
  failed: '',
};

/** The report for a person: each failure explained, then the score table. @param {Report} r */
function toText(r) {
  const out = [''];
  /** @type {Map<string, string[]>} */
  const sameReason = new Map();
  for (const f of r.functions) {
    const bad = leadingFailures(f.properties);
    if (f.status === 'not-implemented') {
      out.push(`○ ${f.name}: not implemented yet (remove the throw in ${f.name} and write it)`);
    } else if (f.status === 'error' || f.status === 'timeout') {
      const reason = bad[0].message;
      sameReason.set(reason, [...(sameReason.get(reason) || []), f.name]);
    } else if (bad.length > 0) {
      out.push(`✗ ${f.name}: ${bad.length} law${bad.length === 1 ? ' fails' : 's fail'}`);
      bad.forEach((p, k) => {
        out.push(`  ✗ ${p.group === 'stability' ? '[stability] ' : ''}${p.name}`);
        const [failure, diagnosis] = p.message.split(DIAGNOSIS);
        out.push(`      ${failure}`);
        if (diagnosis) out.push(`      diagnosis: ${diagnosis}`);
        if (k === 0) {
          if (p.why) out.push(`      why:      ${p.why}`);
          if (p.glossary) out.push(`      glossary: ${glossaryWords(p.glossary)}`);
          if (p.input) out.push(`      input:    ${p.input}`);
          if (p.matrices) out.push(...p.matrices.split('\n').map((l) => `        ${l}`));
          else {
            if (p.expected !== undefined) out.push(`      expected: ${p.expected}`);
            if (p.yours !== undefined) out.push(`      yours:    ${p.yours}`);
          }
          if (p.printed)
            out.push('      what your code printed:', ...p.printed.split('\n').map((l) => `        | ${l}`));
        }
        if (p.replay) out.push(`      replay:   ${p.replay}`);
      });
      out.push('');
    }
  }
  for (const [reason, fns] of sameReason) {
    const f = /** @type {FunctionReport} */ (r.functions.find((x) => x.name === fns[0]));
    out.push(`✗ ${fns.join(', ')}: ${f.status === 'timeout' ? 'timed out' : 'cannot be graded'}: ${reason}`, '');
  }
  for (const [file, messages] of Object.entries(r.typeErrors ?? {}))
    out.push(`⚠ ${file} does not compile, which costs nothing here (KATA_TYPE_ERRORS=report):`, ...messages, '');
  if (r.graderFilesModified.length > 0) {
    out.push(
      `✗ grader files modified: ${r.graderFilesModified.join(', ')}`,
      '  The grade below does not count until they are restored.',
      '',
    );
  }
  if (r.lawsRun === 0) out.push('✗ no law was run, so nothing was graded', '');
  if (out[out.length - 1] !== '') out.push('');

  const widths = [18, 12, 8];
  out.push(pad('function', widths[0]) + pad('laws held', widths[1]) + pad('points', widths[2]));
  for (const f of r.functions) {
    const held = f.properties.filter((p) => p.status === 'passed').length;
    const bad = f.properties.length - held;
    const state = STATE[f.status] || `${bad} law${bad === 1 ? ' fails' : 's fail'}`;
    out.push(
      pad(f.name, widths[0]) +
        pad(`${held}/${f.properties.length}`, widths[1]) +
        pad(`${f.points}/${f.maxPoints}`, widths[2]) +
        state,
    );
  }
  out.push(pad('total', widths[0] + widths[1]) + `${r.score}/${r.maxScore}`);
  if (r.partial) out.push('(a partial run, filtered by -t: not a grade)');
  const passed = r.functions.reduce((s, f) => s + f.properties.filter((p) => p.status === 'passed').length, 0);
  if (r.sandbox.layers.length > 0) {
    const missing = r.sandbox.missing.length > 0 ? `; missing here: ${r.sandbox.missing.join(', ')}` : '';
    out.push(`(student code ran in a sandbox: ${r.sandbox.layers.join(', ')}${missing})`);
  }
  out.push('', `Score: ${r.score}/${r.maxScore} points. Laws: ${passed} passed, ${r.lawsRun - passed} failed`);
  // The terminal's edge: whatever a line holds of the student's text, no control character in it is live.
  return terminalText(out.join('\n')) + '\n';
}

/** XML text of several lines (a failure's body). @param {string} s */
const xml = (s) => s.split('\n').map(xmlText).join('&#10;');

/** JUnit XML: a testsuite per function, a testcase per law. @param {Report} r */
function toJUnit(r) {
  const all = r.functions.flatMap((f) => f.properties);
  const count = (/** @type {PropertyReport[]} */ ps, /** @type {Status[]} */ s) =>
    ps.filter((p) => s.includes(p.status)).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="backprop-kata" tests="${all.length}" failures="${count(all, ['failed', 'not-implemented'])}" errors="${count(all, ['timeout', 'error'])}">`,
  ];
  for (const f of r.functions) {
    const ps = f.properties;
    lines.push(
      `  <testsuite name="${xml(f.name)}" tests="${ps.length}" failures="${count(ps, ['failed', 'not-implemented'])}" errors="${count(ps, ['timeout', 'error'])}" skipped="0">`,
    );
    for (const p of ps) {
      const name = `${p.group === 'stability' ? '[stability] ' : ''}${p.name}`;
      lines.push(`    <testcase classname="${xml(f.name)}" name="${xml(name)}">`);
      const body = [
        p.message,
        p.input && `input: ${p.input}`,
        p.expected && `expected: ${p.expected}`,
        p.yours && `yours: ${p.yours}`,
        p.replay && `replay: ${p.replay}`,
      ]
        .filter(Boolean)
        .join('\n');
      if (p.status === 'failed' || p.status === 'not-implemented')
        lines.push(`      <failure message="${xml(p.message)}" type="${p.status}">${xml(body)}</failure>`);
      if (p.status === 'timeout' || p.status === 'error')
        lines.push(`      <error message="${xml(p.message)}" type="${p.status}">${xml(body)}</error>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

/**
 * Gradescope's results.json: a test per function, worth its points, and one the students do not see that tells
 * the instructor which sandbox layers the code ran under and which were missing. submittedIn: where in the
 * upload the kata files were found, if not at its top ('backprop-kata-main/katas'), said as the student named it.
 * @param {Report} r @param {string} [submittedIn]
 */
function toGradescope(r, submittedIn) {
  const where = submittedIn ? `\nGraded the kata files in ${submittedIn}/ of your submission.` : '';
  const { layers, missing } = r.sandbox;
  return {
    score: r.graderFilesModified.length > 0 ? 0 : r.score,
    // Shown as plain text, never as Markdown or HTML: the outputs hold the student's own text.
    output_format: 'text',
    test_output_format: 'text',
    output: terminalText(
      (r.graderFilesModified.length > 0
        ? `Grader files modified: ${r.graderFilesModified.join(', ')}`
        : `Score: ${r.score}/${r.maxScore}`) + where,
    ),
    tests: [
      ...r.functions.map((f) => ({
        name: f.name,
        score: f.points,
        max_score: f.maxPoints,
        status: f.status === 'passed' ? 'passed' : 'failed',
        // Gradescope shows it as text: each line made plain.
        output: terminalText(
          f.properties
            .filter((p) => p.status !== 'passed')
            .map((p) =>
              // No replay command: a Gradescope student has no grader to run it with.
              [`✗ ${p.name}: ${p.message}`, p.input && `  input: ${p.input}`].filter(Boolean).join('\n'),
            )
            .join('\n') || 'All laws hold.',
        ),
      })),
      {
        name: 'Sandbox layers (instructors only)',
        score: 0,
        max_score: 0,
        // Hidden from students, shown to instructors: a missing layer is theirs to act on.
        visibility: 'hidden',
        status: missing.length > 0 ? 'failed' : 'passed',
        output:
          `The student's code ran under: ${layers.join(', ') || 'no sandbox layer'}.` +
          (missing.length > 0 ? `\nMissing here: ${missing.join(', ')}. ${layerAdvice(missing)}` : ''),
      },
    ],
  };
}

/**
 * What a Gradescope image lacks for the missing layers: bubblewrap gives the OS layer (namespaces, filesystem);
 * the others come with Node and util-linux, which the README's sandbox table names.
 * @param {string[]} missing
 */
function layerAdvice(missing) {
  return missing.some((l) => l === 'namespaces' || l === 'filesystem')
    ? "Install bubblewrap in setup.sh's image (apt-get install bubblewrap) and rebuild it."
    : "The README's table of sandbox layers says what each needs.";
}

/** The Markdown score table for GitHub's job summary. @param {Report} r */
function toMarkdown(r) {
  const rows = r.functions.map((f) => {
    const held = f.properties.filter((p) => p.status === 'passed').length;
    const first = f.properties.find((p) => p.status !== 'passed');
    const note = first ? markdownCell(first.message.slice(0, 160)) : '';
    return `| ${f.status === 'passed' ? '✅' : '❌'} \`${f.name}\` | ${held}/${f.properties.length} | ${f.points}/${f.maxPoints} | ${note} |`;
  });
  const warning =
    r.graderFilesModified.length > 0 ? `\n> **Grader files modified:** ${r.graderFilesModified.join(', ')}\n` : '';
  return (
    [
      `### Backprop kata: ${r.score}/${r.maxScore} points`,
      warning,
      '| function | laws held | points | first failure |',
      '| --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n') + '\n'
  );
}

/** The line of a function's declaration in its kata file, for an annotation. @param {string} file @param {string} fn */
function lineOf(file, fn) {
  try {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const k = lines.findIndex((l) => new RegExp(`(function\\s+${fn}\\b|\\b${fn}\\s*[=:(])`).test(l));
    return k >= 0 ? k + 1 : 1;
  } catch {
    return 1;
  }
}

/** GitHub Actions workflow commands: the points as a notice, an error on each failing function. @param {Report} r */
function toGitHubCommands(r) {
  const esc = workflowData;
  const prop = workflowProperty;
  const out = [`::notice title=${prop('Points')}::${esc(`Points ${r.score}/${r.maxScore}`)}`];
  for (const f of r.functions) {
    if (f.status === 'passed') continue;
    const file = path.join(r.dir, f.file);
    const rel = path.relative(process.cwd(), file);
    const first = /** @type {PropertyReport} */ (f.properties.find((p) => p.status !== 'passed'));
    out.push(
      `::error file=${prop(rel)},line=${lineOf(file, f.name)},title=${prop(`${f.name}: ${f.status}`)}::${esc(`${first.name}: ${first.message}`)}`,
    );
  }
  if (r.graderFilesModified.length > 0)
    out.push(`::error title=${prop('Grader files modified')}::${esc(r.graderFilesModified.join(', '))}`);
  return out.join('\n') + '\n';
}

module.exports = { buildReport, toText, toJUnit, toGradescope, toMarkdown, toGitHubCommands };
