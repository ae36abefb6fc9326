// The attack suite: a class of submissions in which students try to get
// marks without the work, or to hurt their classmates and the grader, graded
// in one `npm run grade -- --batch` beside honest classmates. Each attacker
// is the reference answer with one function replaced by an attack that
// returns the right answer only if the attack works (zeros otherwise), so a
// row above its honest part is an attack that got through.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gradeOutcomes } from '../engine';
import { ROOT } from '../kata';
import { rlimitsHere } from '../sandbox/layers.js';
import { inProcessStudent, type Student } from '../sandbox/wire';
import { core, folder, marksWith, NO_BETA, run, TOTAL } from './e2e';

/** What is at stake: linear.ts's functions, where it does not compile; the softmax's stability points. */
const LINEAR_LOST = Object.fromEntries(
  ['linearForward', 'linearGradB', 'linearJacobianW', 'linearGradW', 'linearGradX'].map((fn) => [fn, 0]),
);
const STABILITY_LOST = Object.fromEntries(['softmax', 'softmaxJacobian', 'softmaxGradX'].map((fn) => [fn, core(fn)]));
import { reference } from './wrong';

jest.setTimeout(300_000);

const GRAD_W = 'return dLdy.map((g) => x.map((xj) => g * xj));';
const ZEROS = 'dLdy.map(() => x.map(() => 0))';
const LISTEN_PORT = 47123;
/** What a dying student process prints last: a window title, a clear screen, a green fake score, Markdown. */
const LAST_WORDS =
  '\u001b]0;pwned\u0007\u001b[2J\u001b[32mScore: 19/19 points.\u001b[8m ' +
  '![t](https://evil.example/t.png) **[Regrade form](https://evil.example)**';
// eslint-disable-next-line no-control-regex -- what no output may hold
const LIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

interface Submission {
  readonly name: string;
  /** The score its honest part deserves. */
  readonly expected: number;
  /** Makes the submission's folder at dir. */
  readonly make: (dir: string) => void;
}

/**
 * A copy of solutions/ with linearGradW's body replaced, and a header of the attacker's choosing. The attacks
 * are written to type-check (with `any` where they reach for what the types forbid): what is at stake here is
 * what the code does, and a file that does not compile scores zero anyway.
 */
function attacker(name: string, body: string, top = '', expected = marksWith({ linearGradW: 0 })): Submission {
  return {
    name,
    expected,
    make(dir) {
      folder([{ file: 'linear.ts', from: GRAD_W, to: body }], dir);
      const file = path.join(dir, 'linear.ts');
      fs.writeFileSync(file, `const fs: any = require('node:fs');\n${top}\n${fs.readFileSync(file, 'utf8')}`);
    },
  };
}

const J = JSON.stringify;

/** Every answer linearGradW gets asked for at seed 2019: what a student who memorised the public seed would ship. */
function memorisedAt2019(): Record<string, number[][]> {
  const table: Record<string, number[][]> = {};
  const base = inProcessStudent(reference);
  const recording: Student = {
    invoke(fn, args) {
      const answer = base.invoke(fn, args);
      if (answer.ok) table[J(args)] = answer.value as number[][];
      return answer;
    },
    invokeEach(fn, argsList) {
      return argsList.map((args) => recording.invoke(fn, args));
    },
  };
  gradeOutcomes(recording, 'linearGradW', { seed: 2019, numRuns: 50 });
  return table;
}

