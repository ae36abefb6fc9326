// What common misconceptions make the linear layer's functions return, for the diagnosis.

import { matrix, scale, transpose, type Pattern } from '../../patterns';
import type { LinearCase } from './cases';
import type { linearAnswers } from './laws';
import { affine } from './reference';

export const linearPatterns: { [F in keyof typeof linearAnswers]: Pattern<LinearCase>[] } = {
  linearForward: [
    {
      code: 'no-bias',
      says: 'y lacks the bias: add b_i to each row',
      predict: (c) =>
        affine(
          c.W,
          c.b.map(() => 0),
          c.x,
        ),
    },
    {
      code: 'W-transposed',
      says: 'you used W transposed: y_i = Σ_j W_ij·x_j runs along row i of W',
      // Only a square W has W[j][i] everywhere: elsewhere what it gives depends on how the loops guard it.
      predict: (c) =>
        c.W.length === c.x.length ? c.b.map((bi, i) => c.x.reduce((s, xj, j) => s + c.W[j][i] * xj, bi)) : undefined,
    },
  ],
  linearGradB: [
    {
      code: 'ones-not-dLdy',
      says: '∂L/∂b ignores the upstream gradient: it is dLdy itself, not ones',
      predict: (c) => c.b.map(() => 1),
    },
    { code: 'wrong-sign', says: '∂L/∂b has the wrong sign', predict: (_, right) => scale(right, -1) },
  ],
  linearJacobianW: [
    {
      code: 'vec-by-columns',
      says: 'you flattened W column by column; vec(W) goes row by row, with W_ij at column i·n + j',
      predict: (c) =>
        c.W.map((_, i) =>
          Array.from({ length: c.W.length * c.x.length }, (_, k) =>
            k % c.W.length === i ? c.x[Math.floor(k / c.W.length)] : 0,
          ),
        ),
    },
    {
      code: 'x-in-first-block',
      says: 'every row of your ∂y/∂vec(W) puts x in the first block; row i needs it at columns i·n … i·n + n − 1',
      predict: (c) => c.W.map(() => [...c.x, ...new Array<number>((c.W.length - 1) * c.x.length).fill(0)]),
    },
  ],
  linearGradW: [
    {
      code: 'transposed',
      says: 'your ∂L/∂W is the transpose of the right one: it is m×n, with entry [i][j] = dLdy_i·x_j',
      predict: (_, right) => transpose(matrix(right)),
    },
    {
      code: 'ignores-dLdy',
      says: '∂L/∂W ignores the upstream gradient: row i must be dLdy_i·x',
      predict: (c) => c.dLdy.map(() => c.x.slice()),
    },
    { code: 'wrong-sign', says: '∂L/∂W has the wrong sign', predict: (_, right) => scale(right, -1) },
  ],
  linearGradX: [
    {
      code: 'W-not-Wt',
      says: 'you multiplied dLdy by W; ∂L/∂x is Wᵀ·dLdy, which sums down the columns of W',
      // Only a square W gives W·dLdy everywhere: elsewhere what it gives depends on how the loops guard it.
      predict: (c) =>
        c.x.length === c.W.length ? c.W.map((row) => row.reduce((s, w, j) => s + w * c.dLdy[j], 0)) : undefined,
    },
    {
      code: 'dLdy-passed-through',
      says: 'you passed dLdy straight through; ∂L/∂x is Wᵀ·dLdy, n entries, which weighs row i of W by dLdy_i',
      predict: (c) => c.dLdy.slice(),
    },
    {
      code: 'ignores-dLdy',
      says: '∂L/∂x ignores the upstream gradient: weight row i of W by dLdy_i',
      predict: (c) => c.x.map((_, j) => c.W.reduce((s, row) => s + row[j], 0)),
    },
    { code: 'wrong-sign', says: '∂L/∂x has the wrong sign', predict: (_, right) => scale(right, -1) },
  ],
};
