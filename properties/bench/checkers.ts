// The decision rules of five common gradient checkers, as bench/head-to-head.ts runs them against this
// grader. Each takes a Problem: the forward map of the inputs being differentiated and the student's
// vector-Jacobian product, on the checker's own arrays (no defensive copies: each calls the student's
// function on the arrays it then differentiates, in the order its source does).
// Sources read (search/fetch of the public repositories):
//   torch.autograd.gradcheck  pytorch/pytorch torch/autograd/gradcheck.py: eps 1e-6, atol 1e-5, rtol 1e-3,
//     numerical Jacobian first (in place, restored), analytical Jacobian rows twice from one grad_output buffer
//     zeroed per row (reentrancy: nondet_tol 0), |a − n| <= atol + rtol·|n|, then backward of zeros must be 0.
//   CS231n  gradient_check.py eval_numerical_gradient_array (h 1e-5, in place, before the backward) and the
//     notebooks' rel_error = max |a − n| / max(1e-8, |a| + |n|).
//   minitorch  Cornell-Tech-ML/minitorch tensor_functions.py grad_check: random.seed(10), out.sum().backward(),
//     then one sampled index per input, central difference eps 1e-6, assert_allclose(grad, check, 1e-2, 1e-2).
//   Autodiff-Puzzles  srush/Autodiff-Puzzles lib.py: the derivative first, then numerical_deriv (forward
//     difference, 1e-5) and check: torch.isclose(dx, dx2, atol=1e-2), rtol its default 1e-5, every entry.
//   JAX  jax-ml/jax jax/_src/public_test_util.py check_vjp (modes 'rev'): EPS 1e-4 central along a tangent
//     from RandomState(0), a cotangent from the same stream, ⟨t, vjp(ct)⟩ against ⟨jvp_num(t), ct⟩ with
//     float64's default_gradient_tolerance 1e-5 as atol and rtol (times the size, 1 for a scalar).

/** The checker's view of one function at one input: θ is the inputs it differentiates with respect to. */
export interface Problem {
  /** The length of θ, and of each input in it (minitorch samples one index per input). */
  readonly size: number;
  readonly parts: readonly number[];
  /** The forward map (flat) at θ + delta, θ's arrays moved in place and put back; `key` names a delta to reuse. */
  forward(delta?: readonly number[], key?: string): number[];
  /** The forward map with θ_k moved by h. */
  forwardAt(k: number, h: number): number[];
  /** The student's Jᵀ·g, flat like θ (throws if its shape is not θ's). */
  vjp(g: number[]): number[];
  /** For a function that returns the Jacobian itself: one call, its rows (∂f_o/∂θ). */
  readonly jacobian?: () => number[][];
  /** An upstream gradient drawn with the inputs (CS231n's dout): the case's dLdy, or [1] for a scalar loss. */
  readonly upstream: number[];
}

export interface Verdict {
  readonly pass: boolean;
  /** CS231n's rel_error, where the rule computes one. */
  readonly error?: number;
}

export type Rule = (p: Problem) => Verdict;

const { abs, max } = Math;

/** |a − n| <= atol + rtol·|n|: false on NaN (torch.allclose, torch.isclose). */
const close = (a: number, n: number, atol: number, rtol: number) => abs(a - n) <= atol + rtol * abs(n);
/** numpy's assert_allclose: the same, but NaN equals NaN and an infinity itself. */
const allclose = (a: number, n: number, atol: number, rtol: number) =>
  (Number.isNaN(a) && Number.isNaN(n)) || a === n || close(a, n, atol, rtol);

const unit = (n: number, k: number) => Array.from({ length: n }, (_, i) => (i === k ? 1 : 0));

