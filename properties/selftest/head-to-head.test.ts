// The head to head's rules (bench/checkers.ts) can fail: each passes a right ∂L/∂W of a linear layer and
// fails a doubled one, and the tolerances are the ones their sources give: an answer 2e-3 too large fails
// gradcheck (rtol 1e-3) and passes minitorch (rtol and atol 1e-2).

import { gradcheck, minitorch, normals, RULES, type Problem } from '../bench/checkers';

/** ∂L/∂W for L = dLdy·(W·x + b), W 3×4 from a seed, as a checker sees it; the answer is scaled by `factor`. */
function linearGradW(factor: number): Problem {
  const draw = normals(7);
  const [w, b, x, dLdy] = [12, 3, 4, 3].map((n) => Array.from({ length: n }, draw));
  const forward = (delta: readonly number[] = []) =>
    b.map((bi, i) => x.reduce((s, xj, j) => s + (w[4 * i + j] + (delta[4 * i + j] ?? 0)) * xj, bi));
  return {
    size: 12,
    parts: [12],
    forward,
    forwardAt: (k, h) => forward(w.map((_, i) => (i === k ? h : 0))),
    vjp: (g) => w.map((_, k) => factor * g[Math.floor(k / 4)] * x[k % 4]),
    upstream: dLdy,
  };
}

test.each(RULES.map((r) => [r.name, r] as const))('%s passes the right ∂L/∂W and fails a doubled one', (_, r) => {
  expect(r.rule(linearGradW(1)).pass).toBe(true);
  expect(r.rule(linearGradW(2)).pass).toBe(false);
});

test('an answer 2e-3 too large fails gradcheck (rtol 1e-3) and passes minitorch (rtol, atol 1e-2)', () => {
  expect(gradcheck(linearGradW(1.002)).pass).toBe(false);
  expect(minitorch(linearGradW(1.002)).pass).toBe(true);
});

test('a student function that throws fails every rule, as it does there', () => {
  const throws: Problem = {
    ...linearGradW(1),
    vjp: () => {
      throw new Error('not yet');
    },
  };
  for (const r of RULES) expect(r.rule(throws).pass).toBe(false);
});