function submissions(batch: string): Submission[] {
  const canary = path.join(os.tmpdir(), `kata-canary-${process.pid}`);
  return [
    // Honest classmates.
    { name: 'ada', expected: TOTAL, make: (dir) => folder([], dir) },
    {
      name: 'bob',
      expected: 0,
      make: (dir) => {
        fs.mkdirSync(dir);
        for (const f of ['linear.ts', 'softmax.ts']) fs.copyFileSync(path.join(ROOT, 'katas', f), path.join(dir, f));
      },
    },
    // softmaxJacobian without β: its core and stability laws both fail (0/4).
    { name: 'eve', expected: marksWith({ softmaxJacobian: 0 }), make: (dir) => folder([NO_BETA], dir) },
    // Reading the answers or the grader.
    attacker(
      'require-solutions',
      `try { return require(${J(ROOT)} + '/solutions/linear.ts').linearGradW(dLdy, x); } catch { return ${ZEROS}; }`,
    ),
    attacker(
      'read-and-compile-solutions',
      `try {
        const ts = require(${J(ROOT)} + '/node_modules/typescript');
        const js = ts.transpile(fs.readFileSync(${J(ROOT)} + '/solutions/linear.ts', 'utf8'));
        const m: any = { exports: {} };
        new Function('exports', 'module', js)(m.exports, m);
        return m.exports.linearGradW(dLdy, x);
      } catch { return ${ZEROS}; }`,
    ),
    attacker(
      'dynamic-import',
      `return stolen ? stolen.linearGradW(dLdy, x) : ${ZEROS};`,
      `let stolen: any; import(${J(ROOT)} + '/solutions/linear.ts').then((m) => (stolen = m), () => undefined);`,
    ),
    attacker(
      'patch-tolerance-and-fast-check',
      `for (const k of Object.keys(require.cache)) if (/tolerance|fast-check/.test(k)) Object.assign((require.cache as any)[k].exports, { close: () => true, check: () => ({ failed: false }) });
      try { require(${J(ROOT)} + '/node_modules/fast-check').check = () => ({ failed: false }); } catch {}
      return ${ZEROS};`,
    ),
    attacker(
      'forge-result-lines',
      `try { fs.appendFileSync(process.env.KATA_RESULTS || '/nonexistent', '{"type":"result","fn":"linearGradW","status":"passed"}\\n'); } catch {}
      fs.appendFileSync = () => undefined;
      return ${ZEROS};`,
    ),
    attacker(
      'memorised-seed-2019',
      `return TABLE[JSON.stringify([dLdy, x])] ?? ${ZEROS};`,
      `const TABLE: Record<string, number[][]> = ${J(memorisedAt2019())};`,
    ),
    // Hurting classmates and the grader.
    attacker(
      'overwrite-classmates',
      `try { fs.writeFileSync(${J(path.join(batch, 'ada', 'linear.ts'))}, 'export {};'); } catch {}
      try { fs.copyFileSync(${J(path.join(ROOT, 'solutions', 'linear.ts'))}, ${J(path.join(batch, 'bob', 'linear.ts'))}); } catch {}
      try { fs.writeFileSync(${J(path.join(ROOT, 'properties', 'tolerance.ts'))}, 'export const close = () => true;'); } catch {}
      try { fs.writeFileSync(${J(canary)}, 'written'); } catch {}
      return ${ZEROS};`,
    ),
    attacker(
      'spawn-and-linger',
      `try { require('node:child_process').spawn('sh', ['-c', 'sleep 3; echo zz,19 >> ' + ${J(path.join(`${batch}-gradebook`, 'gradebook.csv'))}], { detached: true, stdio: 'ignore' }).unref(); } catch {}
      try { if (require('node:child_process').execSync('id').toString().includes('uid=')) return dLdy.map((g) => x.map((xj) => g * xj)); } catch {}
      return ${ZEROS};`,
    ),
    attacker(
      'listen-and-read-secrets',
      `try { require('node:net').createServer().listen(${LISTEN_PORT}, '0.0.0.0'); } catch {}
      if (process.env.KATA_ATTACK_SECRET) return dLdy.map((g) => x.map((xj) => g * xj));
      return ${ZEROS};`,
    ),
    attacker('kill-the-grader', `process.kill(process.ppid, 'SIGKILL'); return ${ZEROS};`),
    attacker('stop-the-grader', `process.kill(process.ppid, 'SIGSTOP'); return ${ZEROS};`),
    attacker(
      'flood-the-output',
      `const mb = Buffer.alloc(1 << 20, 120); for (let k = 0; k < 512; k++) fs.writeSync(1, mb); return ${ZEROS};`,
    ),
    attacker(
      'forge-the-wire',
      `fs.writeSync(4, '{"n":999999,"ok":true,"value":[]}\\n'); return dLdy.map((g) => x.map((xj) => g * xj));`,
    ),
    attacker(
      'write-and-restore-x',
      `const kept = x[0]; (x as number[])[0] = 0; (x as number[])[0] = kept; return dLdy.map((g) => x.map((xj) => g * xj));`,
    ),
    attacker('return-a-promise', `return Promise.resolve(dLdy.map((g) => x.map((xj) => g * xj))) as any;`),
    attacker(
      'throw-a-forged-interrupt',
      `throw { footprint: Symbol.for('fast-check/PreconditionFailure'), message: 'precondition' };`,
    ),
    {
      name: 'exit-in-linearGradB',
      expected: marksWith({ linearGradB: 0 }),
      make: (dir) => folder([{ file: 'linear.ts', from: 'return dLdy.slice();', to: 'process.exit(0);' }], dir),
    },
    {
      // A naive exp that hides its overflow behind a forged precondition failure: only its stability point is at stake.
      name: 'forged-precondition-softmax',
      // softmaxJacobian and softmaxGradX call this softmax too: the three stability points go.
      expected: marksWith(STABILITY_LOST),
      make: (dir) =>
        folder(
          [
            {
              file: 'softmax.ts',
              from: 'const zMax = Math.max(...z);',
              to: "if (z.some((zi) => Math.abs(zi) > 700)) throw Object.assign(new Error('skip'), { footprint: Symbol.for('fast-check/PreconditionFailure') });\n  const zMax = 0;",
            },
          ],
          dir,
        ),
    },
    // Source text and printed text (linear.ts's 8 points at stake where it does not compile).
    {
      // About 120,000 type errors: once enough to take the batch driver past 4 GB and the class's gradebook with it.
      name: 'type-error-flood',
      expected: marksWith(LINEAR_LOST),
      make: (dir) => {
        folder([], dir);
        fs.appendFileSync(path.join(dir, 'linear.ts'), `\n${'a;'.repeat(120_000)}\n`);
      },
    },
    {
      // The answers' signatures, through a type imported from outside the submission and a deliberate type error.
      name: 'import-type-the-answers',
      expected: marksWith(LINEAR_LOST),
      make: (dir) => {
        folder([], dir);
        const file = path.join(dir, 'linear.ts');
        fs.writeFileSync(
          file,
          `import type * as Answers from ${J(path.join(ROOT, 'solutions', 'linear'))};\n` +
            `export const leak: number = null as unknown as typeof Answers;\n${fs.readFileSync(file, 'utf8')}`,
        );
      },
    },
    {
      name: 'ts-nocheck-over-a-type-error',
      expected: marksWith(LINEAR_LOST),
      make: (dir) => {
        folder([], dir);
        const file = path.join(dir, 'linear.ts');
        fs.writeFileSync(file, `// @ts-nocheck\nexport const n: number = 'x';\n${fs.readFileSync(file, 'utf8')}`);
      },
    },
    {
      // A reference to a file with errors once made the check report none at all.
      name: 'reference-a-broken-file',
      expected: marksWith(LINEAR_LOST),
      make: (dir) => {
        folder([], dir);
        const file = path.join(dir, 'linear.ts');
        const broken = path.join(ROOT, 'katas', 'linear.ts');
        fs.writeFileSync(
          file,
          `/// <reference path=${J(broken)} />\nexport const n: number = 'x';\n${fs.readFileSync(file, 'utf8')}`,
        );
      },
    },
    {
      // Last words that retitle, clear and recolour the terminal, and Markdown for the instructor's run page.
      name: 'last-words',
      expected: marksWith({ linearForward: 0 }),
      make: (dir) =>
        folder(
          [
            {
              file: 'linear.ts',
              from: 'return W.map((row, i)',
              to: `console.log(${J(LAST_WORDS)});\n  process.kill(process.pid, 'SIGKILL');\n  return W.map((row, i)`,
            },
          ],
          dir,
        ),
    },
    {
      // Buffers live off the V8 heap: 128 MiB kept on every call once grew to 5 GB and scored full marks.
      name: 'off-heap-memory',
      expected: marksWith({ linearGradB: 0 }),
      make: (dir) => {
        folder(
          [
            {
              file: 'linear.ts',
              from: 'return dLdy.slice();',
              to: 'kept.push(Buffer.alloc(128 * 1024 * 1024, 1));\n  return dLdy.slice();',
            },
          ],
          dir,
        );
        fs.appendFileSync(path.join(dir, 'linear.ts'), '\nconst kept: Buffer[] = [];\n');
      },
    },
    // Folders.
    {
      name: 'symlinked-files',
      expected: 0,
      make: (dir) => {
        fs.mkdirSync(dir);
        for (const f of ['linear.ts', 'softmax.ts']) fs.symlinkSync(path.join(ROOT, 'solutions', f), path.join(dir, f));
      },
    },
    { name: 'symlinked-folder', expected: 0, make: (dir) => fs.symlinkSync(path.join(ROOT, 'solutions'), dir) },
    { name: 'empty', expected: 0, make: (dir) => fs.mkdirSync(dir) },
    // The layouts submissions really have: a clone's katas/, and the one folder of an uploaded archive.
    { name: 'nested', expected: TOTAL, make: (dir) => folder([], path.join(dir, 'katas')) },
    {
      name: 'zipped',
      expected: TOTAL,
      make: (dir) => {
        folder([], path.join(dir, 'backprop-kata-main', 'katas'));
        fs.mkdirSync(path.join(dir, '__MACOSX'));
      },
    },
    // Two levels down in a folder of another name: not a layout submissions have.
    { name: 'buried', expected: 0, make: (dir) => folder([], path.join(dir, 'a', 'b', 'c')) },
    { name: 'new\nline', expected: TOTAL, make: (dir) => folder([], dir) },
    { name: '=HYPERLINK("evil.example","click")', expected: TOTAL, make: (dir) => folder([], dir) },
    // Folders named as the batch's outputs, and a name that is Markdown.
    { name: 'gradebook.csv', expected: TOTAL, make: (dir) => folder([], dir) },
    { name: 'class-report.md', expected: TOTAL, make: (dir) => folder([], dir) },
    {
      name: '**[Regrade form](evil.example)** ![t](evil.example%2Ft.png)',
      expected: TOTAL,
      make: (dir) => folder([], dir),
    },
  ];
}

