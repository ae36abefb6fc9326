// Laws of the linear layer y = W·x + b, for each function of linear.ts.
// The upstream gradient dLdy stands for any loss: L = dLdy·y.

import { LARGE_MAX, LARGE_MIN } from '../../arbitraries';
import type { Matrix, Vector } from '../../contract';
import { asMatrix, asVector, call, expectClose, expectNear, type Law } from '../../law';
import { directionalLaw, linearInUpstreamLaw, purityLaw, shapeLaw } from '../../laws/common';
import { centralGradient, centralJacobian, dot, maxAbs } from '../../reference';
import type { Student } from '../../sandbox/wire';
import { againstCentralDifference, exact, type CentralDifference } from '../../tolerance';
import { largeLinearCase, linearCase, linearExamples, type LinearCase } from './cases';
import { affine, linearKappa } from './reference';

// Builtins read once: under jest's vm sandbox every global lookup is slow.
const { abs } = Math;

const cases = linearCase();

const examples = linearExamples;
const dims = (c: LinearCase) => ({ m: c.W.length, n: c.x.length });
const kappa = (c: LinearCase) => linearKappa(c.W.length, c.x.length);

/** y is affine in W, b and x, so central differences are exact for any h: h = 1 keeps rounding smallest. */
const H = 1;

/** The finite-difference model for L = dLdy·(W·x + b) when one entry moves by ±H. */
function lossDifference(c: LinearCase): CentralDifference {
  const F = c.W.reduce(
    (acc, row, i) =>
      acc + abs(c.dLdy[i]) * (row.reduce((s, Wij, j) => s + (abs(Wij) + H) * abs(c.x[j]), 0) + abs(c.b[i]) + H),
    0,
  );
  return { h: H, m3: 0, F: F + maxAbs(c.dLdy) * H * maxAbs(c.W.flat()), kappa: kappa(c) };
}

/**
 * Σ_i |dLdy_i|·(Σ_j |W_ij|·|x_j| + |b_i|) with W, b and x widened by |ΔW|, |Δb|
 * and |Δx|: a bound on |L| along a direction.
 */
function lossBound(c: LinearCase, dW?: Matrix, db?: Vector, dx?: Vector): number {
  return c.W.reduce((s, row, i) => {
    const wx = row.reduce(
      (t, Wij, j) => t + (abs(Wij) + (dW ? abs(dW[i][j]) : 0)) * (abs(c.x[j]) + (dx ? abs(dx[j]) : 0)),
      0,
    );
    return s + abs(c.dLdy[i]) * (wx + abs(c.b[i]) + (db ? abs(db[i]) : 0));
  }, 0);
}

/** Σ_ij |dLdy_i·x_j·ΔW_ij|: the size of ⟨∂L/∂W, ΔW⟩'s terms. */
const gradWScale = (c: LinearCase) =>
  c.dW.reduce((s, row, i) => s + row.reduce((t, d, j) => t + abs(d * c.x[j] * c.dLdy[i]), 0), 0);

const affineModel = (c: LinearCase, F: number, terms: number): CentralDifference => ({
  h: H,
  m3: 0,
  F,
  kappa: kappa(c) + terms,
});

const reshape = (w: Vector, m: number, n: number): number[][] =>
  Array.from({ length: m }, (_, i) => w.slice(i * n, i * n + n));
const loss = (c: LinearCase, W: Matrix, b: Vector, x: Vector) => dot(c.dLdy, affine(W, b, x));

/** The right answers, from the definition or central differences of the grader's forward map. */
const expected = {
  linearForward: (c: LinearCase) => affine(c.W, c.b, c.x),
  linearGradB: (c: LinearCase) => centralGradient((b) => loss(c, c.W, b, c.x), c.b, H),
  linearJacobianW: (c: LinearCase) =>
    centralJacobian((w) => affine(reshape(w, c.W.length, c.x.length), c.b, c.x), c.W.flat(), H),
  linearGradW: (c: LinearCase) =>
    reshape(
      centralGradient((w) => loss(c, reshape(w, c.W.length, c.x.length), c.b, c.x), c.W.flat(), H),
      c.W.length,
      c.x.length,
    ),
  linearGradX: (c: LinearCase) => centralGradient((x) => loss(c, c.W, c.b, x), c.x, H),
};

const forward = {
  fn: 'linearForward' as const,
  cases,
  examples,
  shows: ['W', 'b', 'x'] as const,
  args: (c: LinearCase) => [c.W, c.b, c.x] as [Matrix, Vector, Vector],
  shape: (c: LinearCase) => [c.W.length] as const,
};

