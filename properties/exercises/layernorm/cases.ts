// Layer normalization's inputs: x, gain and bias on the grid, upstream
// gradients for the backward functions, directions for the large-size law,
// and the edge cases every law sees first.

import fc from 'fast-check';
import { dimension, entry, largeDimension, MAX_DIM, seeded, vector } from '../../arbitraries';

export interface LayerNormCase {
  readonly x: number[];
  readonly gain: number[];
  readonly bias: number[];
  /** Upstream gradient ∂L/∂y, a second one and a scalar, for linearity in dLdy. */
  readonly dLdy: number[];
  readonly dLdy2: number[];
  readonly alpha: number;
  /** A direction with entries in [−1, 1], for the directional derivatives. */
  readonly u: number[];
}

export function layerNormCase(): fc.Arbitrary<LayerNormCase> {
  return fc
    .record({
      n: dimension(),
      x: vector(MAX_DIM),
      gain: vector(MAX_DIM, 2),
      bias: vector(MAX_DIM, 2),
      dLdy: vector(MAX_DIM),
      dLdy2: vector(MAX_DIM),
      alpha: entry(),
      u: vector(MAX_DIM, 1),
    })
    .map(({ n, x, gain, bias, dLdy, dLdy2, alpha, u }) => ({
      x: x.slice(0, n),
      gain: gain.slice(0, n),
      bias: bias.slice(0, n),
      dLdy: dLdy.slice(0, n),
      dLdy2: dLdy2.slice(0, n),
      alpha,
      u: u.slice(0, n),
    }));
}

/** A case of exactly n entries from a seed. */
export function layerNormCaseOfSize(n: number, seed: number): LayerNormCase {
  const next = seeded(seed);
  const vec = (max: number) => Array.from({ length: n }, () => next(max));
  return { x: vec(4), gain: vec(2), bias: vec(2), dLdy: vec(4), dLdy2: vec(4), alpha: next(4), u: vec(1) };
}

export function largeLayerNormCase(): fc.Arbitrary<LayerNormCase> {
  return fc
    .record({ n: largeDimension(), seed: fc.noBias(fc.integer()) })
    .map(({ n, seed }) => layerNormCaseOfSize(n, seed));
}

// Edge cases every law also sees, before the random ones.

export const layerNormExamples: LayerNormCase[] = [
  // One entry: x̂ is 0 whatever x, so y = bias.
  { x: [1.5], gain: [2], bias: [-0.5], dLdy: [1], dLdy2: [-2], alpha: 2, u: [1] },
  // Equal entries: σ² = 0, and only ε keeps the division finite.
  {
    x: [0.5, 0.5, 0.5],
    gain: [1, -1, 2],
    bias: [0, 0.25, 0],
    dLdy: [1, -2, 0.5],
    dLdy2: [0, 1, 0],
    alpha: -1,
    u: [1, -0.5, 0.25],
  },
  // Distinct entries, gains that are not 1, a bias.
  {
    x: [2, -1, 0.25, 0],
    gain: [0.5, 1.5, -1, 2],
    bias: [1, 0, -1, 0.5],
    dLdy: [1, 0, -1, 2],
    dLdy2: [-0.5, 1, 1, 0],
    alpha: 3,
    u: [0.5, 0, -1, 1],
  },
];