/** Hashes of every file under dir (links as their targets' names). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isSymbolicLink()) out[full] = `-> ${fs.readlinkSync(full)}`;
      else if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== '.git') walk(full);
      } else out[full] = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Processes left from grading: anything running on a stage. */
function leftovers(): string[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        return '';
      }
    })
    .filter((cmd) => cmd.includes('kata-stage-') || cmd.includes('/stage/host.js'));
}

/** Whether anything listens on a TCP port in this network namespace. */
function listening(port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].some((f) => {
    try {
      return fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .some((l) => l.split(/\s+/)[2]?.endsWith(`:${hex}`) && l.split(/\s+/)[4] === '0A');
    } catch {
      return false;
    }
  });
}

test('a class with attackers: no attack scores above its honest part, honest rows are exact, nothing outside the stages changes, nothing survives', () => {
  const batch = fs.mkdtempSync(path.join(os.tmpdir(), 'attack-batch-'));
  const subs = submissions(batch);
  for (const s of subs) s.make(path.join(batch, s.name));
  // The batch's outputs are beside it, and nothing is written into it.
  const namesBefore = fs.readdirSync(batch).sort();
  const repoBefore = snapshot(ROOT);
  const honestBefore = snapshot(path.join(batch, 'ada'));
  const { status, out, seconds } = run(
    `node properties/cli/grade.js --batch ${batch}`,
    { KATA_ATTACK_SECRET: 'a token no submission may see' },
    240_000,
  );
  const graded = `${batch}-gradebook`;
  const book = JSON.parse(fs.readFileSync(path.join(graded, 'gradebook.json'), 'utf8'));
  const scores = Object.fromEntries(
    book.submissions.map((s: { submission: string; score: number }) => [s.submission, s.score]),
  );
  // The table a reader of the closing note sees.
  console.log(
    `attack batch: ${seconds.toFixed(1)} s, seed ${book.seed}\n` +
      subs
        .map((s) => `${JSON.stringify(s.name).padEnd(40)} ${scores[s.name]}/${TOTAL} (its honest part: ${s.expected})`)
        .join('\n'),
  );
  expect(status).toBe(0);
  expect(book.seed).not.toBe(2019);
  expect(book.graderFilesModified).toEqual([]);
  expect(Object.fromEntries(subs.map((s) => [s.name, scores[s.name]]))).toEqual(
    Object.fromEntries(subs.map((s) => [s.name, s.expected])),
  );
  for (const row of book.submissions) expect([row.submission, row.graderFilesModified]).toEqual([row.submission, []]);
  // Every folder got a row, with the reason for those that could not be graded.
  const notes = Object.fromEntries(
    book.submissions.map((s: { submission: string; notes: string }) => [s.submission, s.notes]),
  );
  expect(notes['symlinked-folder']).toMatch(/symbolic link/);
  expect(notes.empty).toMatch(/empty/);
  expect(notes.nested).toBe('graded the kata files in katas/ of the submission');
  expect(notes.zipped).toBe('graded the kata files in backprop-kata-main/katas/ of the submission');
  expect(notes.buried).toMatch(/holds no kata file/);
  expect(notes['symlinked-files']).toMatch(/symbolic link/);
  expect(notes['exit-in-linearGradB']).toMatch(
    /^linearGradB: error: linearGradB ended the student process by calling process\.exit\(0\)/,
  );
  // A formula-looking name is text in the CSV, and a name with a line break is one quoted cell.
  const csv = fs.readFileSync(path.join(graded, 'gradebook.csv'), 'utf8');
  expect(csv).toContain(`"'=HYPERLINK(""evil.example"",""click"")",1,`);
  expect(csv).toContain('"new\nline",1,');
  // Student text is inert in every output: no control character, no live Markdown, nothing of the answers.
  const md = fs.readFileSync(path.join(graded, 'class-report.md'), 'utf8');
  const html = fs.readFileSync(path.join(graded, 'class-report.html'), 'utf8');
  for (const text of [csv, md, html, out]) expect(text.replace(/\n/g, '')).not.toMatch(LIVE);
  expect(notes['last-words']).toContain('\\x1b]0;pwned');
  expect(md).toContain('`linearForward: error: linearForward ended the student process (its last words: \\x1b]0;pwned');
  expect(notes['import-type-the-answers']).toMatch(/Cannot find module/);
  expect([csv, md, html, JSON.stringify(book)].join('')).not.toMatch(/linearGradW\(dLdy|typeof import/);
  expect(notes['type-error-flood']).toMatch(
    /^linearForward .*: error: linear\.ts did not load: ReferenceError: a is not defined/,
  );
  expect(
    book.submissions.find((r: { submission: string }) => r.submission === 'off-heap-memory').functions.linearGradB
      .input,
  ).toMatch(/^dLdy = /);
  // Nothing outside the stages changed; nothing of a submission is left running or listening.
  expect(snapshot(ROOT)).toEqual(repoBefore);
  expect(snapshot(path.join(batch, 'ada'))).toEqual(honestBefore);
  expect(fs.existsSync(path.join(os.tmpdir(), `kata-canary-${process.pid}`))).toBe(false);
  expect(leftovers()).toEqual([]);
  expect(fs.readdirSync(batch).sort()).toEqual(namesBefore);
  expect(listening(LISTEN_PORT)).toBe(false);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3500);
  expect(fs.readFileSync(path.join(graded, 'gradebook.csv'), 'utf8')).toBe(csv);
  expect(out).not.toContain('RangeError');
});

