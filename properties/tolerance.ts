// The tolerance model. Every numeric comparison the grader makes goes through
// `close`, with an error budget built by one of the two functions below.
//
//   close(actual, expected, budget):  |actual − expected| ≤ abs + rel·|expected|
//
// 1. Exact identities (a law that holds in exact arithmetic and involves no
//    finite difference: rows of J summing to zero, symmetry, β-scaling, shift
//    invariance, the dot-product test, the forward maps themselves).
//    A correct computation of such a quantity makes a bounded number of
//    roundings, each of relative size EPS = 2⁻⁵², on values no larger than the
//    quantity's natural `scale`. We call that count the conditioning κ:
//      linear layer: κ = m + n + 2 (the length of the longest dot product);
//      softmax:      κ = n + 4·(1 + max|β·x|), because a correct formula may
//                    round β·x, subtract the maximum or a log-sum-exp, and
//                    exp turns an absolute error δ in its argument into a
//                    relative error δ in its value.
//    budget = EXACT_ULPS·κ·EPS, relative to max(scale, |expected|).
//    With κ ≈ 10 that is a few hundred ulps; a wrong formula is off by a
//    fraction of the scale, i.e. by ~10¹² of these budgets.
//
// 2. Central differences. For f with |f'''| ≤ M₃ near x, and f computed with
//    absolute error at most κ·EPS·F,
//      D(h) = (f(x + h) − f(x − h)) / 2h,
//      |D(h) − f'(x)| ≤ h²·M₃/6  (truncation)  +  κ·EPS·F/h  (rounding).
//    Both bounds are rigorous for the grader's own forward maps; the inputs
//    are dyadic rationals and h is a power of two, so x ± h is exact.
//    The budget is FD_SAFETY times that bound, plus the exact-identity budget
//    for the student's own rounding. For the linear layer M₃ = 0, so the
//    grader takes h = 1 and only rounding remains.
//
// Values smaller than TINY in magnitude count as zero, so that an underflow to
// a subnormal in a correct student's code is never a failure.

// Builtins read once: under jest's vm sandbox every global lookup is slow.
const { abs } = Math;

/** The gap between 1 and the next double: the unit of relative rounding. */
export const EPS = Number.EPSILON;

/** Roundings allowed per unit of conditioning in an exact identity. */
export const EXACT_ULPS = 32;

/** How far beyond its proven error bound a central difference may stray. */
export const FD_SAFETY = 8;

/** Magnitudes below this are treated as zero (2⁻¹⁰⁰⁰ ≈ 9.3·10⁻³⁰²). */
export const TINY = 2 ** -1000;

export interface Budget {
  /** Absolute part of the allowed error. */
  readonly abs: number;
  /** Relative part, multiplied by |expected|. */
  readonly rel: number;
}

/**
 * How close correct answers come to failing: when `on`, `close` keeps the
 * largest |actual − expected| / allowed it has seen (npm run bench reads it).
 */
export const margin = { on: false, worst: 0 };

/** True when actual is within budget of expected. NaN and ±Infinity are never close. */
export function close(actual: number, expected: number, budget: Budget): boolean {
  const error = abs(actual - expected);
  const limit = TINY + budget.abs + budget.rel * abs(expected);
  if (margin.on && error / limit > margin.worst) margin.worst = error / limit;
  return error <= limit;
}

/** The largest error `close` accepts around expected under this budget. */
export function allowed(expected: number, budget: Budget): number {
  return TINY + budget.abs + budget.rel * abs(expected);
}

/** Budget for an exact identity on a quantity of natural size `scale`, conditioning κ. */
export function exact(scale: number, kappa: number): Budget {
  const rel = EXACT_ULPS * kappa * EPS;
  return { abs: rel * scale, rel };
}

export interface CentralDifference {
  /** The step, a power of two. */
  readonly h: number;
  /** A bound on |f'''| along the step's direction. */
  readonly m3: number;
  /** A bound on |f| near the point: its rounding error is κ·EPS·F. */
  readonly F: number;
  /** Conditioning of the evaluation of f. */
  readonly kappa: number;
}

/** Proven bound on |D(h) − f'(x)|: truncation plus rounding. */
export function centralDifferenceError({ h, m3, F, kappa }: CentralDifference): number {
  return (h * h * m3) / 6 + (kappa * EPS * F) / h;
}

/**
 * Budget for comparing a student's derivative of natural size `scale` with a
 * central difference: the finite difference's own error, with a safety
 * factor, plus the student's rounding.
 */
export function againstCentralDifference(fd: CentralDifference, scale: number): Budget {
  const own = exact(scale, fd.kappa);
  return { abs: own.abs + FD_SAFETY * centralDifferenceError(fd), rel: own.rel };
}