const jacobianW = {
  fn: 'linearJacobianW' as const,
  cases,
  examples,
  shows: ['x', 'W'] as const,
  args: (c: LinearCase) => [c.x, c.W.length] as [Vector, number],
  shape: (c: LinearCase) => [c.W.length, c.W.length * c.x.length] as const,
};

const gradW = {
  fn: 'linearGradW' as const,
  cases,
  examples,
  shows: ['dLdy', 'x'] as const,
  args: (c: LinearCase) => [c.dLdy, c.x] as [Vector, Vector],
  withUpstream: (c: LinearCase, g: number[]) => [g, c.x] as [Vector, Vector],
  shape: (c: LinearCase) => [c.W.length, c.x.length] as const,
  kappa,
  magnitude: (c: LinearCase, g: Vector) => (i: number, j: number) => abs(g[i] * c.x[j]),
};

const gradB = {
  fn: 'linearGradB' as const,
  cases,
  examples,
  shows: ['dLdy'] as const,
  args: (c: LinearCase) => [c.dLdy] as [Vector],
  withUpstream: (_: LinearCase, g: number[]) => [g] as [Vector],
  shape: (c: LinearCase) => [c.W.length] as const,
  kappa,
  magnitude: (_: LinearCase, g: Vector) => (i: number) => abs(g[i]),
};

const gradX = {
  fn: 'linearGradX' as const,
  cases,
  examples,
  shows: ['W', 'dLdy'] as const,
  args: (c: LinearCase) => [c.W, c.dLdy] as [Matrix, Vector],
  withUpstream: (c: LinearCase, g: number[]) => [c.W, g] as [Matrix, Vector],
  shape: (c: LinearCase) => [c.x.length] as const,
  kappa,
  magnitude: (c: LinearCase, g: Vector) => (j: number) => c.W.reduce((s, row, i) => s + abs(row[j] * g[i]), 0),
};

/** y = W·x + b, judged row by row on the size of that row's terms. */
function matchesAffine(student: Student, c: LinearCase): void {
  const y = asVector(call(student, 'linearForward', c.W, c.b, c.x), c.W.length, 'y');
  const scale = c.W.map((row, i) => row.reduce((s, Wij, j) => s + abs(Wij * c.x[j]), abs(c.b[i])));
  expectClose(y, expected.linearForward(c), (i) => exact(scale[i], kappa(c)), 'y', 'W·x + b');
}

export const linearForwardLaws: Law<LinearCase>[] = [
  {
    ...forward,
    name: 'equals W·x + b',
    why: 'y_i = Σ_j W_ij·x_j + b_i: row i of W dotted with x, plus b_i',
    group: 'core',
    check: matchesAffine,
  },
  shapeLaw(forward, 'm numbers'),
  purityLaw(forward),
  {
    ...forward,
    cases: largeLinearCase('W', 'b', 'x'),
    examples: [],
    share: 0.2,
    name: `equals W·x + b at sizes ${LARGE_MIN} to ${LARGE_MAX}`,
    why: 'y_i = Σ_j W_ij·x_j + b_i, for every size: a loop bounded by a constant breaks here',
    group: 'core',
    check: matchesAffine,
  },
];

export const linearGradBLaws: Law<LinearCase>[] = [
  {
    ...gradB,
    name: 'agrees with central differences of L(b) = dLdy·(W·x + b)',
    why: '∂L/∂b_i is how fast L changes as b_i moves; since ∂y_k/∂b_i = δ_ki, it is dLdy_i',
    group: 'core',
    check(student, c) {
      const { m } = dims(c);
      const grad = asVector(call(student, 'linearGradB', c.dLdy), m, '∂L/∂b');
      expectClose(
        grad,
        expected.linearGradB(c),
        () => againstCentralDifference(lossDifference(c), maxAbs(c.dLdy)),
        '∂L/∂b',
        'the central difference',
      );
    },
  },
  linearInUpstreamLaw(gradB),
  shapeLaw(gradB, 'm numbers'),
  purityLaw(gradB),
  directionalLaw({
    fn: 'linearGradB',
    cases: largeLinearCase('W', 'b', 'x', 'dLdy', 'db'),
    shows: ['dLdy', 'db'],
    product: '⟨∂L/∂b, Δb⟩',
    studentProduct(student, c) {
      const grad = asVector(call(student, 'linearGradB', c.dLdy), c.b.length, '∂L/∂b');
      return { value: dot(grad, c.db), scale: c.db.reduce((s, d, i) => s + abs(d * c.dLdy[i]), 0) };
    },
    along: (c) => (t) =>
      loss(
        c,
        c.W,
        c.b.map((bi, i) => bi + t * c.db[i]),
        c.x,
      ),
    model: (c) => affineModel(c, lossBound(c, undefined, c.db), c.b.length),
  }),
];

