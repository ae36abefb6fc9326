// Generators. fc.double is biased towards 0 and subnormals, so every number
// here is a uniform integer scaled onto a dyadic grid (k/GRID): exact in
// binary, so that x ± h and β·x are computed without rounding and the
// grader's own finite differences are as accurate as its error bounds say.
//
// Dimensions are drawn independently of the values (each case slices fixed
// pools), so that fast-check shrinks m, n and the entries separately.

import fc from 'fast-check';

/** Values are multiples of 1/GRID. */
export const GRID = 256;
/** Dimensions run from 1 to MAX_DIM, square and non-square alike. */
export const MAX_DIM = 6;
/** Logits span about ±SPREAD in units of β·x: neither uniform nor one-hot. */
export const SPREAD = 3;
/** Stability cases shift β·x by this much or more, beyond where exp overflows (709.8). */
export const LARGE_LOGIT = 750;

/** A uniform integer in [−max·GRID, max·GRID]: the numerator of a grid value. */
function numerator(max: number): fc.Arbitrary<number> {
  return fc.noBias(fc.integer({ min: -max * GRID, max: max * GRID }));
}

/** A uniform value on the grid in [−max, max]. */
export function entry(max = 4): fc.Arbitrary<number> {
  return numerator(max).map((k) => k / GRID);
}

/** A dimension, 1 to MAX_DIM. */
export function dimension(): fc.Arbitrary<number> {
  return fc.noBias(fc.integer({ min: 1, max: MAX_DIM }));
}

/**
 * A vector of exactly n grid values. Scaled once as a whole: a map on each
 * entry would cost fast-check ten times more per case.
 */
export function vector(n: number, max = 4): fc.Arbitrary<number[]> {
  return fc.array(numerator(max), { minLength: n, maxLength: n }).map((ks) => ks.map((k) => k / GRID));
}

/** An m×n matrix of grid values, row-major. */
export function matrix(m: number, n: number, max = 4): fc.Arbitrary<number[][]> {
  return vector(m * n, max).map((v) => Array.from({ length: m }, (_, i) => v.slice(i * n, i * n + n)));
}

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

// Large cases: sizes LARGE_MIN to LARGE_MAX, where size-dependent bugs show
// (loops bounded by a constant, indices that only collide in big arrays).
// Their values come from a seeded generator, since a few thousand numbers per
// case would cost fast-check far more to draw and shrink than to check; m, n
// and β still shrink. Laws check them with directional derivatives, whose
// cost grows linearly with the size of the data.

export const LARGE_MIN = 7;
export const LARGE_MAX = 24;

// Builtins read once: under jest's vm sandbox every global lookup is slow.
const { imul, floor } = Math;

/** A uniform grid value in [−max, max] from the next draw of a 32-bit generator (mulberry32). */
function seeded(seed: number): (max: number) => number {
  let a = seed | 0;
  return (max) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = imul(a ^ (a >>> 15), 1 | a);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return floor(unit * (2 * max * GRID + 1)) / GRID - max;
  };
}

function largeDimension(): fc.Arbitrary<number> {
  return fc.noBias(fc.integer({ min: LARGE_MIN, max: LARGE_MAX }));
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

export function largeLinearCase(...fields: readonly (keyof LinearCase)[]): fc.Arbitrary<LinearCase> {
  return fc
    .record({ m: largeDimension(), n: largeDimension(), seed: fc.noBias(fc.integer()), alpha: entry() })
    .map(({ m, n, seed, alpha }) => linearCaseOfSize(m, n, seed, fields, alpha));
}

export function largeSoftmaxCase(): fc.Arbitrary<SoftmaxCase> {
  return fc
    .record({ n: largeDimension(), beta: beta(), seed: fc.noBias(fc.integer()), alpha: entry(), shift: entry(8) })
    .map(({ n, beta, seed, alpha, shift }) => softmaxCaseOfSize(n, beta, seed, alpha, shift));
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
