// The catalogue of wrong answers: mistakes students really make, each one
// function replacing the reference answer, with the law expected to catch it.
// wrong.test.ts checks that the grader fails every one of them for that reason.

import { LARGE_MAX, LARGE_MIN } from '../arbitraries';
import type { FunctionName, Kata, Matrix, Vector } from '../contract';
import * as linear from '../../solutions/linear';
import * as softmax from '../../solutions/softmax';

export const reference: Partial<Kata> = { ...linear, ...softmax };

export interface Wrong {
  readonly name: string;
  readonly fn: FunctionName;
  readonly impl: Kata[FunctionName];
  /** The law (its name, as in laws/) that must fail. */
  readonly caughtBy: string;
  /** True when only the stability law may fail: the answer is right wherever exp does not overflow. */
  readonly onlyStability?: boolean;
}

function wrong<F extends FunctionName>(
  fn: F,
  name: string,
  caughtBy: string,
  impl: Kata[F],
  onlyStability = false,
): Wrong {
  return { fn, name, caughtBy, impl, onlyStability };
}

const FD_W = 'agrees with central differences of L(W) = dLdy·(W·x + b)';
const FD_B = 'agrees with central differences of L(b) = dLdy·(W·x + b)';
const FD_X = 'agrees with central differences of L(x) = dLdy·(W·x + b)';
const FD_JW = 'agrees with central differences of y = W·x + b in each W_ij';
const FD_J = 'agrees with central differences of softmax';
const FD_GX = 'equals Jᵀ·dLdy, with J from central differences of softmax';
const STABLE = 'stays finite and correct when β·x is in the hundreds';
const LARGE = `agrees with a directional derivative at sizes ${LARGE_MIN} to ${LARGE_MAX}`;
/** A loop bound a student tuned to the examples they tried. */
const CAP = 8;
const PURE = 'leaves its inputs unchanged and returns a fresh array';

const cols = (W: Matrix) => (W.length === 0 ? 0 : W[0].length);
const naiveSoftmax = (x: Vector, beta: number) => {
  const e = x.map((xi) => Math.exp(beta * xi));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((ei) => ei / s);
};
const jacobianFrom = (y: Vector, beta: number) =>
  y.map((yi, i) => y.map((yj, j) => beta * yi * ((i === j ? 1 : 0) - yj)));

