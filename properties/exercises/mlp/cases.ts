// The network's inputs: two layers' weights and biases, an input and a
// label, every pre-activation kept at least MARGIN from the relu's kink (so
// that a derivative there is never in question), cases of a given size for
// the large-size law, and the edge cases every law sees first.

import fc from 'fast-check';
import { dimension, largeDimension, matrix, MAX_DIM, seeded, vector } from '../../arbitraries';

export interface MlpCase {
  readonly W1: number[][];
  readonly b1: number[];
  readonly W2: number[][];
  readonly b2: number[];
  readonly x: number[];
  readonly label: number;
  /** A direction in every parameter's space and the input's, entries in [−1, 1]. */
  readonly u: { W1: number[][]; b1: number[]; W2: number[][]; b2: number[]; x: number[] };
}

/** How far every pre-activation W1·x + b1 stays from 0. */
export const MARGIN = 1 / 8;

/** b1 moved, entry by entry, so that |W1·x + b1| ≥ MARGIN everywhere (on the grid: exact). */
function awayFromKinks(W1: number[][], b1: number[], x: number[]): number[] {
  return b1.map((bi, i) => {
    const a = W1[i].reduce((s, w, j) => s + w * x[j], bi);
    return Math.abs(a) >= MARGIN ? bi : bi + (a >= 0 ? 2 * MARGIN : -2 * MARGIN);
  });
}

function build(
  W1: number[][],
  b1: number[],
  W2: number[][],
  b2: number[],
  x: number[],
  label: number,
  u: MlpCase['u'],
): MlpCase {
  return { W1, b1: awayFromKinks(W1, b1, x), W2, b2, x, label, u };
}

export function mlpCase(): fc.Arbitrary<MlpCase> {
  return fc
    .record({
      n: dimension(),
      h: dimension(),
      k: dimension(),
      W1: matrix(MAX_DIM, MAX_DIM, 1),
      W2: matrix(MAX_DIM, MAX_DIM, 1),
      b1: vector(MAX_DIM, 1),
      b2: vector(MAX_DIM, 1),
      x: vector(MAX_DIM, 1),
      label: fc.noBias(fc.nat({ max: MAX_DIM - 1 })),
      uW1: matrix(MAX_DIM, MAX_DIM, 1),
      uW2: matrix(MAX_DIM, MAX_DIM, 1),
      ub: vector(MAX_DIM, 1),
    })
    .map(({ n, h, k, W1, W2, b1, b2, x, label, uW1, uW2, ub }) => {
      const cut = (m: number[][], r: number, c: number) => m.slice(0, r).map((row) => row.slice(0, c));
      return build(cut(W1, h, n), b1.slice(0, h), cut(W2, k, h), b2.slice(0, k), x.slice(0, n), label % k, {
        W1: cut(uW1, h, n),
        b1: ub.slice(0, h),
        W2: cut(uW2, k, h),
        b2: ub.slice(0, k),
        x: ub.slice(0, n),
      });
    });
}

/** A case from a seed: h hidden units on n inputs, k classes (every size n unless given). */
export function mlpCaseOfSize(h: number, seed: number, n = h, k = h): MlpCase {
  const next = seeded(seed);
  const vec = (len: number) => Array.from({ length: len }, () => next(1));
  const mat = (r: number, c: number) => Array.from({ length: r }, () => vec(c));
  return build(mat(h, n), vec(h), mat(k, h), vec(k), vec(n), Math.abs(seed) % k, {
    W1: mat(h, n),
    b1: vec(h),
    W2: mat(k, h),
    b2: vec(k),
    x: vec(n),
  });
}

export function largeMlpCase(): fc.Arbitrary<MlpCase> {
  return fc.record({ n: largeDimension(), seed: fc.noBias(fc.integer()) }).map(({ n, seed }) => mlpCaseOfSize(n, seed));
}

const u1 = { W1: [[1]], b1: [-1], W2: [[0.5]], b2: [1], x: [0.25] };

// Edge cases every law also sees, before the random ones.
export const mlpExamples: MlpCase[] = [
  // One of everything: one class, so L = 0 and every gradient is 0.
  build([[1]], [0.5], [[2]], [0], [1], 0, u1),
  // A hidden unit the relu shuts off (its pre-activation −0.75), two classes.
  build(
    [
      [1, -1],
      [0.5, 0.5],
    ],
    [-0.25, 0],
    [
      [1, -1],
      [0.5, 2],
    ],
    [0, 0.25],
    [0.5, 1],
    1,
    {
      W1: [
        [1, 0],
        [0, 1],
      ],
      b1: [1, -1],
      W2: [
        [0.5, 0],
        [0, -0.5],
      ],
      b2: [1, 0],
      x: [-1, 1],
    },
  ),
];
