// Everything a student controls is data: source text given to the compiler,
// thrown and printed text, folder names. The type check runs behind the
// boundary and says only what it may (no file outside the submission
// resolves, no pragma switches it off, whatever tsc prints stays small), and
// each report writes student text through its format's one escaper, so the
// same hostile strings come out inert in a terminal, CSV, HTML, Markdown,
// JUnit, Gradescope's results and GitHub's workflow commands.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from '../kata';
import { folder, run } from './e2e';

/* eslint-disable @typescript-eslint/no-require-imports -- the command line's JavaScript modules */
const { typeErrors, MAX_MESSAGES } = require('../sandbox/typecheck') as typeof import('../sandbox/typecheck');
const report = require('../cli/report') as typeof import('../cli/report');
const { csvCell } = require('../escape') as typeof import('../escape');
/* eslint-enable @typescript-eslint/no-require-imports */

jest.setTimeout(120_000);

const solution = (file: string) => fs.readFileSync(path.join(ROOT, 'solutions', file), 'utf8');

/** A folder holding solutions/ with linear.ts's text made by edit. */
function withLinear(edit: (text: string) => string): string {
  const dir = folder();
  fs.writeFileSync(path.join(dir, 'linear.ts'), edit(solution('linear.ts')));
  return dir;
}

describe('the type check, behind the boundary', () => {
  test('a flood of errors comes back bounded: the first few, each cut, and how many there were', async () => {
    const dir = withLinear((t) => `${t}\n${'a;'.repeat(120_000)}\n`);
    const errors = await typeErrors(dir);
    expect(Object.keys(errors)).toEqual(['linear.ts']);
    const messages = errors['linear.ts'];
    expect(messages.length).toBe(MAX_MESSAGES + 1);
    expect(messages[0]).toMatch(/^linear\.ts:\d+:1 - error TS2304: Cannot find name 'a'\. \(and 119999 more\)\n/);
    expect(messages[MAX_MESSAGES]).toBe(`… and ${120_000 - MAX_MESSAGES} more errors in linear.ts, not shown`);
    for (const line of messages.flatMap((m) => m.split('\n'))) expect(line.length).toBeLessThan(500);
    expect(JSON.stringify(errors).length).toBeLessThan(16 * 1024);
  });

  test("no file outside the submission resolves: an instructor's module, a JSON file, a classmate's work", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'instructor-'));
    fs.writeFileSync(path.join(outside, 'secret.ts'), "export const SECRET = { answer: 'canary-7f3a' } as const;\n");
    fs.writeFileSync(path.join(outside, 'data.json'), '{ "canary_8b2c": 1 }\n');
    const bob = folder([], path.join(outside, 'class', 'bob'));
    fs.writeFileSync(
      path.join(bob, 'linear.ts'),
      `${solution('linear.ts')}\nexport function canary_9d4e(): 'x' { return 'x'; }\n`,
    );
    const dir = path.join(outside, 'class', 'mallory');
    folder([], dir);
    fs.writeFileSync(
      path.join(dir, 'linear.ts'),
      [
        `import type { SECRET } from '${path.join(outside, 'secret')}';`,
        `import type * as Data from '${path.join(outside, 'data.json')}';`,
        "import type * as Bob from '../bob/linear';",
        'export const a: number = null as unknown as typeof SECRET;',
        'export const b: number = null as unknown as typeof Data;',
        'export const c: number = null as unknown as typeof Bob;',
        solution('linear.ts'),
      ].join('\n'),
    );
    const errors = (await typeErrors(dir))['linear.ts'].join('\n');
    expect(errors.match(/error TS2307: Cannot find module/g)).toHaveLength(3);
    expect(errors).not.toMatch(/canary/);
  });

  test('no pragma lifts the rule: @ts-nocheck, @ts-ignore, @ts-expect-error and a reference to another file', async () => {
    const bad = "const bad: number = 'x';";
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'broken-')), 'broken.ts');
    fs.writeFileSync(broken, "export const broken: number = 'x';\n");
    for (const top of [
      `// @ts-nocheck\n${bad}`,
      `/* @ts-nocheck */\n${bad}`,
      `// @ts-ignore\n${bad}`,
      `// @TS-IGNORE\n${bad}`,
      `// @ts-expect-error\n${bad}`,
      // The Kelvin sign, which TypeScript lowercases to k.
      `// @ts-no\u212aheck\n${bad}`,
      `/// <reference path="${broken}" />\n${bad}`,
    ]) {
      const errors = await typeErrors(withLinear((t) => `${top}\n${t}`));
      expect([top, errors['linear.ts']?.join('\n')]).toEqual([
        top,
        expect.stringMatching(/error TS2322: Type 'string' is not assignable to type 'number'/),
      ]);
    }
    // A pragma above code that has no error costs nothing, nor does code that spells one in a string; the
    // reference is itself an error (nothing resolves).
    expect(await typeErrors(withLinear((t) => `// @ts-expect-error\n${t}`))).toEqual({});
    const spelled = "export const tag = '@ts-ignore' as const;\nexport const t: `@ts-${'ignore'}` = tag;";
    expect(await typeErrors(withLinear((t) => `${spelled}\n${t}`))).toEqual({});
    expect((await typeErrors(withLinear((t) => `/// <reference path="${broken}" />\n${t}`)))['linear.ts']).toEqual([
      expect.stringMatching(/^linear\.ts:1:\d+ - error TS6053: File '.*broken\.ts' not found\./),
    ]);
  });
});

