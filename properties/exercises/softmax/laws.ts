// Laws of the softmax with inverse temperature β, y = softmax(β·x), for each
// function of softmax.ts. With z = β·x:
//   y_i = exp(z_i) / Σ_k exp(z_k),   J_ij = ∂y_i/∂x_j = β·y_i·(δ_ij − y_j).

import { LARGE_MAX, LARGE_MIN } from '../../arbitraries';
import type { Vector } from '../../contract';
import { asMatrix, asVector, call, callEach, expectClose, expectNear, LawFailure, type Law } from '../../law';
import { directionalLaw, linearInUpstreamLaw, purityLaw, shapeLaw } from '../../laws/common';
import { centralJacobian, dot, maxAbs } from '../../reference';
import type { Student } from '../../sandbox/wire';
import { againstCentralDifference, exact, type Budget, type CentralDifference } from '../../tolerance';
import {
  largeLogitsCase,
  largeLogitsExamples,
  largeSoftmaxCase,
  softmaxCase,
  softmaxExamples,
  type SoftmaxCase,
} from './cases';
import {
  softmaxDirectionalStep,
  softmaxDirectionalThirdDerivativeBound,
  softmaxKappa,
  softmaxOf,
  softmaxStep,
  softmaxThirdDerivativeBound,
} from './reference';

// Builtins read once: under jest's vm sandbox every global lookup is slow.
const { abs } = Math;

const cases = softmaxCase();
const examples = softmaxExamples;
const large = { cases: largeLogitsCase(), examples: largeLogitsExamples };
const big = largeSoftmaxCase();

const kappa = (c: SoftmaxCase) => softmaxKappa(c.beta, c.x);
const shifted = (c: SoftmaxCase) => c.x.map((xi) => xi + c.shift);
const scaled = (c: SoftmaxCase) => c.x.map((xi) => c.beta * xi);
const sum = (v: Vector) => v.reduce((s, vi) => s + vi, 0);
const l1 = (v: Vector) => v.reduce((s, vi) => s + abs(vi), 0);

/** J_ij = ∂y_i/∂x_j by central differences of the grader's softmax. */
const jacobianByDifferences = (c: SoftmaxCase) =>
  centralJacobian((x) => softmaxOf(x, c.beta), c.x, softmaxStep(c.beta));

/** Jᵀ·dLdy with J from central differences. */
const gradientByDifferences = (c: SoftmaxCase) => {
  const J = jacobianByDifferences(c);
  return c.x.map((_, j) => J.reduce((s, row, i) => s + row[j] * c.dLdy[i], 0));
};

/** J_ij from central differences of the grader's softmax, and the budget for comparing entry (i, j) with it. */
function differencedJacobian(c: SoftmaxCase): { J: number[][]; budget: (i: number, j: number) => Budget } {
  const h = softmaxStep(c.beta);
  const J = jacobianByDifferences(c);
  const y = softmaxOf(c.x, c.beta);
  const fd = { h, m3: softmaxThirdDerivativeBound(c.beta), F: 1, kappa: kappa(c) };
  return { J, budget: (i) => againstCentralDifference(fd, c.beta * y[i]) };
}

/** Jᵀ·dLdy with J from central differences, and its budget: entry j sums n differences weighted by |dLdy_i|. */
function differencedGradient(c: SoftmaxCase): { grad: number[]; budget: (j: number) => Budget } {
  const h = softmaxStep(c.beta);
  const grad = gradientByDifferences(c);
  const y = softmaxOf(c.x, c.beta);
  const g1 = l1(c.dLdy);
  const fd = { h, m3: softmaxThirdDerivativeBound(c.beta) * g1, F: g1, kappa: kappa(c) };
  return { grad, budget: (j) => againstCentralDifference(fd, 2 * c.beta * y[j] * maxAbs(c.dLdy)) };
}

/** The central-difference model of L(x) = dLdy·softmax(β·x) along the direction u. */
function alongDirection(c: SoftmaxCase, terms: number): CentralDifference {
  const g = maxAbs(c.dLdy);
  return {
    h: softmaxDirectionalStep(c.beta),
    m3: softmaxDirectionalThirdDerivativeBound(c.beta, g),
    F: g,
    kappa: softmaxKappa(c.beta, c.x) + terms,
  };
}

