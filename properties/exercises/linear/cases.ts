// The linear layer's inputs: random cases, cases of a given size for the
// large-size laws and the bench, and the edge cases every law sees first.

import fc from 'fast-check';
import { dimension, entry, largeDimension, matrix, MAX_DIM, seeded, vector } from '../../arbitraries';

/** Inputs for the linear layer: y = W·x + b with upstream gradient dLdy. */
export interface LinearCase {
  readonly W: number[][];
  readonly b: number[];
  readonly x: number[];
  /** Upstream gradient ∂L/∂y. */
  readonly dLdy: number[];
  /** A second upstream gradient and a scalar, for linearity in dLdy. */
  readonly dLdy2: number[];
  readonly alpha: number;
  /**
   * Directions in x-space (n entries), W-space (m×n) and b-space (m entries),
   * for dot-product tests and directional derivatives.
   */
  readonly v: number[];
  readonly dW: number[][];
  readonly db: number[];
}

export function linearCase(): fc.Arbitrary<LinearCase> {
  return fc
    .record({
      m: dimension(),
      n: dimension(),
      W: matrix(MAX_DIM, MAX_DIM),
      dW: matrix(MAX_DIM, MAX_DIM),
      b: vector(MAX_DIM),
      x: vector(MAX_DIM),
      dLdy: vector(MAX_DIM),
      dLdy2: vector(MAX_DIM),
      v: vector(MAX_DIM),
      db: vector(MAX_DIM),
      alpha: entry(),
    })
    .map(({ m, n, W, dW, b, x, dLdy, dLdy2, v, db, alpha }) => ({
      W: W.slice(0, m).map((row) => row.slice(0, n)),
      dW: dW.slice(0, m).map((row) => row.slice(0, n)),
      b: b.slice(0, m),
      x: x.slice(0, n),
      dLdy: dLdy.slice(0, m),
      dLdy2: dLdy2.slice(0, m),
      v: v.slice(0, n),
      db: db.slice(0, m),
      alpha,
    }));
}

/**
 * A linear case of exactly m×n from a seed, drawing only the fields asked for
 * (the others are empty): drawing a 32×32 matrix costs more than checking it.
 */
export function linearCaseOfSize(
  m: number,
  n: number,
  seed: number,
  fields: readonly (keyof LinearCase)[],
  alpha = 1,
): LinearCase {
  const next = seeded(seed);
  const vec = (key: keyof LinearCase, k: number) =>
    fields.includes(key) ? Array.from({ length: k }, () => next(4)) : [];
  const mat = (key: keyof LinearCase) =>
    fields.includes(key) ? Array.from({ length: m }, () => Array.from({ length: n }, () => next(4))) : [];
  return {
    W: mat('W'),
    dW: mat('dW'),
    b: vec('b', m),
    x: vec('x', n),
    dLdy: vec('dLdy', m),
    dLdy2: vec('dLdy2', m),
    v: vec('v', n),
    db: vec('db', m),
    alpha,
  };
}

export function largeLinearCase(...fields: readonly (keyof LinearCase)[]): fc.Arbitrary<LinearCase> {
  return fc
    .record({ m: largeDimension(), n: largeDimension(), seed: fc.noBias(fc.integer()), alpha: entry() })
    .map(({ m, n, seed, alpha }) => linearCaseOfSize(m, n, seed, fields, alpha));
}

// Edge cases every law also sees, before the random ones.

export const linearExamples: LinearCase[] = [
  // m = n = 1: a scalar layer.
  { W: [[1.5]], b: [-0.25], x: [2], dLdy: [-3], dLdy2: [0.5], alpha: 2, v: [1], dW: [[0.75]], db: [-1] },
  // m = 1: a row vector W, one output.
  {
    W: [[1, -2, 0.5]],
    b: [1],
    x: [0.5, 1, -1],
    dLdy: [2],
    dLdy2: [-1],
    alpha: -0.5,
    v: [1, 0, 2],
    dW: [[0, 1, -1]],
    db: [2],
  },
  // n = 1: a column vector W, one input.
  {
    W: [[2], [-1], [0.5]],
    b: [0, 1, 2],
    x: [-1.5],
    dLdy: [1, 2, -3],
    dLdy2: [0, 1, 0],
    alpha: 3,
    v: [2],
    dW: [[1], [0], [-1]],
    db: [1, -1, 0.5],
  },
  // The seed's 2×2 example with distinct entries.
  {
    W: [
      [1, 2],
      [3, 4],
    ],
    b: [0.5, -0.5],
    x: [-1, 2],
    dLdy: [0.25, -1],
    dLdy2: [1, 1],
    alpha: 0.5,
    v: [1, -1],
    dW: [
      [0, 1],
      [2, 0],
    ],
    db: [0.5, 1],
  },
  // Non-square 2×3, where transposes cannot hide.
  {
    W: [
      [1, 0, -1],
      [2, 1, 0.5],
    ],
    b: [0, 0],
    x: [1, 2, 3],
    dLdy: [1, -1],
    dLdy2: [0.5, 2],
    alpha: -2,
    v: [0, 1, -1],
    dW: [
      [1, 1, 1],
      [0, -1, 0],
    ],
    db: [-1, 1],
  },
];