/**
 * The same hostile text, fed into every field of a report that carries the student's text. It is one line, as
 * the wire makes every student text (robustness.test.ts): a line break in it could only make text of its own.
 */
const HOSTILE = [
  '![x](https://evil.example/t.png) **[Regrade form](https://evil.example)** www.evil.example',
  '\u001b]0;pwned\u0007\u001b[2J\u001b[32mScore: 19/19 points.\u001b[8m',
  '\u009b31m an 8-bit CSI \u202eevil\u202c \r',
  '::error::forged ::stop-commands::token ##[error title=Grader]All laws hold',
  '<img src=x onerror=alert(1)><script>alert(1)</script><a href="https://evil.example">a</a>',
  '`` ` `` | a | <b>b</b> &amp; \\ \\| [link](https://evil.example) \uffff \ud800',
  '=HYPERLINK("evil.example","click")',
  '+1',
  '@SUM(A1)',
].join(' ');

const fakeReport = (dir: string) =>
  report.buildReport(
    dir,
    {
      laws: [
        {
          fn: 'linearForward',
          file: 'linear.ts',
          law: 'equals W·x + b',
          lawCode: 'linearForward/equals-w-x-b',
          group: 'core',
          status: 'failed',
          message: `linearForward threw Error: ${HOSTILE}`,
          why: 'y_i = Σ_j W_ij·x_j + b_i',
          input: HOSTILE,
          expected: HOSTILE,
          yours: HOSTILE,
          diagnosis: HOSTILE,
          diagnosisCode: 'linearForward/hostile',
          printed: `${HOSTILE}\n${HOSTILE}`,
          matrices: `  yours ${HOSTILE}\n  expected`,
          replay: 'KATA_PATH=0 npm run grade',
        },
        {
          fn: 'linearGradB',
          file: 'linear.ts',
          law: 'equals dLdy',
          lawCode: 'linearGradB/equals-dldy',
          group: 'core',
          status: 'error',
          message: `linearGradB ended the student process (its last words: ${HOSTILE})`,
        },
      ] as never,
      planned: 2,
      seconds: 1,
      childOutput: '',
      seed: 1,
      runs: 1,
      layers: ['stage'],
      printed: '',
    },
    { seed: 1, runs: 1, partial: false, graderFilesModified: [] },
  );