/** Σ_k β·y_k·(|g_k| + Σ_i |g_i|·y_i)·|u_k|: the size of ⟨∂L/∂x, u⟩'s terms. */
function productScale(c: SoftmaxCase): number {
  const y = softmaxOf(c.x, c.beta);
  const gy = y.reduce((s, yi, i) => s + abs(c.dLdy[i]) * yi, 0);
  return y.reduce((s, yk, k) => s + c.beta * yk * (abs(c.dLdy[k]) + gy) * abs(c.u[k]), 0);
}

const lossAlong = (c: SoftmaxCase) => (t: number) =>
  dot(
    c.dLdy,
    softmaxOf(
      c.x.map((xk, k) => xk + t * c.u[k]),
      c.beta,
    ),
  );

const forward = {
  fn: 'softmax' as const,
  cases,
  examples,
  shows: ['x', 'beta'] as const,
  args: (c: SoftmaxCase) => [c.x, c.beta] as [Vector, number],
  shape: (c: SoftmaxCase) => [c.x.length] as const,
};

const jacobian = {
  fn: 'softmaxJacobian' as const,
  cases,
  examples,
  shows: ['x', 'beta'] as const,
  args: (c: SoftmaxCase) => [c.x, c.beta] as [Vector, number],
  shape: (c: SoftmaxCase) => [c.x.length, c.x.length] as const,
};

const gradX = {
  fn: 'softmaxGradX' as const,
  cases,
  examples,
  shows: ['x', 'beta', 'dLdy'] as const,
  args: (c: SoftmaxCase) => [c.x, c.beta, c.dLdy] as [Vector, number, Vector],
  withUpstream: (c: SoftmaxCase, g: number[]) => [c.x, c.beta, g] as [Vector, number, Vector],
  shape: (c: SoftmaxCase) => [c.x.length] as const,
  kappa,
  /** β·y_j·(|g_j| + Σ_i |g_i|·y_i): the terms of β·y_j·(g_j − g·y) before they cancel. */
  magnitude(c: SoftmaxCase, g: Vector) {
    const ref = softmaxOf(c.x, c.beta);
    const gy = ref.reduce((s, yi, i) => s + abs(g[i]) * yi, 0);
    return (j: number) => c.beta * ref[j] * (abs(g[j]) + gy);
  },
};

const y = (student: Student, x: Vector, beta: number, what = 'y') =>
  asVector(call(student, 'softmax', x, beta), x.length, what);
const J = (student: Student, x: Vector, beta: number, what = 'J') =>
  asMatrix(call(student, 'softmaxJacobian', x, beta), x.length, x.length, what);
const dLdx = (student: Student, x: Vector, beta: number, g: Vector, what = '∂L/∂x') =>
  asVector(call(student, 'softmaxGradX', x, beta, g), x.length, what);

// Several results of one function in one round trip (arguments independent of results), each checked for shape.
const ys = (student: Student, calls: readonly [Vector, number, string][]) =>
  callEach(
    student,
    'softmax',
    calls.map(([x, beta]) => [x, beta]),
  ).map((v, k) => asVector(v, calls[k][0].length, calls[k][2]));
const Js = (student: Student, calls: readonly [Vector, number, string][]) =>
  callEach(
    student,
    'softmaxJacobian',
    calls.map(([x, beta]) => [x, beta]),
  ).map((v, k) => asMatrix(v, calls[k][0].length, calls[k][0].length, calls[k][2]));
const dLdxs = (student: Student, calls: readonly [Vector, number, Vector, string][]) =>
  callEach(
    student,
    'softmaxGradX',
    calls.map(([x, beta, g]) => [x, beta, g]),
  ).map((v, k) => asVector(v, calls[k][0].length, calls[k][3]));

/**
 * A probability lives on the scale of 1: its rounding is judged in ulps of 1,
 * so that a softmax that adds 2⁻⁵² to every entry (as one library does, to
 * keep a later log finite) is not failed over a tiny entry's last digits.
 */
const probability = (c: SoftmaxCase, k = kappa(c)) => exact(1, k);

const matchesDefinition = (c: SoftmaxCase, student: Student) => {
  const ref = softmaxOf(c.x, c.beta);
  expectClose(y(student, c.x, c.beta), ref, () => probability(c), 'y', 'exp(β·x_i) / Σ_k exp(β·x_k)');
};

