// The cross-entropy's inputs: logits on the grid with a label, cases of a
// given size for the large-size law, logits beyond where exp overflows, and
// the edge cases every law sees first.

import fc from 'fast-check';
import { dimension, LARGE_LOGIT, largeDimension, MAX_DIM, seeded, vector } from '../../arbitraries';

/** Logits z, the right class's index, and a direction in z-space with entries in [−1, 1]. */
export interface CrossEntropyCase {
  readonly z: number[];
  readonly label: number;
  readonly u: number[];
}

function around(centre: fc.Arbitrary<number>): fc.Arbitrary<CrossEntropyCase> {
  return fc
    .record({
      n: dimension(),
      z: vector(MAX_DIM),
      u: vector(MAX_DIM, 1),
      label: fc.noBias(fc.nat({ max: MAX_DIM - 1 })),
      centre,
    })
    .map(({ n, z, u, label, centre }) => ({
      z: z.slice(0, n).map((zk) => zk + centre),
      label: label % n,
      u: u.slice(0, n),
    }));
}

/** Ordinary logits, within ±4. */
export const crossEntropyCase = () => around(fc.constant(0));

/** Logits shifted beyond ±LARGE_LOGIT, where a naive exp overflows or underflows. */
export function largeLogitsCase(): fc.Arbitrary<CrossEntropyCase> {
  const magnitude = fc.noBias(fc.integer({ min: LARGE_LOGIT, max: 2 * LARGE_LOGIT }));
  return around(fc.tuple(fc.boolean(), magnitude).map(([neg, c]) => (neg ? -c : c)));
}

/** A case of exactly n logits from a seed. */
export function crossEntropyCaseOfSize(n: number, seed: number): CrossEntropyCase {
  const next = seeded(seed);
  return {
    z: Array.from({ length: n }, () => next(4)),
    label: Math.abs(seed) % n,
    u: Array.from({ length: n }, () => next(1)),
  };
}

export function largeCrossEntropyCase(): fc.Arbitrary<CrossEntropyCase> {
  return fc
    .record({ n: largeDimension(), seed: fc.noBias(fc.integer()) })
    .map(({ n, seed }) => crossEntropyCaseOfSize(n, seed));
}

// Edge cases every law also sees, before the random ones.

export const crossEntropyExamples: CrossEntropyCase[] = [
  // One class: the loss is 0 and so is its gradient.
  { z: [0.75], label: 0, u: [1] },
  // Equal logits: softmax is uniform, L = log n.
  { z: [0.5, 0.5, 0.5], label: 1, u: [1, -0.5, 0.25] },
  // The right class has the largest logit, then the smallest.
  { z: [2, -1, 0.25, 0], label: 0, u: [0.5, 0, -1, 1] },
  { z: [2, -1, 0.25, 0], label: 1, u: [0.5, 0, -1, 1] },
];

export const largeLogitsExamples: CrossEntropyCase[] = [
  // Far above exp's overflow threshold.
  { z: [800, 801, 799.5], label: 2, u: [1, -1, 0.5] },
  // Far below its underflow threshold.
  { z: [-1000, -1001, -999], label: 0, u: [0.25, 1, -1] },
];
