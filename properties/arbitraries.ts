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
/** Stability cases shift their exponents by this much or more, beyond where exp overflows (709.78). */
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
export function seeded(seed: number): (max: number) => number {
  let a = seed | 0;
  return (max) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = imul(a ^ (a >>> 15), 1 | a);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return floor(unit * (2 * max * GRID + 1)) / GRID - max;
  };
}

export function largeDimension(): fc.Arbitrary<number> {
  return fc.noBias(fc.integer({ min: LARGE_MIN, max: LARGE_MAX }));
}