export const softmaxLaws: Law<SoftmaxCase>[] = [
  {
    ...forward,
    name: 'equals exp(β·x_i) / Σ_k exp(β·x_k)',
    why: 'the definition; subtracting max_k β·x_k from every β·x_i first changes nothing and avoids overflow',
    group: 'core',
    check: (student, c) => matchesDefinition(c, student),
  },
  {
    ...forward,
    name: 'is a probability vector: entries in [0, 1] that sum to 1',
    why: 'each exp(β·x_i) is positive and they are divided by their own sum',
    group: 'core',
    check(student, c) {
      const out = y(student, c.x, c.beta);
      const { abs: ulps } = probability(c);
      const bad = out.findIndex((yi) => !(yi >= -ulps && yi <= 1 + ulps));
      if (bad >= 0) {
        throw new LawFailure(
          `y[${bad}] = ${out[bad]} is not in [0, 1] (give or take ${ulps.toExponential(1)})`,
          undefined,
          out,
        );
      }
      expectNear(sum(out), 1, probability(c), 'Σ_i y_i should be 1');
    },
  },
  {
    ...forward,
    shows: ['x', 'beta', 'shift'],
    name: 'is unchanged when the same constant is added to every logit',
    why: 'exp(β·(x_i + c)) = exp(β·c)·exp(β·x_i), and the common factor cancels in the ratio',
    group: 'core',
    check(student, c) {
      const k = softmaxKappa(c.beta, c.x, shifted(c));
      const [moved, original] = ys(student, [
        [shifted(c), c.beta, 'softmax(x + shift)'],
        [c.x, c.beta, 'softmax(x)'],
      ]);
      expectClose(moved, original, () => probability(c, k), 'softmax(x + shift)', 'softmax(x)');
    },
  },
  {
    ...forward,
    name: 'obeys β-scaling: softmax(x, β) = softmax(β·x, 1)',
    why: 'β only ever appears multiplied by x',
    group: 'core',
    check(student, c) {
      const [atBeta, atOne] = ys(student, [
        [c.x, c.beta, 'softmax(x, β)'],
        [scaled(c), 1, 'softmax(β·x, 1)'],
      ]);
      expectClose(atBeta, atOne, () => probability(c), 'softmax(x, β)', 'softmax(β·x, 1)');
    },
  },
  shapeLaw(forward, 'n numbers'),
  purityLaw(forward),
  {
    ...forward,
    cases: big,
    examples: [],
    share: 0.2,
    name: `equals exp(β·x_i) / Σ_k exp(β·x_k) at sizes ${LARGE_MIN} to ${LARGE_MAX}`,
    why: 'the definition holds at every size: a loop bounded by a constant breaks here',
    group: 'core',
    check: (student, c) => matchesDefinition(c, student),
  },
  {
    ...forward,
    ...large,
    name: 'stays finite and correct when β·x is in the hundreds',
    why: 'exp overflows to Infinity above 709.78 and underflows to 0 below −745; subtract max_k β·x_k before exp',
    group: 'stability',
    check: (student, c) => matchesDefinition(c, student),
  },
];

const matchesDifferences = (c: SoftmaxCase, student: Student) => {
  const fd = differencedJacobian(c);
  expectClose(
    J(student, c.x, c.beta),
    fd.J,
    fd.budget,
    'J',
    'the central difference (y(x + h·e_j) − y(x − h·e_j)) / 2h',
  );
};

