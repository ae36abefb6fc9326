// Central differences of the grader's own forward maps (each exercise's
// reference.ts defines its own), and small helpers. Every gradient is checked
// against these, never against the student's forward, so each function is graded on its own.

import type { Vector } from './contract';

// Builtins read once: under jest's vm sandbox every global lookup is slow.
const { abs, max } = Math;

export function dot(a: Vector, b: Vector): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/** y = W·x + b. */
export function centralGradient(f: (v: number[]) => number, v: Vector, h: number): number[] {
  return v.map((_, k) => {
    const plus = v.slice();
    const minus = v.slice();
    plus[k] += h;
    minus[k] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

/** J[i][k] = ∂f_i/∂v_k by central differences, for a vector-valued f. */
export function centralJacobian(f: (v: number[]) => number[], v: Vector, h: number): number[][] {
  const columns = v.map((_, k) => {
    const plus = v.slice();
    const minus = v.slice();
    plus[k] += h;
    minus[k] -= h;
    const fPlus = f(plus);
    const fMinus = f(minus);
    return fPlus.map((fp, i) => (fp - fMinus[i]) / (2 * h));
  });
  const rows = columns.length === 0 ? 0 : columns[0].length;
  return Array.from({ length: rows }, (_, i) => columns.map((col) => col[i]));
}

/** The largest |v_k|, 0 for an empty vector. */
export function maxAbs(v: Vector): number {
  let m = 0;
  for (const vk of v) m = max(m, abs(vk));
  return m;
}
