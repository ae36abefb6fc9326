// `npm run grade` end to end, as a student or a CI job runs it: the exit
// status, the score table, and a replay command that reproduces its failure.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../kata';

function run(command: string, env: Record<string, string> = {}) {
  const r = spawnSync('bash', ['-c', command], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** A copy of solutions/ outside the repository, with one file's text rewritten. */
function folder(edit?: { file: string; from: string; to: string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graded-'));
  for (const f of ['linear.ts', 'softmax.ts']) {
    let text = fs.readFileSync(path.join(ROOT, 'solutions', f), 'utf8');
    if (edit?.file === f) {
      expect(text).toContain(edit.from);
      text = text.replace(edit.from, edit.to);
    }
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

jest.setTimeout(120_000);

test('a correct folder outside the repository gets full marks and exit status 0', () => {
  const { status, out } = run('npm run grade', { KATA_DIR: folder() });
  expect(out).toContain('Score: 19/19 points. Laws: 45 passed, 0 failed');
  expect(status).toBe(0);
});

test('the stubs in katas/ are each reported as not implemented, with exit status 1', () => {
  const { status, out } = run('npm run grade', { KATA_DIR: '' });
  expect(out).toMatch(/linearForward +0\/3 +0\/1 +not implemented/);
  expect(out).toMatch(/softmaxGradX +0\/9 +0\/4 +not implemented/);
  expect(out).not.toMatch(/TypeError|at Object/);
  expect(status).toBe(1);
});

test('a failure is explained, and its replay command reproduces exactly that case', () => {
  // A Jacobian that drops β: right at β = 1, wrong everywhere else.
  const dir = folder({ file: 'softmax.ts', from: 'beta * yi * ((i === j ? 1 : 0) - yj)', to: 'yi * ((i === j ? 1 : 0) - yj)' });
  const first = run('npm run grade', { KATA_DIR: dir });
  expect(first.status).toBe(1);
  expect(first.out).toMatch(/softmaxJacobian +\d\/9 +0\/4 +\d laws fail/);
  expect(first.out).toMatch(/softmaxGradX +9\/9 +4\/4 +all laws hold/);
  const detail = first.out.slice(first.out.indexOf('✗ agrees with central differences of softmax'));
  const message = detail.split('\n')[1].trim();
  expect(message).toMatch(/^J\[\d\]\[\d\] is .*, but the central difference/);
  expect(detail).toMatch(/why: +J_ij = ∂y_i\/∂x_j = β·y_i·\(δ_ij − y_j\)/);
  expect(detail).toMatch(/input: +x = \[.*\], beta = /);
  const replay = detail.match(/replay: +(.*)/)![1];
  expect(replay).toContain(`KATA_DIR='${dir}'`);

  const again = run(replay);
  expect(again.status).toBe(1);
  expect(again.out).toContain(message);
  expect(again.out).toContain('Laws: 0 passed, 1 failed');
});