export const softmaxJacobianLaws: Law<SoftmaxCase>[] = [
  {
    ...jacobian,
    name: 'agrees with central differences of softmax',
    why: 'J_ij = ∂y_i/∂x_j = β·y_i·(δ_ij − y_j): β·y_i·(1 − y_i) on the diagonal, −β·y_i·y_j off it',
    group: 'core',
    check: (student, c) => matchesDifferences(c, student),
  },
  {
    ...jacobian,
    name: 'has rows that sum to zero',
    why: 'row i sums ∂y_i/∂x_j over j: the change of y_i when every logit moves together, which is none',
    group: 'core',
    check(student, c) {
      const ref = softmaxOf(c.x, c.beta);
      J(student, c.x, c.beta).forEach((row, i) =>
        expectNear(sum(row), 0, exact(c.beta * ref[i], kappa(c)), `row ${i} of J should sum to 0`),
      );
    },
  },
  {
    ...jacobian,
    name: 'has columns that sum to zero',
    why: 'column j sums ∂y_i/∂x_j over i: the change of Σ_i y_i = 1, which is none',
    group: 'core',
    check(student, c) {
      const ref = softmaxOf(c.x, c.beta);
      const out = J(student, c.x, c.beta);
      ref.forEach((yj, j) =>
        expectNear(sum(out.map((row) => row[j])), 0, exact(c.beta * yj, kappa(c)), `column ${j} of J should sum to 0`),
      );
    },
  },
  {
    ...jacobian,
    name: 'is symmetric',
    why: 'off the diagonal J_ij = −β·y_i·y_j = J_ji',
    group: 'core',
    check(student, c) {
      const ref = softmaxOf(c.x, c.beta);
      const out = J(student, c.x, c.beta);
      const transposed = out.map((row, i) => row.map((_, j) => out[j][i]));
      expectClose(out, transposed, (i, j) => exact(c.beta * ref[i] * ref[j], kappa(c)), 'J', 'Jᵀ');
    },
  },
  {
    ...jacobian,
    name: 'obeys β-scaling: J(x, β) = β·J(β·x, 1)',
    why: 'y depends on x only through z = β·x, so ∂y/∂x = β·∂y/∂z',
    group: 'core',
    check(student, c) {
      const ref = softmaxOf(c.x, c.beta);
      const [atOne, atBeta] = Js(student, [
        [scaled(c), 1, 'J(β·x, 1)'],
        [c.x, c.beta, 'J(x, β)'],
      ]);
      const rescaled = atOne.map((row) => row.map((v) => c.beta * v));
      expectClose(atBeta, rescaled, (i) => exact(c.beta * ref[i], kappa(c)), 'J(x, β)', 'β·J(β·x, 1)');
    },
  },
  {
    ...jacobian,
    shows: ['x', 'beta', 'shift'],
    name: 'is unchanged when the same constant is added to every logit',
    why: 'softmax(x + c) = softmax(x) for every x, so their derivatives agree too',
    group: 'core',
    check(student, c) {
      const ref = softmaxOf(c.x, c.beta);
      const k = softmaxKappa(c.beta, c.x, shifted(c));
      const [moved, original] = Js(student, [
        [shifted(c), c.beta, 'J(x + shift)'],
        [c.x, c.beta, 'J(x)'],
      ]);
      expectClose(moved, original, (i) => exact(c.beta * ref[i], k), 'J(x + shift)', 'J(x)');
    },
  },
  shapeLaw(jacobian, 'an n×n matrix'),
  purityLaw(jacobian),
  directionalLaw({
    fn: 'softmaxJacobian',
    cases: big,
    shows: ['x', 'beta', 'dLdy', 'u'],
    product: 'dLdyᵀ·J·u',
    studentProduct(student, c) {
      const out = J(student, c.x, c.beta);
      return { value: out.reduce((s, row, i) => s + c.dLdy[i] * dot(row, c.u), 0), scale: productScale(c) };
    },
    along: lossAlong,
    model: (c) => alongDirection(c, c.x.length * c.x.length),
  }),
  {
    ...jacobian,
    ...large,
    name: 'stays finite and correct when β·x is in the hundreds',
    why: 'build J from a softmax that subtracts max_k β·x_k before exp; a naive exp gives Infinity/Infinity = NaN there',
    group: 'stability',
    check: (student, c) => matchesDifferences(c, student),
  },
];

const matchesJacobianProduct = (c: SoftmaxCase, student: Student) => {
  const fd = differencedGradient(c);
  expectClose(
    dLdx(student, c.x, c.beta, c.dLdy),
    fd.grad,
    fd.budget,
    '∂L/∂x',
    'Jᵀ·dLdy with J from central differences',
  );
};

