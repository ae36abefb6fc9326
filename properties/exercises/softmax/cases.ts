// The softmax's inputs: logits on the grid around a centre (ordinary, or
// beyond where exp overflows), inverse temperatures away from 1, cases of a
// given size for the large-size laws and the bench, and the edge cases every
// law sees first.

import fc from 'fast-check';
import { dimension, entry, GRID, LARGE_LOGIT, largeDimension, MAX_DIM, seeded, vector } from '../../arbitraries';

/** Logits span about ±SPREAD in units of β·x: neither uniform nor one-hot. */
export const SPREAD = 3;

/**
 * Inverse temperatures well away from 1 on both sides, from 1/8 to 15. Each has
 * a 4-bit mantissa, so β·x is exact for grid values. Shrinks towards 2.
 */
export const BETAS: readonly number[] = (() => {
  const all: number[] = [];
  for (let e = -3; e <= 3; e++) for (let j = 0; j < 8; j++) all.push(((8 + j) / 8) * 2 ** e);
  const away = all.filter((b) => b <= 2 / 3 || b >= 3 / 2);
  return [2, 0.5, ...away.filter((b) => b !== 2 && b !== 0.5)];
})();

export function beta(): fc.Arbitrary<number> {
  return fc.constantFrom(...BETAS);
}

/** Inputs for the softmax: logits x, inverse temperature β, upstream gradient dLdy. */
export interface SoftmaxCase {
  readonly x: number[];
  readonly beta: number;
  readonly dLdy: number[];
  /** A second upstream gradient and a scalar, for linearity in dLdy. */
  readonly dLdy2: number[];
  readonly alpha: number;
  /** A constant to add to every logit, or to every entry of dLdy. */
  readonly shift: number;
  /** A direction in x-space with entries in [−1, 1], for directional derivatives. */
  readonly u: number[];
}

/** Logits on the grid with β·x_k within about ±SPREAD of `centre`·(1/β). */
function logits(n: number, b: number, centre: number, u: readonly number[]): number[] {
  return u.slice(0, n).map((uk) => Math.round(((centre + (uk * SPREAD) / GRID) * GRID) / b) / GRID);
}

function softmaxCaseAround(centre: fc.Arbitrary<number>): fc.Arbitrary<SoftmaxCase> {
  return fc
    .record({
      n: dimension(),
      beta: beta(),
      centre,
      u: fc.array(fc.noBias(fc.integer({ min: -GRID, max: GRID })), { minLength: MAX_DIM, maxLength: MAX_DIM }),
      dLdy: vector(MAX_DIM),
      dLdy2: vector(MAX_DIM),
      alpha: entry(),
      shift: entry(8),
      direction: vector(MAX_DIM, 1),
    })
    .map(({ n, beta, centre, u, dLdy, dLdy2, alpha, shift, direction }) => ({
      x: logits(n, beta, centre, u),
      beta,
      dLdy: dLdy.slice(0, n),
      dLdy2: dLdy2.slice(0, n),
      alpha,
      shift,
      u: direction.slice(0, n),
    }));
}

/** Ordinary logits: β·x within about ±SPREAD of 0. */
export function softmaxCase(): fc.Arbitrary<SoftmaxCase> {
  return softmaxCaseAround(fc.constant(0));
}

/** Logits whose β·x sits beyond ±LARGE_LOGIT, where a naive exp overflows or underflows. */
export function largeLogitsCase(): fc.Arbitrary<SoftmaxCase> {
  const magnitude = fc.noBias(fc.integer({ min: LARGE_LOGIT, max: 2 * LARGE_LOGIT }));
  return softmaxCaseAround(fc.tuple(fc.boolean(), magnitude).map(([neg, c]) => (neg ? -c : c)));
}

/** A softmax case of exactly n logits from a seed. */
export function softmaxCaseOfSize(n: number, beta: number, seed: number, alpha = 1, shift = 0): SoftmaxCase {
  const next = seeded(seed);
  const vec = (max: number) => Array.from({ length: n }, () => next(max));
  return {
    x: logits(
      n,
      beta,
      0,
      vec(1).map((t) => t * GRID),
    ),
    beta,
    dLdy: vec(4),
    dLdy2: [],
    alpha,
    shift,
    u: vec(1),
  };
}

export function largeSoftmaxCase(): fc.Arbitrary<SoftmaxCase> {
  return fc
    .record({ n: largeDimension(), beta: beta(), seed: fc.noBias(fc.integer()), alpha: entry(), shift: entry(8) })
    .map(({ n, beta, seed, alpha, shift }) => softmaxCaseOfSize(n, beta, seed, alpha, shift));
}

// Edge cases every law also sees, before the random ones.

export const softmaxExamples: SoftmaxCase[] = [
  // n = 1: y = [1] and J = [[0]] whatever x and β.
  { x: [0.75], beta: 2, dLdy: [1.5], dLdy2: [-1], alpha: 2, shift: 3, u: [1] },
  // Equal logits: y is uniform.
  { x: [0.5, 0.5, 0.5], beta: 4, dLdy: [1, -2, 0.5], dLdy2: [0, 1, 0], alpha: -1, shift: -2, u: [1, -0.5, 0.25] },
  // Two logits, β below 1.
  { x: [1, -1], beta: 0.25, dLdy: [2, 1], dLdy2: [1, -1], alpha: 0.5, shift: 1.5, u: [-1, 1] },
  // Distinct logits, β above 1.
  {
    x: [0.25, -0.5, 0.125, 0],
    beta: 3,
    dLdy: [1, 0, -1, 2],
    dLdy2: [-0.5, 1, 1, 0],
    alpha: 3,
    shift: -0.75,
    u: [0.5, 0, -1, 1],
  },
];

export const largeLogitsExamples: SoftmaxCase[] = [
  // β·x far above exp's overflow threshold.
  { x: [400, 401, 399.5], beta: 2, dLdy: [1, -1, 0.5], dLdy2: [0, 1, 0], alpha: 2, shift: 1, u: [1, -1, 0.5] },
  // β·x far below exp's underflow threshold.
  { x: [-1000, -1001, -999], beta: 1, dLdy: [0.5, 2, -1], dLdy2: [1, 0, 0], alpha: -1, shift: -1, u: [0.25, 1, -1] },
];
