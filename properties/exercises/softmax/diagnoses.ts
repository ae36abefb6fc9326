// What common misconceptions make the softmax's functions return, for the diagnosis.

import { matrix, scale, type Pattern } from '../../patterns';
import type { SoftmaxCase } from './cases';
import type { softmaxAnswers } from './laws';
import { softmaxOf } from './reference';

// Builtins read once: under jest's vm sandbox every global lookup is slow.
const { exp, max } = Math;

const y = (c: SoftmaxCase) => softmaxOf(c.x, c.beta);

export const softmaxPatterns: { [F in keyof typeof softmaxAnswers]: Pattern<SoftmaxCase>[] } = {
  softmax: [
    {
      code: 'ignores-beta',
      says: 'your softmax ignores β: exponentiate β·x_i, not x_i',
      predict: (c) => softmaxOf(c.x, 1),
    },
    { code: 'beta-twice', says: 'your softmax applies β twice', predict: (c) => softmaxOf(c.x, c.beta * c.beta) },
    {
      code: 'not-normalised',
      says: 'your softmax is not normalised: divide each exp(β·x_i) by their sum',
      predict: (c) => {
        const m = c.x.reduce((acc, xi) => max(acc, c.beta * xi), -Infinity);
        return c.x.map((xi) => exp(c.beta * xi - m));
      },
    },
  ],
  softmaxJacobian: [
    {
      code: 'missing-beta',
      says: 'your Jacobian lacks the factor β that ∂(β·x_j)/∂x_j brings',
      predict: (c, right) => scale(right, 1 / c.beta),
    },
    { code: 'beta-twice', says: 'your Jacobian has the factor β twice', predict: (c, right) => scale(right, c.beta) },
    {
      code: 'off-diagonal-sign',
      says: 'the sign of the off-diagonal entries is flipped: J_ij = −β·y_i·y_j for i ≠ j',
      predict: (_, right) => matrix(right).map((row, i) => row.map((v, j) => (i === j ? v : -v))),
    },
    {
      code: 'diagonal-only',
      says: 'only the diagonal is right: off the diagonal J_ij = −β·y_i·y_j, not 0',
      predict: (_, right) => matrix(right).map((row, i) => row.map((v, j) => (i === j ? v : 0))),
    },
    {
      code: 'diagonal-missing-y2',
      says: 'the diagonal lacks the −β·y_i² term: J_ii = β·y_i·(1 − y_i)',
      // The right answer (central differences) with its diagonal replaced: no answer is written out here.
      predict: (c, right) => matrix(right).map((row, i) => row.map((v, j) => (i === j ? c.beta * y(c)[i] : v))),
    },
    {
      code: 'diagonal-formula-everywhere',
      says:
        'every entry follows the diagonal formula β·y_i·(1 − y_j); off the diagonal there is no 1: ' +
        'J_ij = β·y_i·(δ_ij − y_j), with δ_ij = 1 when i = j and 0 otherwise',
      predict: (c) => y(c).map((yi, _, p) => p.map((yj) => c.beta * yi * (1 - yj))),
    },
    {
      code: 'off-diagonal-formula-everywhere',
      says:
        'every entry follows the off-diagonal formula −β·y_i·y_j; on the diagonal ∂y_i/∂x_i has one term more: ' +
        'J_ij = β·y_i·(δ_ij − y_j), with δ_ij = 1 when i = j and 0 otherwise',
      predict: (c) => y(c).map((yi, _, p) => p.map((yj) => -c.beta * yi * yj)),
    },
    { code: 'wrong-sign', says: 'your Jacobian has the wrong sign', predict: (_, right) => scale(right, -1) },
  ],
  softmaxGradX: [
    {
      code: 'missing-centring',
      says: 'the centring term −Σ_i dLdy_i·y_i is missing: (∂L/∂x)_j = β·y_j·(dLdy_j − Σ_i dLdy_i·y_i)',
      predict: (c) => y(c).map((yj, j) => c.beta * yj * c.dLdy[j]),
    },
    {
      code: 'centring-added',
      says: 'the centring term is added: (∂L/∂x)_j = β·y_j·(dLdy_j − Σ_i dLdy_i·y_i), with a minus',
      predict: (c) => {
        const p = y(c);
        const gy = p.reduce((s, pi, i) => s + pi * c.dLdy[i], 0);
        return p.map((pj, j) => c.beta * pj * (c.dLdy[j] + gy));
      },
    },
    {
      code: 'missing-beta',
      says: '∂L/∂x lacks the factor β that ∂(β·x_j)/∂x_j brings',
      predict: (c, right) => scale(right, 1 / c.beta),
    },
    {
      code: 'diagonal-of-J-returned',
      says: '∂L/∂x ignores dLdy: what you returned is the diagonal of J',
      predict: (c) => y(c).map((yj) => c.beta * yj * (1 - yj)),
    },
    {
      code: 'diagonal-of-J-only',
      says:
        'only the diagonal of J was used: (∂L/∂x)_j = Σ_i J_ij·dLdy_i takes every i, not just i = j; ' +
        'the off-diagonal terms −β·y_i·y_j·dLdy_i add up to the centring term −β·y_j·Σ_i dLdy_i·y_i',
      predict: (c) => y(c).map((yj, j) => c.beta * yj * (1 - yj) * c.dLdy[j]),
    },
    {
      code: 'dLdy-passed-through',
      says: '∂L/∂x is dLdy passed straight through: it must go back through the softmax, β·y_j·(dLdy_j − Σ_i dLdy_i·y_i)',
      predict: (c) => c.dLdy.slice(),
    },
    { code: 'wrong-sign', says: '∂L/∂x has the wrong sign', predict: (_, right) => scale(right, -1) },
  ],
};
