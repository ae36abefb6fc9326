// `npm run kata`, the learner's loop, driven as a learner would: it starts on
// the stubs, re-grades on each save, moves on when a step passes, shows hints
// on `h`, survives code that never returns, and quits on `q`.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../kata';

jest.setTimeout(60_000);

test('a learner solves a step, asks for a hint, saves a loop that never returns, and quits', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'learner-'));
  for (const f of ['linear.ts', 'softmax.ts']) fs.copyFileSync(path.join(ROOT, 'katas', f), path.join(dir, f));
  const child = spawn(process.execPath, [path.join(ROOT, 'properties/cli/kata.js')], {
    cwd: ROOT,
    env: { ...process.env, KATA_DIR: dir, NO_COLOR: '1', KATA_HANG_MS: '1000' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const screens = () => out.split('-'.repeat(40));
  const waitFor = async (pattern: RegExp) => {
    const start = Date.now();
    while (!pattern.test(screens().at(-1) ?? '')) {
      if (Date.now() - start > 20_000) throw new Error(`no ${pattern} in:\n${screens().at(-1)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return screens().at(-1)!;
  };
  const edit = (from: string, to: string) => {
    const file = path.join(dir, 'linear.ts');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(from, to));
  };

  try {
    const first = await waitFor(/Step 1\/9: The linear layer's forward pass/);
    expect(first).toContain('linearForward is not implemented yet');
    expect(first).toContain('0/9');
    // eslint-disable-next-line no-control-regex -- looking for ANSI colour codes, which NO_COLOR forbids
    expect(first).not.toMatch(/\u001b\[/);

    edit(
      "  // TODO: compute y_i = Σ_j W[i][j]·x[j] + b[i] for every row i.\n  throw new Error('Remove this line and implement linearForward');",
      '  return W.map((row, i) => row.reduce((s, w, j) => s + w * x[j], b[i]));',
    );
    const second = await waitFor(/✓ Step 1 passes\. Compare with solutions\/linear\.ts \(linearForward\)\./);
    expect(second).toContain('Step 2/9: ∂L/∂b');
    expect(second).toContain('1/9');
    expect(Number(second.match(/graded in ([\d.]+) s/)![1])).toBeLessThan(1);

    child.stdin.write('h');
    expect(await waitFor(/Hints:\n {2}1\. How much does y_k move when b_i moves by one\?/)).toContain('h: hint 2/3');

    edit(
      "  // TODO: ∂L/∂b_i = Σ_k ∂L/∂y_k · ∂y_k/∂b_i.\n  throw new Error('Remove this line and implement linearGradB');",
      '  while (dLdy.length > 0) dLdy.slice();\n  return [];',
    );
    expect(await waitFor(/linearGradB did not return within 1 s \(law:[\s\S]*input: dLdy = \[/)).toContain('Step 2/9');

    // A process.exit is named as such, and costs linearGradB alone.
    edit('  while (dLdy.length > 0) dLdy.slice();\n  return [];', '  process.exit(3);');
    expect(await waitFor(/linearGradB ended the student process by calling process\.exit\(3\)/)).toContain('Step 2/9');

    // A file whose top level never returns is reported, and the screen keeps answering.
    edit('export function linearForward', 'for (;;);\nexport function linearForward');
    expect(await waitFor(/linear\.ts did not finish loading within 1 s/)).toContain('Step 1/9');

    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.stdin.write('q');
    expect(await exited).toBe(0);
  } finally {
    child.kill('SIGKILL');
  }
});