test('the memorised answers are real: at the public seed 2019 they score full marks', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memorised-'));
  fs.rmdirSync(dir);
  submissions(dir)
    .find((s) => s.name === 'memorised-seed-2019')!
    .make(dir);
  const { out } = run('node properties/cli/grade.js', { KATA_DIR: dir, KATA_SEED: '2019' });
  expect(out).toContain(`Score: ${TOTAL}/${TOTAL} points`);
});

if (!rlimitsHere()) console.warn('prlimit is missing on this machine: the memory-limit test is skipped.');
(rlimitsHere() ? test : test.skip)(
  'memory outside the V8 heap is bounded too: Buffers kept call after call fail that call, with its input',
  () => {
    const dir = folder([
      {
        file: 'linear.ts',
        from: 'return dLdy.slice();',
        to: 'kept.push(Buffer.alloc(128 * 1024 * 1024, 1));\n  return dLdy.slice();',
      },
    ]);
    fs.appendFileSync(path.join(dir, 'linear.ts'), '\nconst kept: Buffer[] = [];\n');
    const { out } = run('node properties/cli/grade.js', { KATA_DIR: dir });
    expect(out).toMatch(/✗ linearGradB/);
    expect(out).toMatch(
      /linearGradB threw RangeError: Array buffer allocation failed \(at linear\.ts:\d+:\d+\)\n +why: .*\n +glossary: .*\n +input: +dLdy = \[/,
    );
    expect(out).toMatch(new RegExp(`total +${marksWith({ linearGradB: 0 })}/${TOTAL}`));
  },
);