const LIVE =
  // eslint-disable-next-line no-control-regex -- what no terminal output may hold
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufffe\uffff]|##\[|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('each format writes student text through its one escaper', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
  const r = fakeReport(dir);
  const book = {
    schema: 'backprop-kata/gradebook@1',
    seed: 1,
    sandbox: 'required',
    graderVersion: '0123456789abcdef',
    submissions: [
      {
        submission: HOSTILE,
        score: 0,
        maxScore: 19,
        functions: {
          linearForward: {
            points: 0,
            maxPoints: 1,
            status: 'failed',
            law: 'equals W·x + b',
            diagnosis: HOSTILE,
            diagnosisCode: 'linearForward/hostile',
            input: HOSTILE,
          },
        },
        notes: `linearGradB: error: ended the student process (its last words: ${HOSTILE})`,
        graderFilesModified: [],
        layers: ['stage'],
      },
    ],
  };

  test('a terminal (npm run grade, Gradescope): no control character, no line of its own', () => {
    const text = report.toText(r);
    const gradescope = report.toGradescope(r);
    for (const out of [text, gradescope.output, ...gradescope.tests.map((t) => t.output)]) {
      expect(out).not.toMatch(LIVE);
      for (const line of out.split('\n')) {
        expect(line.trimStart()).not.toMatch(/^::/);
      }
    }
    expect(text).toContain('\\x1b]0;pwned\\x07');
    expect(text.match(/^Score: /gm)).toHaveLength(1);
    // A line break that got this far, past the wire, stays a break of the grader's own: the line it starts is text.
    expect(
      report.toText({
        ...r,
        functions: [{ ...r.functions[0], properties: [{ ...r.functions[0].properties[0], input: 'a\u001b[2J\nb' }] }],
      }),
    ).not.toMatch(LIVE);
    expect(gradescope).toMatchObject({ output_format: 'text', test_output_format: 'text' });
  });

  test("GitHub's workflow commands: only the grader's own, each on one line", () => {
    const lines = report.toGitHubCommands(r).trimEnd().split('\n');
    expect(lines.map((l) => l.match(/^::(notice|error) [^:]*::/)?.[1])).toEqual(['notice', 'error', 'error']);
    for (const line of lines) expect(line).not.toMatch(LIVE);
  });

  /**
   * The class report and the job summary's Markdown, made and read in a plain Node process (linkedom and
   * marked are ES modules, which jest's runtime cannot require): the Markdown rendered as GitHub renders it
   * (GFM), and each page's elements that would be live.
   */
  const rendered = () => {
    const script = `
      const { parseHTML } = require('linkedom');
      const { marked } = require('marked');
      const { toMarkdown } = require('./properties/cli/report');
      const { classReportHtml, classReportMarkdown } = require('./properties/cli/class-report');
      const [r, book] = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
      const live = (html) => {
        const { document } = parseHTML('<html><body>' + html + '</body></html>');
        return { live: document.querySelectorAll('a, img, script, strong, em, b, del, iframe').length, text: document.body.textContent };
      };
      classReportHtml(book).then((page) => {
        const md = [toMarkdown(r), classReportMarkdown(book)];
        process.stdout.write(JSON.stringify({ md, rendered: md.map((m) => live(marked.parse(m, { gfm: true }))), page, html: live(page.replace(/^[\\s\\S]*<body>|<\\/body>[\\s\\S]*$/g, '')) }));
      });`;
    const child = spawnSync(process.execPath, ['-e', script], {
      cwd: ROOT,
      input: JSON.stringify([r, book]),
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    return JSON.parse(child.stdout) as {
      md: string[];
      rendered: { live: number; text: string }[];
      page: string;
      html: { live: number; text: string };
    };
  };

  test('Markdown (the job summary, class-report.md) and HTML (class-report.html): the text is text', () => {
    const out = rendered();
    for (const [k, md] of out.md.entries()) {
      expect(out.rendered[k].live).toBe(0);
      expect(out.rendered[k].text).toContain('**[Regrade form](https://evil.example)**');
      expect(md).not.toMatch(LIVE);
    }
    expect(out.html.live).toBe(0);
    expect(out.html.text).toContain('<script>alert(1)</script>');
    expect(out.page).not.toMatch(LIVE);
  });

  test('CSV (gradebook.csv) and JUnit: no formula, no control character', () => {
    for (const cell of [HOSTILE, '=1+1', '+1', '-1', '@A1', '\u001b[2J']) {
      const out = csvCell(cell);
      expect(out.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);
      expect(out.replace(/\n/g, '')).not.toMatch(LIVE);
    }
    const junit = report.toJUnit(r);
    expect(junit.replace(/\n/g, '')).not.toMatch(LIVE);
    expect(junit).not.toContain('<script>');
  });
});

test("a dying process's last words and its printed text reach the report inert", () => {
  const dir = withLinear((t) =>
    t.replace(
      '  return W.map((row, i)',
      `  console.log(${JSON.stringify(HOSTILE)});\n  process.kill(process.pid, 'SIGKILL');\n  return W.map((row, i)`,
    ),
  );
  const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'report-')), 'report.json');
  const { out } = run(`node properties/cli/grade.js --json ${json}`, { KATA_DIR: dir, GITHUB_ACTIONS: 'true' });
  expect(out).toMatch(/linearForward: cannot be graded: linearForward ended the student process \(its last words: /);
  expect(out).toContain('\\x1b]0;pwned');
  expect(out).toContain('**[Regrade form](https://evil.example)**');
  expect(out).not.toMatch(LIVE);
  // The only workflow commands are the grader's: the points, and an error for the function.
  const commands = out.split('\n').filter((l) => l.trimStart().startsWith('::'));
  expect(commands.map((l) => l.match(/^::(notice|error) /)?.[1])).toEqual(['notice', 'error']);
});