export const linearJacobianWLaws: Law<LinearCase>[] = [
  {
    ...jacobianW,
    name: 'agrees with central differences of y = W·x + b in each W_ij',
    why: 'column k = i·n + j holds ∂y/∂W_ij; only y_i uses W_ij, with weight x_j',
    group: 'core',
    check(student, c) {
      const { m, n } = dims(c);
      const J = asMatrix(call(student, 'linearJacobianW', c.x, m), m, m * n, '∂y/∂vec(W)');
      const F = maxAbs(
        affine(
          c.W.map((row) => row.map((Wij) => abs(Wij) + H)),
          c.b.map(Math.abs),
          c.x.map(Math.abs),
        ),
      );
      const budget = againstCentralDifference({ h: H, m3: 0, F, kappa: kappa(c) }, maxAbs(c.x));
      expectClose(J, expected.linearJacobianW(c), () => budget, '∂y/∂vec(W)', 'the central difference');
    },
  },
  shapeLaw(jacobianW, 'an m × (m·n) matrix'),
  purityLaw(jacobianW),
  directionalLaw({
    fn: 'linearJacobianW',
    cases: largeLinearCase('W', 'b', 'x', 'dLdy', 'dW'),
    shows: ['x', 'W', 'dLdy', 'dW'],
    product: 'dLdyᵀ·∂y/∂vec(W)·vec(ΔW)',
    studentProduct(student, c) {
      const { m, n } = dims(c);
      const J = asMatrix(call(student, 'linearJacobianW', c.x, m), m, m * n, '∂y/∂vec(W)');
      const u = c.dW.flat();
      return { value: J.reduce((s, row, i) => s + c.dLdy[i] * dot(row, u), 0), scale: gradWScale(c) };
    },
    along: (c) => (t) =>
      loss(
        c,
        c.W.map((row, i) => row.map((Wij, j) => Wij + t * c.dW[i][j])),
        c.b,
        c.x,
      ),
    model: (c) => affineModel(c, lossBound(c, c.dW), c.W.length * c.W.length * c.x.length),
  }),
];

export const linearGradWLaws: Law<LinearCase>[] = [
  {
    ...gradW,
    name: 'agrees with central differences of L(W) = dLdy·(W·x + b)',
    why: '∂L/∂W_ij = Σ_k dLdy_k·∂y_k/∂W_ij = dLdy_i·x_j: the outer product dLdy·xᵀ',
    group: 'core',
    check(student, c) {
      const { m, n } = dims(c);
      const grad = asMatrix(call(student, 'linearGradW', c.dLdy, c.x), m, n, '∂L/∂W');
      const budget = againstCentralDifference(lossDifference(c), maxAbs(c.dLdy) * maxAbs(c.x));
      expectClose(grad, expected.linearGradW(c), () => budget, '∂L/∂W', 'the central difference');
    },
  },
  {
    ...gradW,
    shows: ['dLdy', 'x', 'dW'],
    name: 'passes the dot-product test ⟨ΔW, ∂L/∂W⟩ = ⟨ΔW·x, dLdy⟩',
    why: 'moving W by ΔW moves y by ΔW·x, so L changes by dLdy·(ΔW·x); the gradient must predict that change',
    group: 'core',
    check(student, c) {
      const { m, n } = dims(c);
      const grad = asMatrix(call(student, 'linearGradW', c.dLdy, c.x), m, n, '∂L/∂W');
      const predicted = dot(c.dW.flat(), grad.flat());
      const actual = dot(affine(c.dW, new Array<number>(m).fill(0), c.x), c.dLdy);
      expectNear(predicted, actual, exact(gradWScale(c), kappa(c) + m * n), '⟨ΔW, ∂L/∂W⟩ should equal ⟨ΔW·x, dLdy⟩');
    },
  },
  linearInUpstreamLaw(gradW),
  shapeLaw(gradW, 'an m×n matrix'),
  purityLaw(gradW),
  directionalLaw({
    fn: 'linearGradW',
    cases: largeLinearCase('W', 'b', 'x', 'dLdy', 'dW'),
    shows: ['dLdy', 'x', 'dW'],
    product: '⟨∂L/∂W, ΔW⟩',
    studentProduct(student, c) {
      const { m, n } = dims(c);
      const grad = asMatrix(call(student, 'linearGradW', c.dLdy, c.x), m, n, '∂L/∂W');
      return { value: dot(grad.flat(), c.dW.flat()), scale: gradWScale(c) };
    },
    along: (c) => (t) =>
      loss(
        c,
        c.W.map((row, i) => row.map((Wij, j) => Wij + t * c.dW[i][j])),
        c.b,
        c.x,
      ),
    model: (c) => affineModel(c, lossBound(c, c.dW), c.W.length * c.x.length),
  }),
];

