// The self-tests' catalogue for the two-layer network: right answers written
// differently, each of which must pass every law, and wrong answers from real
// misconceptions, each caught by the law named beside it.

import { diagnosed, type Catalogue, type Wrong } from '../module';

type M = readonly (readonly number[])[];
type V = readonly number[];
const { exp, log, max } = Math;

const affine = (W: M, b: V, v: V) => W.map((row, i) => row.reduce((s, w, j) => s + w * v[j], b[i]));
const outer = (g: V, v: V) => g.map((gi) => v.map((vj) => gi * vj));
const transposeTimes = (W: M, g: V) => (W[0] ?? []).map((_, j) => W.reduce((s, row, i) => s + row[j] * g[i], 0));
const softmax = (z: V) => {
  const m = max(...z);
  const e = z.map((zk) => exp(zk - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((ek) => ek / s);
};
const ce = (z: V, label: number) => {
  const m = max(...z);
  return m + log(z.reduce((s, zk) => s + exp(zk - m), 0)) - z[label];
};

/** The pieces of a right backward pass, for wrong answers to change one of. */
function pass(W1: M, b1: V, W2: M, b2: V, x: V, label: number) {
  const a = affine(W1, b1, x);
  const h = a.map((ai) => max(ai, 0));
  const z = affine(W2, b2, h);
  const dz = softmax(z).map((p, k) => p - (k === label ? 1 : 0));
  const dh = transposeTimes(W2, dz);
  const da = dh.map((g, i) => (a[i] > 0 ? g : 0));
  return { a, h, z, dz, dh, da };
}
const loss = (W1: M, b1: V, W2: M, b2: V, x: V, label: number) => ce(pass(W1, b1, W2, b2, x, label).z, label);
const gradients = (W1: M, b1: V, W2: M, b2: V, x: V, label: number) => {
  const { h, dz, da } = pass(W1, b1, W2, b2, x, label);
  return { W1: outer(da, x), b1: da, W2: outer(dz, h), b2: dz, x: transposeTimes(W1, da) };
};
const right = { mlpLoss: loss, mlpGradients: gradients };

const AGREES = 'agrees with forward-mode derivatives of the cross-entropy of W2·relu(W1·x + b1) + b2';
const EQUALS = 'equals the cross-entropy of W2·relu(W1·x + b1) + b2';
type Args = [M, V, M, V, V, number];
/** A wrong gradients function: the right one with one field replaced, computed from the pass. */
const changed = (name: string, field: string, f: (p: ReturnType<typeof pass>, ...args: Args) => unknown): Wrong => ({
  name,
  fn: 'mlpGradients',
  caughtBy: AGREES,
  impl: (...args: Args) => ({ ...gradients(...args), [field]: f(pass(...args), ...args) }),
});

export const catalogue: Catalogue = {
  right,
  correct: [
    {
      name: 'loops throughout, nothing imported',
      kata: {
        mlpLoss: (W1: M, b1: V, W2: M, b2: V, x: V, label: number) => {
          const h: number[] = [];
          for (let i = 0; i < W1.length; i++) {
            let s = b1[i];
            for (let j = 0; j < x.length; j++) s += W1[i][j] * x[j];
            h.push(s > 0 ? s : 0);
          }
          const z: number[] = [];
          for (let k = 0; k < W2.length; k++) {
            let s = b2[k];
            for (let i = 0; i < h.length; i++) s += W2[k][i] * h[i];
            z.push(s);
          }
          let m = -Infinity;
          for (const zk of z) m = zk > m ? zk : m;
          let sum = 0;
          for (const zk of z) sum += exp(zk - m);
          return m + log(sum) - z[label];
        },
        mlpGradients: (W1: M, b1: V, W2: M, b2: V, x: V, label: number) => {
          const { a, h, dz } = pass(W1, b1, W2, b2, x, label);
          const da = a.map(() => 0);
          for (let i = 0; i < a.length; i++) {
            if (a[i] <= 0) continue;
            for (let k = 0; k < dz.length; k++) da[i] += W2[k][i] * dz[k];
          }
          const dx = x.map(() => 0);
          for (let i = 0; i < da.length; i++) for (let j = 0; j < x.length; j++) dx[j] += W1[i][j] * da[i];
          return {
            W1: da.map((g) => x.map((xj) => g * xj)),
            b1: da.slice(),
            W2: dz.map((g) => h.map((hi) => g * hi)),
            b2: dz.slice(),
            x: dx,
          };
        },
      },
    },
    {
      name: 'the loss as −log of the right probability',
      kata: {
        mlpLoss: (...args: Args) => -log(softmax(pass(...args).z)[args[5]]),
        mlpGradients: gradients,
      },
    },
    {
      name: 'the relu as a mask multiplied in, and the record built field by field',
      kata: {
        mlpLoss: loss,
        mlpGradients: (W1: M, b1: V, W2: M, b2: V, x: V, label: number) => {
          const { a, h, dz, dh } = pass(W1, b1, W2, b2, x, label);
          const mask = a.map((ai) => (ai > 0 ? 1 : 0));
          const da = dh.map((g, i) => g * mask[i]);
          const out: Record<string, unknown> = {};
          out.x = transposeTimes(W1, da);
          out.b2 = [...dz];
          out.W2 = outer(dz, h);
          out.b1 = [...da];
          out.W1 = outer(da, x);
          return out;
        },
      },
    },
  ],
  wrong: [
    changed('W2·dz where W2ᵀ·dz belongs', 'W1', (p, W1, b1, W2, b2, x) => {
      const dh = W2.map((row) => row.reduce((s, w, j) => s + w * (p.dz[j] ?? 0), 0));
      return outer(
        p.a.map((ai, i) => (ai > 0 ? (dh[i] ?? 0) : 0)),
        x,
      );
    }),
    changed('the relu not masked on the way back', 'b1', (p) => p.dh),
    changed('−onehot dropped: dz = softmax(z)', 'b2', (p) => softmax(p.z)),
    diagnosed(
      changed('∂L/∂W2 from the pre-activations, not h', 'W2', (p) => outer(p.dz, p.a)),
      'W2-from-pre-activations',
    ),
    {
      name: 'the relu not masked anywhere on the way back (∂L/∂a = ∂L/∂h)',
      fn: 'mlpGradients',
      caughtBy: AGREES,
      diagnosis: 'unmasked-relu',
      impl: (...args: Args) => {
        const { h, dz, dh } = pass(...args);
        return { W1: outer(dh, args[4]), b1: dh, W2: outer(dz, h), b2: dz, x: transposeTimes(args[0], dh) };
      },
    },
    {
      name: '−onehot dropped, every field computed from dz = softmax(z)',
      fn: 'mlpGradients',
      caughtBy: AGREES,
      diagnosis: 'no-onehot',
      impl: (W1: M, b1: V, W2: M, b2: V, x: V) => {
        const { a, h, z } = pass(W1, b1, W2, b2, x, 0);
        const dz = softmax(z);
        const da = transposeTimes(W2, dz).map((g, i) => (a[i] > 0 ? g : 0));
        return { W1: outer(da, x), b1: da, W2: outer(dz, h), b2: dz, x: transposeTimes(W1, da) };
      },
    },
    diagnosed(
      changed('∂L/∂W1 transposed', 'W1', (p, W1, b1, W2, b2, x) => outer(x, p.da)),
      'W1-transposed',
    ),
    changed('∂L/∂x as W1·da', 'x', (p, W1) => W1.map((row) => row.reduce((s, w, j) => s + w * (p.da[j] ?? 0), 0))),
    changed('∂L/∂b1 as dh, the relu forgotten for the bias alone', 'b1', (p) => p.dh),
    {
      name: 'no field x in the record',
      fn: 'mlpGradients',
      caughtBy: AGREES,
      impl: (...args: Args) => {
        const { W1, b1, W2, b2 } = gradients(...args);
        return { W1, b1, W2, b2 };
      },
    },
    {
      name: 'a loop bounded by 6 for ∂L/∂W1',
      fn: 'mlpGradients',
      caughtBy: 'agrees with a directional derivative at sizes 7 to 24',
      impl: (...args: Args) => {
        const g = gradients(...args);
        return { ...g, W1: g.W1.map((row, i) => row.map((v, j) => (i < 6 && j < 6 ? v : 0))) };
      },
    },
    {
      name: 'x scaled in place',
      fn: 'mlpGradients',
      caughtBy: 'leaves its inputs unchanged',
      impl: (W1: M, b1: V, W2: M, b2: V, x: V, label: number) => {
        const g = gradients(W1, b1, W2, b2, x, label);
        (x as number[])[0] *= 1;
        return g;
      },
    },
    {
      name: 'the loss without the relu',
      fn: 'mlpLoss',
      caughtBy: EQUALS,
      impl: (W1: M, b1: V, W2: M, b2: V, x: V, label: number) => ce(affine(W2, b2, affine(W1, b1, x)), label),
    },
    {
      name: 'the loss adds b1 into itself',
      fn: 'mlpLoss',
      caughtBy: 'leaves its inputs unchanged',
      impl: (W1: M, b1: V, W2: M, b2: V, x: V, label: number) => {
        const l = loss(W1, b1, W2, b2, x, label);
        (b1 as number[])[0] += 0;
        return l;
      },
    },
  ],
};