export const softmaxGradXLaws: Law<SoftmaxCase>[] = [
  {
    ...gradX,
    name: 'equals Jᵀ·dLdy, with J from central differences of softmax',
    why: '(∂L/∂x)_j = Σ_i dLdy_i·J_ij = β·y_j·(dLdy_j − Σ_i dLdy_i·y_i)',
    group: 'core',
    check: (student, c) => matchesJacobianProduct(c, student),
  },
  {
    ...gradX,
    name: 'sums to zero',
    why: 'adding the same constant to every logit leaves y, hence L, unchanged: the gradient is orthogonal to (1, …, 1)',
    group: 'core',
    check(student, c) {
      expectNear(
        sum(dLdx(student, c.x, c.beta, c.dLdy)),
        0,
        exact(c.beta * maxAbs(c.dLdy), kappa(c)),
        'Σ_j (∂L/∂x)_j should be 0',
      );
    },
  },
  {
    ...gradX,
    shows: ['x', 'beta', 'dLdy', 'shift'],
    name: 'is unchanged when the same constant is added to every entry of dLdy',
    why: 'Σ_i y_i = 1 whatever x is, so a constant upstream gradient pushes nothing back: the centring term −Σ_i dLdy_i·y_i removes it',
    group: 'core',
    check(student, c) {
      const ref = softmaxOf(c.x, c.beta);
      const moved = c.dLdy.map((g) => g + c.shift);
      const scale = c.beta * (maxAbs(c.dLdy) + abs(c.shift));
      const [atMoved, atOriginal] = dLdxs(student, [
        [c.x, c.beta, moved, 'f(dLdy + shift)'],
        [c.x, c.beta, c.dLdy, 'f(dLdy)'],
      ]);
      expectClose(
        atMoved,
        atOriginal,
        (j) => exact(scale * ref[j], kappa(c)),
        '∂L/∂x for dLdy + shift',
        '∂L/∂x for dLdy',
      );
    },
  },
  linearInUpstreamLaw(gradX),
  {
    ...gradX,
    name: 'obeys β-scaling: f(x, β, dLdy) = β·f(β·x, 1, dLdy)',
    why: 'y depends on x only through z = β·x, so ∂L/∂x = β·∂L/∂z',
    group: 'core',
    check(student, c) {
      const ref = softmaxOf(c.x, c.beta);
      const [atOne, atBeta] = dLdxs(student, [
        [scaled(c), 1, c.dLdy, 'f(β·x, 1, dLdy)'],
        [c.x, c.beta, c.dLdy, 'f(x, β, dLdy)'],
      ]);
      const rescaled = atOne.map((v) => c.beta * v);
      expectClose(
        atBeta,
        rescaled,
        (j) => exact(c.beta * maxAbs(c.dLdy) * ref[j], kappa(c)),
        'f(x, β, dLdy)',
        'β·f(β·x, 1, dLdy)',
      );
    },
  },
  {
    ...gradX,
    shows: ['x', 'beta', 'dLdy', 'shift'],
    name: 'is unchanged when the same constant is added to every logit',
    why: 'softmax(x + c) = softmax(x) for every x, so the gradient is the same at both points',
    group: 'core',
    check(student, c) {
      const ref = softmaxOf(c.x, c.beta);
      const k = softmaxKappa(c.beta, c.x, shifted(c));
      const [moved, original] = dLdxs(student, [
        [shifted(c), c.beta, c.dLdy, 'f(x + shift)'],
        [c.x, c.beta, c.dLdy, 'f(x)'],
      ]);
      expectClose(moved, original, (j) => exact(c.beta * maxAbs(c.dLdy) * ref[j], k), 'f(x + shift)', 'f(x)');
    },
  },
  shapeLaw(gradX, 'n numbers'),
  purityLaw(gradX),
  directionalLaw({
    fn: 'softmaxGradX',
    cases: big,
    shows: ['x', 'beta', 'dLdy', 'u'],
    product: '⟨∂L/∂x, u⟩',
    studentProduct: (student, c) => ({ value: dot(dLdx(student, c.x, c.beta, c.dLdy), c.u), scale: productScale(c) }),
    along: lossAlong,
    model: (c) => alongDirection(c, c.x.length),
  }),
  {
    ...gradX,
    ...large,
    name: 'stays finite and correct when β·x is in the hundreds',
    why: 'compute y with max_k β·x_k subtracted before exp; a naive exp gives Infinity/Infinity = NaN there',
    group: 'stability',
    check: (student, c) => matchesJacobianProduct(c, student),
  },
];

/** What each function of softmax.ts receives for a case, and its right answer there (diagnosis.ts uses them). */
export const softmaxAnswers = {
  softmax: { args: forward.args, expected: (c: SoftmaxCase) => softmaxOf(c.x, c.beta) },
  softmaxJacobian: { args: jacobian.args, expected: jacobianByDifferences },
  softmaxGradX: { args: gradX.args, expected: gradientByDifferences },
};