/** A 32-bit generator (mulberry32) of uniforms in [0, 1), and standard normals from it (Box–Muller). */
export function uniforms(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normals(seed: number): () => number {
  const u = uniforms(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** ∂f_o/∂θ_k by central (or forward) differences, one entry of θ at a time. */
function numericJacobian(p: Problem, h: number, central: boolean): number[][] {
  const f0 = central ? [] : p.forward();
  const cols = Array.from({ length: p.size }, (_, k) => {
    const up = p.forwardAt(k, h);
    const down = central ? p.forwardAt(k, -h) : f0;
    return up.map((v, o) => (v - down[o]) / (central ? 2 * h : h));
  });
  const outputs = cols[0]?.length ?? p.forward().length;
  return Array.from({ length: outputs }, (_, o) => cols.map((c) => c[o]));
}

/** ⟨a, b⟩. */
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, ai, i) => s + ai * b[i], 0);

/** Runs a rule's body; a throw (a wrong shape, the student's own error) is a failure, as it is for them. */
const guarded =
  (body: Rule): Rule =>
  (p) => {
    try {
      return body(p);
    } catch {
      return { pass: false };
    }
  };

export const gradcheck: Rule = guarded((p) => {
  const numerical = numericJacobian(p, 1e-6, true);
  const outputs = numerical.length;
  // One grad_output buffer, zeroed and set for each row; each row's answer cloned (a Jacobian: one call).
  const rows = () => {
    if (p.jacobian) return p.jacobian();
    const buffer = new Array<number>(outputs).fill(0);
    return numerical.map((_, o) => {
      buffer.fill(0);
      buffer[o] = 1;
      return p.vjp(buffer).slice();
    });
  };
  const first = rows();
  const second = rows();
  if (first.some((row, o) => row.some((v, k) => !(abs(v - second[o][k]) <= 0)))) return { pass: false };
  if (first.some((row, o) => row.some((v, k) => !close(v, numerical[o][k], 1e-5, 1e-3)))) return { pass: false };
  return { pass: p.vjp(new Array<number>(outputs).fill(0)).every((v) => v === 0) };
});

export const cs231n: Rule = guarded((p) => {
  const h = 1e-5;
  const dout = p.upstream;
  const numeric = Array.from({ length: p.size }, (_, k) => {
    const pos = p.forwardAt(k, h);
    const neg = p.forwardAt(k, -h);
    return pos.reduce((s, v, o) => s + (v - neg[o]) * dout[o], 0) / (2 * h);
  });
  const analytic = p.vjp(dout);
  const error = numeric.reduce((e, n, k) => max(e, abs(analytic[k] - n) / max(1e-8, abs(analytic[k]) + abs(n))), 0);
  // The notes: < 1e-7 good, 1e-7 to 1e-2 uncomfortable, > 1e-2 probably wrong. Only the last fails here.
  return { pass: error <= 1e-2, error };
});

export const minitorch: Rule = guarded((p) => {
  const eps = 1e-6;
  const grad = p.vjp(new Array<number>(p.forward().length).fill(1)); // out.sum().backward()
  const pick = uniforms(10); // random.seed(10)
  let offset = 0;
  for (const part of p.parts) {
    const ind = offset + Math.floor(pick() * part);
    offset += part;
    const sum = (v: number[]) => v.reduce((s, x) => s + x, 0);
    const check = (sum(p.forwardAt(ind, eps)) - sum(p.forwardAt(ind, -eps))) / (2 * eps);
    if (!allclose(grad[ind], check, 1e-2, 1e-2)) return { pass: false };
  }
  return { pass: true };
});

export const puzzles: Rule = guarded((p) => {
  const outputs = p.forward().length;
  const analytic = p.jacobian?.() ?? Array.from({ length: outputs }, (_, o) => p.vjp(unit(outputs, o)).slice());
  const numeric = numericJacobian(p, 1e-5, false);
  return { pass: analytic.every((row, o) => row.every((v, k) => close(v, numeric[o][k], 1e-2, 1e-5))) };
});

export const jax: Rule = guarded((p) => {
  const eps = 1e-4;
  const draw = normals(0); // np.random.RandomState(0), for the tangent and then the cotangent
  const tangent = Array.from({ length: p.size }, draw);
  const pos = p.forward(
    tangent.map((t) => eps * t),
    'jax+',
  );
  const neg = p.forward(
    tangent.map((t) => -eps * t),
    'jax-',
  );
  const tangentOut = pos.map((v, o) => (v === neg[o] ? 0 : (v - neg[o]) * (0.5 / eps)));
  const cotangent = Array.from({ length: pos.length }, draw);
  const ip = dot(tangent, p.vjp(cotangent.slice())); // vjpfun(conj(cotangent)): a new array
  return { pass: allclose(ip, dot(tangentOut, cotangent), 1e-5, 1e-5) };
});

export const RULES: readonly { readonly name: string; readonly rule: Rule; readonly words: string }[] = [
  {
    name: 'gradcheck',
    rule: gradcheck,
    words:
      'torch.autograd.gradcheck defaults: the full Jacobian by central differences (eps 1e-6) against rows of the ' +
      'backward for unit grad_outputs, computed twice (they must be identical), every entry within ' +
      '1e-5 + 1e-3·|numeric|; the backward of a zero grad_output must be zero',
  },
  {
    name: 'CS231n',
    rule: cs231n,
    words:
      'CS231n: central differences (h 1e-5) of sum(f(x)·dout) with a random dout, before the backward; ' +
      'rel_error = max |a − n| / max(1e-8, |a| + |n|) fails above 1e-2 ("probably wrong"); 1e-7 to 1e-2 passes',
  },
  {
    name: 'minitorch',
    rule: minitorch,
    words:
      'minitorch grad_check: the backward of out.sum() first, then one index per input (random.seed(10)), ' +
      'central difference eps 1e-6, assert_allclose rtol 1e-2, atol 1e-2',
  },
  {
    name: 'Autodiff-Puzzles',
    rule: puzzles,
    words:
      'Autodiff-Puzzles: the full Jacobian (derivative first), forward differences h 1e-5, ' +
      'torch.isclose(atol 1e-2, rtol 1e-5) on every entry',
  },
  {
    name: 'JAX',
    rule: jax,
    words:
      'JAX check_grads(modes=["rev"]) at float64: one tangent and one cotangent from a fixed seed, ' +
      '⟨t, vjp(ct)⟩ against ⟨central difference along t (eps 1e-4), ct⟩, atol = rtol = 1e-5',
  },
];