export const linearGradXLaws: Law<LinearCase>[] = [
  {
    ...gradX,
    name: 'agrees with central differences of L(x) = dLdy·(W·x + b)',
    why: 'x_j reaches every y_i through W_ij, so ∂L/∂x_j = Σ_i W_ij·dLdy_i: that is Wᵀ·dLdy',
    group: 'core',
    check(student, c) {
      const { n } = dims(c);
      const grad = asVector(call(student, 'linearGradX', c.W, c.dLdy), n, '∂L/∂x');
      const F =
        maxAbs(c.dLdy) *
        c.W.reduce((s, row, i) => s + row.reduce((t, Wij, j) => t + abs(Wij) * (abs(c.x[j]) + H), abs(c.b[i])), 0);
      const budget = againstCentralDifference(
        { h: H, m3: 0, F, kappa: kappa(c) },
        maxAbs(c.dLdy) * maxAbs(c.W.flat()) * c.W.length,
      );
      expectClose(grad, expected.linearGradX(c), () => budget, '∂L/∂x', 'the central difference');
    },
  },
  {
    ...gradX,
    shows: ['W', 'dLdy', 'v'],
    name: 'passes the dot-product test ⟨W·v, dLdy⟩ = ⟨v, ∂L/∂x⟩',
    why: 'the backward map of x ↦ W·x is its adjoint Wᵀ, defined by ⟨W·v, g⟩ = ⟨v, Wᵀ·g⟩ for every v',
    group: 'core',
    check(student, c) {
      const { m, n } = dims(c);
      const grad = asVector(call(student, 'linearGradX', c.W, c.dLdy), n, '∂L/∂x');
      const Wv = affine(c.W, new Array<number>(m).fill(0), c.v);
      const scale = c.W.reduce((s, row, i) => s + row.reduce((t, Wij, j) => t + abs(Wij * c.v[j] * c.dLdy[i]), 0), 0);
      expectNear(dot(c.v, grad), dot(Wv, c.dLdy), exact(scale, kappa(c)), '⟨v, ∂L/∂x⟩ should equal ⟨W·v, dLdy⟩');
    },
  },
  linearInUpstreamLaw(gradX),
  shapeLaw(gradX, 'n numbers'),
  purityLaw(gradX),
  directionalLaw({
    fn: 'linearGradX',
    cases: largeLinearCase('W', 'b', 'x', 'dLdy', 'v'),
    shows: ['W', 'dLdy', 'v'],
    product: '⟨∂L/∂x, Δx⟩',
    studentProduct(student, c) {
      const grad = asVector(call(student, 'linearGradX', c.W, c.dLdy), c.x.length, '∂L/∂x');
      const scale = c.v.reduce(
        (s, vj, j) => s + abs(vj) * c.W.reduce((t, row, i) => t + abs(row[j] * c.dLdy[i]), 0),
        0,
      );
      return { value: dot(grad, c.v), scale };
    },
    along: (c) => (t) =>
      loss(
        c,
        c.W,
        c.b,
        c.x.map((xj, j) => xj + t * c.v[j]),
      ),
    model: (c) => affineModel(c, lossBound(c, undefined, undefined, c.v), c.W.length * c.x.length),
  }),
];

/** What each function of linear.ts receives for a case, and its right answer there (diagnosis.ts uses them). */
export const linearAnswers = {
  linearForward: { args: forward.args, expected: expected.linearForward },
  linearGradB: { args: gradB.args, expected: expected.linearGradB },
  linearJacobianW: { args: jacobianW.args, expected: expected.linearJacobianW },
  linearGradW: { args: gradW.args, expected: expected.linearGradW },
  linearGradX: { args: gradX.args, expected: expected.linearGradX },
};
