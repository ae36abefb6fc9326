// `npm run kata`, the learner's loop, driven as a learner would, in a real
// terminal of 80×24 (a pseudo-terminal from util-linux's script): it starts
// on the stubs, re-grades on each save, moves on when a step passes, shows
// hints, survives code that hangs, exits or never loads, fits the screen,
// remembers across a restart, resets a step, and refuses to run without a
// terminal.

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../kata';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the registry's JavaScript module
const { selectExercises } = require('../exercises/select') as typeof import('../exercises/select');
/** The assignment npm run kata runs here, and its steps, as the registry lists them. */
const ASSIGNED = 'linear,softmax';
const N = selectExercises(ASSIGNED).flatMap((e: { steps: unknown[] }) => e.steps).length;

jest.setTimeout(90_000);

const CLEAR = '\u001b[H\u001b[2J';

/** npm run kata in a pseudo-terminal of 80×24, on dir, remembering in stateFile. */
function kata(dir: string, stateFile: string) {
  const command = `stty cols 80 rows 24; exec node ${JSON.stringify(path.join(ROOT, 'properties/cli/kata.js'))}`;
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: ROOT,
    // The linear layer's and the softmax's steps (npm run kata walks every exercise, and the later ones come after).
    env: {
      ...process.env,
      KATA_DIR: dir,
      KATA_STATE: stateFile,
      NO_COLOR: '1',
      KATA_HANG_MS: '1000',
      KATA_EXERCISES: ASSIGNED,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const frames = () => out.split(CLEAR).map((f) => f.replace(/\r/g, ''));
  const screen = () => frames().at(-1) ?? '';
  const waitFor = async (pattern: RegExp) => {
    const start = Date.now();
    while (!pattern.test(screen())) {
      if (Date.now() - start > 20_000) throw new Error(`no ${pattern} in:\n${screen()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return screen();
  };
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, frames, screen, waitFor, exited, press: (key: string) => child.stdin.write(key) };
}

test('a learner solves a step, opens hints, survives hangs, exits and endless loads, restarts where she was, and resets a step', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'learner-'));
  const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kata-state-')), 'state.json');
  for (const f of ['linear.ts', 'softmax.ts']) fs.copyFileSync(path.join(ROOT, 'katas', f), path.join(dir, f));
  const edit = (from: string, to: string) => {
    const file = path.join(dir, 'linear.ts');
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes(from)) throw new Error(`no '${from}' in linear.ts`);
    fs.writeFileSync(file, text.replace(from, to));
  };
  let k = kata(dir, stateFile);
  try {
    const first = await k.waitFor(
      new RegExp(`Step 1/${N}: The linear layer's forward pass[\\s\\S]*linearForward is not implemented yet`),
    );
    expect(first).toContain(`0/${N}`);
    // eslint-disable-next-line no-control-regex -- looking for ANSI colour codes, which NO_COLOR forbids
    expect(first).not.toMatch(/\u001b\[[0-9;]*m/);

    edit(
      "  // TODO: compute y_i = Σ_j W[i][j]·x[j] + b[i] for every row i.\n  throw new Error('Remove this line and implement linearForward');",
      '  return W.map((row, i) => row.reduce((s, w, j) => s + w * x[j], b[i]));',
    );
    const second = await k.waitFor(
      new RegExp(`✓ Step 1 passes: linearForward equals W·x \\+ b;[\\s\\S]*Step 2/${N}: ∂L/∂b`),
    );
    // The solution file answers later steps too: not offered yet.
    expect(second).not.toContain('solutions/');
    expect(second).toContain(`1/${N}`);

    k.press('h');
    expect(await k.waitFor(/Hints:\n {2}1\. How much does y_k move when b_i moves by one\?/)).toContain('h: hint 2/3');

    edit(
      "  // TODO: ∂L/∂b_i = Σ_k ∂L/∂y_k · ∂y_k/∂b_i.\n  throw new Error('Remove this line and implement linearGradB');",
      '  while (dLdy.length > 0) dLdy.slice();\n  return [];',
    );
    expect(await k.waitFor(/linearGradB did not return within 1 s \(law:[\s\S]*input: dLdy = \[/)).toContain(
      `Step 2/${N}`,
    );
    // While that grade ran, the screen said so, with the seconds, and marked the old verdict stale.
    expect(k.frames().some((f) => /⟳ grading your last save/.test(f))).toBe(true);
    expect(
      k.frames().some((f) => /remove the throw and write it\.\s+\(from\s+before\s+your\s+last\s+save\)/.test(f)),
    ).toBe(true);

    // A process.exit is named as such, and costs linearGradB alone.
    edit('  while (dLdy.length > 0) dLdy.slice();\n  return [];', '  process.exit(3);');
    expect(await k.waitFor(/linearGradB ended the student process by calling process\.exit\(3\)/)).toContain(
      `Step 2/${N}`,
    );

    // A file whose top level never returns is reported, and the screen keeps answering.
    edit('export function linearForward', 'for (;;);\nexport function linearForward');
    expect(await k.waitFor(/linear\.ts did not finish loading within 1 s/)).toContain(`Step 1/${N}`);
    edit('for (;;);\nexport function linearForward', 'export function linearForward');
    await k.waitFor(new RegExp(`Step 2/${N}`));

    // Every frame fits 80×24, and the progress line is always on top.
    for (const frame of k.frames().slice(1)) {
      const rows = frame.replace(/\n$/, '').split('\n');
      expect(rows.length).toBeLessThanOrEqual(24);
      expect(rows[0]).toMatch(/^Backprop kata {2}\[/);
    }

    k.press('q');
    expect(await k.exited).toBe(0);

    // A restart: where she was, the hint she opened, and nothing stale.
    k = kata(dir, stateFile);
    const again = await k.waitFor(new RegExp(`Step 2/${N}[\\s\\S]*h: hint 2/3`));
    expect(again).not.toContain('✓ Step 1 passes');
    expect(again).toContain('Hints:\n  1. How much does y_k move');

    // r asks first; y puts the function back to its stub.
    k.press('r');
    await k.waitFor(/Reset linearGradB to its stub\? Your code in it will be lost\./);
    k.press('y');
    await k.waitFor(/linearGradB is not implemented yet/);
    // Put back as the stub first had it, TODO and all.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the registry's JavaScript module
    const { FUNCTIONS, stubBody } = require('../layout') as typeof import('../layout');
    const stub = stubBody('linearGradB', FUNCTIONS.linearGradB.todo);
    expect(fs.readFileSync(path.join(ROOT, 'katas/linear.ts'), 'utf8')).toContain(stub);
    expect(fs.readFileSync(path.join(dir, 'linear.ts'), 'utf8')).toContain(stub);

    // A type error inside linearGradB (step 2) costs linearGradB alone, as in npm run grade: step 1 stays done,
    // the screen stays on step 2, and r acts on linearGradB.
    edit(
      "  throw new Error('Remove this line and implement linearGradB');",
      '  const wrong: string = 1;\n  return dLdy.slice();',
    );
    const inStep2 = await k.waitFor(/linearGradB does not compile, so it scores zero/);
    expect(inStep2).toContain(`Step 2/${N}`);
    expect(inStep2).toContain(`1/${N}`);
    expect(inStep2).toMatch(/linear\.ts:\d+:9 - error TS2322: Type 'number' is not assignable to type\s+'string'\./);
    k.press('r');
    await k.waitFor(/Reset linearGradB to its stub\?/);
    k.press('n');
    // Fixed, with a print left in: the step passes, and the print is mentioned.
    edit('  const wrong: string = 1;\n', "  console.log('here');\n");
    const passed = await k.waitFor(/✓ Step 2 passes: linearGradB agrees with central differences/);
    expect(passed).toContain(`Step 3/${N}`);
    expect(passed).toMatch(/still prints when it runs: take the console\.log out\s+of\s+linearGradB/);

    // p opens the step before, done, with all its hints to read again; n comes back to the current one.
    k.press('p');
    const reading = await k.waitFor(new RegExp(`Reading step 2/${N}: ∂L/∂b[^\\n]*\\(done\\)`));
    expect(reading).toMatch(/Hints:\n {2}1\.[\s\S]*\n {2}3\./);
    k.press('n');
    await k.waitFor(new RegExp(`^Step 3/${N}`, 'm'));

    // A type error inside linearForward costs linearForward: back to step 1.
    edit('  return W.map((row, i)', '  const wrong: string = 1;\n  return W.map((row, i)');
    const typed = await k.waitFor(/linearForward does not compile, so it scores zero/);
    expect(typed).toContain(`Step 1/${N}`);
    expect(typed).toMatch(
      /linear\.ts:\d+:9 - error TS2322: Type 'number' is not assignable to type\s+'string'\.\n +\d+ \| +const wrong: string = 1;\n +\| +\^/,
    );
    k.press('q');
    expect(await k.exited).toBe(0);
  } finally {
    k.child.kill('SIGKILL');
  }
});

test('without a terminal, npm run kata says it needs one, points to npm run grade, and exits with 1', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'properties/cli/kata.js')], {
    cwd: ROOT,
    input: '',
    encoding: 'utf8',
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('npm run kata needs a terminal');
  expect(r.stderr).toContain('npm run grade');
});

test('steps passed together are named together, the last one up to the end', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the command line's JavaScript modules
  const { createState, passedNote, STEPS } = require('../cli/kata/state') as typeof import('../cli/kata/state');
  const state = createState(path.join(ROOT, 'katas'));
  expect(passedNote(state, 5, STEPS.length)).toMatch(new RegExp(`^✓ Steps 6 to ${STEPS.length} pass: `));
  expect(passedNote(state, 1, 2)).toMatch(/^✓ Step 2 passes: linearGradB /);
});

test('the screen shows the seconds a grade has taken once past one, and fits a small terminal', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the command line's JavaScript modules
  const { createState } = require('../cli/kata/state') as typeof import('../cli/kata/state');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { render } = require('../cli/kata/render') as typeof import('../cli/kata/render');
  const state = createState(path.join(ROOT, 'katas'));
  state.graded = true;
  state.grading = 1_000_000;
  state.hints = state.hints.map(() => 3);
  const frame = render(state, { columns: 80, rows: 24, color: false, now: 1_002_600 });
  expect(frame).toContain('⟳ grading your last save (2 s)…');
  for (const rows of [24, 12]) {
    const lines = render(state, { columns: 40, rows, color: false, now: 1_000_100 }).split('\n');
    expect(lines.length).toBeLessThanOrEqual(rows - 1);
    expect(lines[0]).toMatch(/^Backprop kata/);
    expect(lines.some((l) => l.startsWith(`Step 1/${N}`))).toBe(true);
    expect(lines.slice(-3).join(' ')).toMatch(/q: quit/);
  }
});