export const WRONG: readonly Wrong[] = [
  // linearForward
  wrong('linearForward', 'forgets the bias b', 'equals W·x + b', (W, _b, x) =>
    W.map((row) => row.reduce((s, w, j) => s + w * x[j], 0)),
  ),
  wrong('linearForward', 'uses the transpose of W (W[j][i])', 'equals W·x + b', (W, b, x) =>
    b.map((bi, i) => x.reduce((s, xj, j) => s + (W[j]?.[i] ?? 0) * xj, bi)),
  ),
  wrong('linearForward', 'adds b once per term of the sum', 'equals W·x + b', (W, b, x) =>
    W.map((row, i) => row.reduce((s, w, j) => s + w * x[j] + b[i], 0)),
  ),
  wrong('linearForward', 'off by one: skips the first column', 'equals W·x + b', (W, b, x) =>
    W.map((row, i) => row.reduce((s, w, j) => (j === 0 ? s : s + w * x[j]), b[i])),
  ),
  // linearGradB
  wrong('linearGradB', 'ignores the upstream gradient (returns ones)', FD_B, (dLdy) => dLdy.map(() => 1)),
  wrong('linearGradB', 'returns dLdy itself rather than a fresh array', PURE, (dLdy) => dLdy as number[]),
  wrong('linearGradB', 'puts the total Σ dLdy in every entry', FD_B, (dLdy) =>
    dLdy.map(() => dLdy.reduce((a, b) => a + b, 0)),
  ),
  // linearJacobianW
  wrong('linearJacobianW', 'flattens W column by column (column l·m + i)', FD_JW, (x, m) =>
    Array.from({ length: m }, (_, i) => {
      const row = new Array<number>(m * x.length).fill(0);
      x.forEach((xl, l) => (row[l * m + i] = xl));
      return row;
    }),
  ),
  wrong('linearJacobianW', 'puts x in every row, at columns 0..n−1', FD_JW, (x, m) =>
    Array.from({ length: m }, () => [...x, ...new Array<number>((m - 1) * x.length).fill(0)]),
  ),
  wrong('linearJacobianW', 'uses m for the block stride (column i·m + l): right only when m = n', FD_JW, (x, m) =>
    Array.from({ length: m }, (_, i) => {
      const row = new Array<number>(m * x.length).fill(0);
      x.forEach((xl, l) => {
        if (i * m + l < row.length) row[i * m + l] = xl;
      });
      return row;
    }),
  ),
  // linearGradW
  wrong('linearGradW', 'returns the transpose x·dLdyᵀ (n×m)', 'returns an m×n matrix', (dLdy, x) =>
    x.map((xj) => dLdy.map((g) => g * xj)),
  ),
  wrong('linearGradW', 'swaps the roles of i and j: dLdy_j·x_i (only fits when m = n)', FD_W, (dLdy, x) =>
    dLdy.map((_, i) => x.map((_, j) => dLdy[j] * x[i])),
  ),
  wrong('linearGradW', 'forgets the upstream gradient (every row is x)', FD_W, (dLdy, x) => dLdy.map(() => x.slice())),
  wrong('linearGradW', 'has the wrong sign', FD_W, (dLdy, x) => dLdy.map((g) => x.map((xj) => -g * xj))),
  wrong('linearGradW', 'counts every path twice', FD_W, (dLdy, x) => dLdy.map((g) => x.map((xj) => 2 * g * xj))),
  wrong('linearGradW', 'off by one: leaves the last column zero', FD_W, (dLdy, x) =>
    dLdy.map((g) => x.map((xj, j) => (j < x.length - 1 ? g * xj : 0))),
  ),
  // linearGradX
  wrong('linearGradX', 'uses W·dLdy rather than Wᵀ·dLdy (only fits when m = n)', FD_X, (W, dLdy) =>
    Array.from({ length: cols(W) }, (_, j) => dLdy.reduce((s, _g, i) => s + (W[j]?.[i] ?? 0) * (dLdy[i] ?? 0), 0)),
  ),
  wrong('linearGradX', 'forgets the upstream gradient (column sums of W)', FD_X, (W) =>
    Array.from({ length: cols(W) }, (_, j) => W.reduce((s, row) => s + row[j], 0)),
  ),
  wrong(
    'linearGradX',
    'off by one: skips the first row of W',
    'passes the dot-product test ⟨W·v, dLdy⟩ = ⟨v, ∂L/∂x⟩',
    (W, dLdy) =>
      Array.from({ length: cols(W) }, (_, j) => W.reduce((s, row, i) => (i === 0 ? s : s + row[j] * dLdy[i]), 0)),
  ),
  wrong('linearGradX', 'uses only the diagonal W_jj·dLdy_j', FD_X, (W, dLdy) =>
    Array.from({ length: cols(W) }, (_, j) => (j < W.length ? W[j][j] * dLdy[j] : 0)),
  ),
  wrong('linearGradX', `loops over at most ${CAP} rows of W: right only for small layers`, LARGE, (W, dLdy) =>
    Array.from({ length: cols(W) }, (_, j) => W.slice(0, CAP).reduce((s, row, i) => s + row[j] * dLdy[i], 0)),
  ),
  wrong(
    'linearForward',
    `loops over at most ${CAP} columns of W`,
    `equals W·x + b at sizes ${LARGE_MIN} to ${LARGE_MAX}`,
    (W, b, x) => W.map((row, i) => row.slice(0, CAP).reduce((s, w, j) => s + w * x[j], b[i])),
  ),
  // softmax
  wrong(
    'softmax',
    `normalises by the first ${CAP} exponentials only`,
    `equals exp(β·x_i) / Σ_k exp(β·x_k) at sizes ${LARGE_MIN} to ${LARGE_MAX}`,
    (x, beta) => {
      const m = Math.max(...x.map((xi) => beta * xi));
      const e = x.map((xi) => Math.exp(beta * xi - m));
      const s = e.slice(0, CAP).reduce((a, b) => a + b, 0);
      return e.map((ei) => ei / s);
    },
  ),
  wrong('softmax', 'drops β', 'equals exp(β·x_i) / Σ_k exp(β·x_k)', (x) => softmax.softmax(x, 1)),
  wrong('softmax', 'applies β twice', 'equals exp(β·x_i) / Σ_k exp(β·x_k)', (x, beta) =>
    softmax.softmax(x, beta * beta),
  ),
  wrong(
    'softmax',
    'divides by β instead of multiplying',
    'obeys β-scaling: softmax(x, β) = softmax(β·x, 1)',
    (x, beta) => softmax.softmax(x, 1 / beta),
  ),
  wrong('softmax', 'forgets to normalise', 'is a probability vector: entries in [0, 1] that sum to 1', (x, beta) =>
    x.map((xi) => Math.exp(beta * (xi - Math.max(...x)))),
  ),
  wrong(
    'softmax',
    'forgets the exp: β·x_i / Σ_k β·x_k',
    'is unchanged when the same constant is added to every logit',
    (x, beta) => {
      const s = x.reduce((a, xi) => a + beta * xi, 0);
      return x.map((xi) => (beta * xi) / s);
    },
  ),
  wrong('softmax', 'naive exp(β·x) without subtracting the maximum (overflows)', STABLE, naiveSoftmax, true),
  wrong(
    'softmax',
    'subtracts max(x) rather than max(β·x)',
    STABLE,
    (x, beta) => {
      const m = Math.max(...x);
      const e = x.map((xi) => Math.exp(beta * xi - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((ei) => ei / s);
    },
    true,
  ),
  wrong('softmax', 'scales x in place', PURE, (x, beta) => {
    const xs = x as number[];
    for (let i = 0; i < xs.length; i++) xs[i] *= beta;
    return softmax.softmax(xs, 1);
  }),
  // softmaxJacobian
  wrong('softmaxJacobian', 'drops the factor β', FD_J, (x, beta) => jacobianFrom(softmax.softmax(x, beta), 1)),
  wrong('softmaxJacobian', 'applies β twice', FD_J, (x, beta) => jacobianFrom(softmax.softmax(x, beta), beta * beta)),
  wrong('softmaxJacobian', 'flips the sign of the off-diagonal entries', 'has rows that sum to zero', (x, beta) =>
    jacobianFrom(softmax.softmax(x, beta), beta).map((row, i) => row.map((v, j) => (i === j ? v : -v))),
  ),
  wrong('softmaxJacobian', 'only the diagonal is right (off-diagonal zero)', 'has rows that sum to zero', (x, beta) =>
    jacobianFrom(softmax.softmax(x, beta), beta).map((row, i) => row.map((v, j) => (i === j ? v : 0))),
  ),
  wrong('softmaxJacobian', 'diagonal β·y_i without the −β·y_i² term', FD_J, (x, beta) => {
    const y = softmax.softmax(x, beta);
    return y.map((yi, i) => y.map((yj, j) => (i === j ? beta * yi : -beta * yi * yj)));
  }),
  wrong('softmaxJacobian', 'writes −β·y_i·y_i where −β·y_i·y_j belongs', 'is symmetric', (x, beta) => {
    const y = softmax.softmax(x, beta);
    return y.map((yi, i) => y.map((_, j) => beta * yi * ((i === j ? 1 : 0) - yi)));
  }),
  wrong('softmaxJacobian', 'off by one: the last row is left at zero', FD_J, (x, beta) =>
    jacobianFrom(softmax.softmax(x, beta), beta).map((row, i) => (i === x.length - 1 ? row.map(() => 0) : row)),
  ),
  wrong('softmaxJacobian', 'uses exp(β·x) unnormalised for y', FD_J, (x, beta) =>
    jacobianFrom(
      x.map((xi) => Math.exp(beta * xi)),
      beta,
    ),
  ),
  wrong(
    'softmaxJacobian',
    'builds J on a naive softmax (overflows)',
    STABLE,
    (x, beta) => jacobianFrom(naiveSoftmax(x, beta), beta),
    true,
  ),
  // softmaxGradX
  wrong(
    'softmaxGradX',
    'misses the centring term −Σ_i dLdy_i·y_i',
    'is unchanged when the same constant is added to every entry of dLdy',
    (x, beta, dLdy) => softmax.softmax(x, beta).map((yi, i) => beta * yi * dLdy[i]),
  ),
  wrong('softmaxGradX', 'drops the factor β', FD_GX, (x, beta, dLdy) =>
    softmax.softmaxGradX(x, beta, dLdy).map((v) => v / beta),
  ),
  wrong('softmaxGradX', 'adds the centring term instead of subtracting it', FD_GX, (x, beta, dLdy) => {
    const y = softmax.softmax(x, beta);
    const gy = y.reduce((s, yi, i) => s + yi * dLdy[i], 0);
    return y.map((yi, i) => beta * yi * (dLdy[i] + gy));
  }),
  wrong('softmaxGradX', 'forgets the upstream gradient (diagonal of J)', FD_GX, (x, beta) =>
    softmax.softmax(x, beta).map((yi) => beta * yi * (1 - yi)),
  ),
  wrong('softmaxGradX', 'centres with Σ dLdy instead of dLdy·y', 'sums to zero', (x, beta, dLdy) => {
    const total = dLdy.reduce((a, b) => a + b, 0);
    return softmax.softmax(x, beta).map((yi, i) => beta * yi * (dLdy[i] - total));
  }),
  wrong(
    'softmaxGradX',
    'uses exp(β·x) unnormalised for y',
    'is unchanged when the same constant is added to every logit',
    (x, beta, dLdy) => {
      const y = x.map((xi) => Math.exp(beta * xi));
      const gy = y.reduce((s, yi, i) => s + yi * dLdy[i], 0);
      return y.map((yi, i) => beta * yi * (dLdy[i] - gy));
    },
  ),
  wrong('softmaxGradX', `centres with the first ${CAP} terms of dLdy·y only`, LARGE, (x, beta, dLdy) => {
    const y = softmax.softmax(x, beta);
    const gy = y.slice(0, CAP).reduce((s, yi, i) => s + yi * dLdy[i], 0);
    return y.map((yi, i) => beta * yi * (dLdy[i] - gy));
  }),
  wrong(
    'softmaxGradX',
    'uses a naive softmax (overflows)',
    STABLE,
    (x, beta, dLdy) => {
      const y = naiveSoftmax(x, beta);
      const gy = y.reduce((s, yi, i) => s + yi * dLdy[i], 0);
      return y.map((yi, i) => beta * yi * (dLdy[i] - gy));
    },
    true,
  ),
  wrong('softmaxGradX', 'centres dLdy in place', PURE, (x, beta, dLdy) => {
    const g = dLdy as number[];
    const y = softmax.softmax(x, beta);
    const gy = y.reduce((s, yi, i) => s + yi * g[i], 0);
    for (let i = 0; i < g.length; i++) g[i] -= gy;
    return y.map((yi, i) => beta * yi * g[i]);
  }),
  // Real bugs seen in ported code, each with a control that is wrong in no named way (no diagnosis).
  wrong('linearForward', 'reads one past the end of x (j ≤ n): NaN', 'equals W·x + b', (W, b, x) =>
    W.map((row, i) => {
      let s = b[i];
      for (let j = 0; j <= x.length; j++) s += row[j] * x[j];
      return s;
    }),
  ),
  wrong('linearForward', 'control: Infinity in the last entry', 'equals W·x + b', (W, b, x) =>
    linear.linearForward(W, b, x).map((v, i) => (i === W.length - 1 ? Infinity : v)),
  ),
  wrong('linearGradW', 'builds ∂L/∂W with new Array(m).fill(row): every row is one array', FD_W, (dLdy, x) => {
    const G: number[][] = new Array(dLdy.length).fill(new Array(x.length).fill(0));
    dLdy.forEach((g, i) => x.forEach((xj, j) => (G[i][j] = g * xj)));
    return G;
  }),
  wrong('linearGradW', 'control: the first row right, every other row the last', FD_W, (dLdy, x) =>
    dLdy.map((g, i) => x.map((xj) => (i === 0 ? g : dLdy[dLdy.length - 1]) * xj)),
  ),
  wrong('linearGradX', 'multiplies row by row, W·dLdy, whatever the shape', 'returns n numbers', (W, dLdy) =>
    W.map((row) => row.reduce((s, w, j) => s + w * dLdy[j], 0)),
  ),
  wrong(
    'linearGradX',
    'control: W·dLdy + 1, whatever the shape, reading no further than dLdy',
    'returns n numbers',
    (W, dLdy) => W.map((row) => row.reduce((s, w, j) => s + w * (dLdy[j] ?? 0), 1)),
  ),
  wrong('linearGradX', 'passes dLdy straight through', 'returns n numbers', (_W, dLdy) => dLdy.slice()),
  wrong('softmaxGradX', 'keeps only the diagonal of J: β·y_j·(1 − y_j)·dLdy_j', FD_GX, (x, beta, dLdy) =>
    softmax.softmax(x, beta).map((yj, j) => beta * yj * (1 - yj) * dLdy[j]),
  ),
  wrong('softmaxGradX', 'control: twice the diagonal of J times dLdy', FD_GX, (x, beta, dLdy) =>
    softmax.softmax(x, beta).map((yj, j) => 2 * beta * yj * (1 - yj) * dLdy[j]),
  ),
  wrong('softmaxGradX', 'passes dLdy straight through', FD_GX, (_x, _beta, dLdy) => dLdy.slice()),
  wrong('softmaxGradX', 'control: passes dLdy + 1 through', FD_GX, (_x, _beta, dLdy) => dLdy.map((g) => g + 1)),
];

/** For every function: one entry too many, and writing into its first argument. */
export const GENERIC_WRONG: readonly Wrong[] = (Object.keys(reference) as FunctionName[]).flatMap((fn) => {
  const right = reference[fn] as (...args: unknown[]) => unknown;
  return [
    {
      fn,
      name: 'returns one entry too many',
      caughtBy: 'returns',
      impl: ((...args: unknown[]) => [...(right(...args) as unknown[]), 0]) as Kata[FunctionName],
    },
    {
      fn,
      name: 'reverses its first argument in place',
      caughtBy: PURE,
      impl: ((...args: unknown[]) => {
        const result = right(...structuredClone(args));
        (args[0] as unknown[]).reverse();
        return result;
      }) as Kata[FunctionName],
    },
    {
      fn,
      name: 'writes into its first argument and puts it back before returning',
      caughtBy: PURE,
      impl: ((...args: unknown[]) => {
        const copies = structuredClone(args);
        const first = args[0] as unknown[];
        const kept = first[0];
        first[0] = 0;
        first[0] = kept;
        return right(...copies);
      }) as Kata[FunctionName],
    },
  ];
});

const NAN =
  'your answer has NaN where the right one is finite: an index ran past the end of an array ' +
  '(v[v.length] is undefined, and undefined in arithmetic is NaN); check each loop bound (< length, not ≤)';

/** The diagnoses each wrong answer gets on failing (diagnosis.ts); wrong answers not listed get none. */
export const DIAGNOSES: Readonly<Record<string, string | readonly string[]>> = {
  // One entry too many: the shapes the shrunk inputs had, said as they are.
  ...Object.fromEntries(
    (['linearForward', 'linearGradB', 'linearGradX', 'softmax', 'softmaxGradX'] as const).map((fn) => [
      `${fn}: returns one entry too many`,
      [
        'you returned an array of 2 numbers where the answer is an array of 1 number',
        ...(fn.startsWith('softmax')
          ? ['you returned an array of 4 numbers where the answer is an array of 3 numbers']
          : []),
        'you returned an array of 8 numbers where the answer is an array of 7 numbers',
      ],
    ]),
  ),
  'linearForward: forgets the bias b': 'y lacks the bias: add b_i to each row',
  'linearForward: uses the transpose of W (W[j][i])': 'you used W transposed: y_i = Σ_j W_ij·x_j runs along row i of W',
  'linearGradB: ignores the upstream gradient (returns ones)':
    '∂L/∂b ignores the upstream gradient: it is dLdy itself, not ones',
  'linearJacobianW: flattens W column by column (column l·m + i)':
    'you flattened W column by column; vec(W) goes row by row, with W_ij at column i·n + j',
  'linearJacobianW: puts x in every row, at columns 0..n−1':
    'every row of your ∂y/∂vec(W) puts x in the first block; row i needs it at columns i·n … i·n + n − 1',
  // On a square case, the misconception; on another, the shape first (and what it is).
  'linearGradW: returns the transpose x·dLdyᵀ (n×m)': [
    'your ∂L/∂W is the transpose of the right one: it is m×n, with entry [i][j] = dLdy_i·x_j',
    'you returned a 3×1 matrix where the answer is a 1×3 matrix: it is the right answer transposed, [j][i] for [i][j]',
  ],
  // What it does where m ≠ n: read past the end of dLdy or x (as the non-square generic case confirms).
  'linearGradW: swaps the roles of i and j: dLdy_j·x_i (only fits when m = n)': NAN,
  'linearGradW: forgets the upstream gradient (every row is x)':
    '∂L/∂W ignores the upstream gradient: row i must be dLdy_i·x',
  'linearGradW: has the wrong sign': '∂L/∂W has the wrong sign',
  'linearGradX: uses W·dLdy rather than Wᵀ·dLdy (only fits when m = n)':
    'you multiplied dLdy by W; ∂L/∂x is Wᵀ·dLdy, which sums down the columns of W',
  'linearGradX: forgets the upstream gradient (column sums of W)':
    '∂L/∂x ignores the upstream gradient: weight row i of W by dLdy_i',
  'softmax: drops β': 'your softmax ignores β: exponentiate β·x_i, not x_i',
  'softmax: applies β twice': 'your softmax applies β twice',
  'softmax: forgets to normalise': 'your softmax is not normalised: divide each exp(β·x_i) by their sum',
  'softmaxJacobian: drops the factor β': 'your Jacobian lacks the factor β that ∂(β·x_j)/∂x_j brings',
  'softmaxJacobian: applies β twice': 'your Jacobian has the factor β twice',
  'softmaxJacobian: flips the sign of the off-diagonal entries':
    'the sign of the off-diagonal entries is flipped: J_ij = −β·y_i·y_j for i ≠ j',
  'softmaxJacobian: only the diagonal is right (off-diagonal zero)':
    'only the diagonal is right: off the diagonal J_ij = −β·y_i·y_j, not 0',
  'softmaxJacobian: diagonal β·y_i without the −β·y_i² term':
    'the diagonal lacks the −β·y_i² term: J_ii = β·y_i·(1 − y_i)',
  'softmaxGradX: misses the centring term −Σ_i dLdy_i·y_i':
    'the centring term −Σ_i dLdy_i·y_i is missing: (∂L/∂x)_j = β·y_j·(dLdy_j − Σ_i dLdy_i·y_i)',
  'softmaxGradX: drops the factor β': '∂L/∂x lacks the factor β that ∂(β·x_j)/∂x_j brings',
  'softmaxGradX: adds the centring term instead of subtracting it':
    'the centring term is added: (∂L/∂x)_j = β·y_j·(dLdy_j − Σ_i dLdy_i·y_i), with a minus',
  'softmaxGradX: forgets the upstream gradient (diagonal of J)':
    '∂L/∂x ignores dLdy: what you returned is the diagonal of J',
  'linearForward: reads one past the end of x (j ≤ n): NaN': NAN,
  'linearGradW: builds ∂L/∂W with new Array(m).fill(row): every row is one array':
    'every row of your matrix is the same: new Array(m).fill(row) puts one array in every row, so each write ' +
    'lands in all of them; make each row anew, for example Array.from({ length: m }, () => new Array(n).fill(0))',
  // On a square case, the misconception; on another, the shape it gives.
  'linearGradX: multiplies row by row, W·dLdy, whatever the shape': [
    'you multiplied dLdy by W; ∂L/∂x is Wᵀ·dLdy, which sums down the columns of W',
    'you returned an array of 1 number where the answer is an array of 3 numbers',
  ],
  // A shape said as it is names no misconception: a control gets it too.
  'linearGradX: control: W·dLdy + 1, whatever the shape, reading no further than dLdy':
    'you returned an array of 1 number where the answer is an array of 3 numbers',
  'linearGradX: passes dLdy straight through': [
    'you passed dLdy straight through; ∂L/∂x is Wᵀ·dLdy, n entries, which weighs row i of W by dLdy_i',
    'you returned an array of 1 number where the answer is an array of 3 numbers; ' +
      'you passed dLdy straight through; ∂L/∂x is Wᵀ·dLdy, n entries, which weighs row i of W by dLdy_i',
  ],
  'softmaxGradX: keeps only the diagonal of J: β·y_j·(1 − y_j)·dLdy_j':
    'only the diagonal of J was used: (∂L/∂x)_j = Σ_i J_ij·dLdy_i takes every i, not just i = j; ' +
    'the off-diagonal terms −β·y_i·y_j·dLdy_i add up to the centring term −β·y_j·Σ_i dLdy_i·y_i',
  'softmaxGradX: passes dLdy straight through':
    '∂L/∂x is dLdy passed straight through: it must go back through the softmax, β·y_j·(dLdy_j − Σ_i dLdy_i·y_i)',
};
