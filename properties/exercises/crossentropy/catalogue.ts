// The self-tests' catalogue for the cross-entropy: right answers written
// differently, each of which must pass every law, and wrong answers from real
// misconceptions, each caught by the law named beside it.

import type { Catalogue } from '../module';

type Z = readonly number[];
const { exp, log, max } = Math;

/** The reference answers, as a student who got them right might write them. */
const ce = (z: Z, label: number) => {
  const m = max(...z);
  return m + log(z.reduce((s, zk) => s + exp(zk - m), 0)) - z[label];
};
const grad = (z: Z, label: number) => {
  const m = max(...z);
  const e = z.map((zk) => exp(zk - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((ek, k) => ek / s - (k === label ? 1 : 0));
};
const right = { crossEntropy: ce, crossEntropyGradZ: grad };

const LOSS = 'equals −log softmax(z)[label]';
const GRAD = 'agrees with forward-mode derivatives of −log softmax(z)[label]';

export const catalogue: Catalogue = {
  right,
  correct: [
    {
      name: 'log-softmax first, with loops',
      kata: {
        crossEntropy: (z: Z, label: number) => {
          let m = -Infinity;
          for (const zk of z) if (zk > m) m = zk;
          let s = 0;
          for (const zk of z) s += exp(zk - m);
          return -(z[label] - m - log(s));
        },
        crossEntropyGradZ: (z: Z, label: number) => {
          let m = -Infinity;
          for (const zk of z) if (zk > m) m = zk;
          let s = 0;
          for (const zk of z) s += exp(zk - m);
          const logS = log(s);
          const out: number[] = [];
          for (let k = 0; k < z.length; k++) out.push(exp(z[k] - m - logS) - (k === label ? 1 : 0));
          return out;
        },
      },
    },
    {
      name: 'each probability as 1/Σ_j exp(z_j − z_k)',
      kata: {
        crossEntropy: (z: Z, label: number) => log(z.reduce((s, zj) => s + exp(zj - z[label]), 0)),
        crossEntropyGradZ: (z: Z, label: number) =>
          z.map((zk, k) => 1 / z.reduce((s, zj) => s + exp(zj - zk), 0) - (k === label ? 1 : 0)),
      },
    },
    {
      name: 'typed arrays inside, a plain array out, the onehot subtracted last',
      kata: {
        crossEntropy: ce,
        crossEntropyGradZ: (z: Z, label: number) => {
          const p = Float64Array.from(z);
          const m = max(...p);
          let s = 0;
          for (let k = 0; k < p.length; k++) s += p[k] = exp(p[k] - m);
          const out = Array.from(p, (pk) => pk / s);
          out[label] -= 1;
          return out;
        },
      },
    },
  ],
  wrong: [
    {
      name: 'the gradient drops −onehot(label)',
      diagnosis: 'no-onehot',
      fn: 'crossEntropyGradZ',
      caughtBy: GRAD,
      impl: (z: Z, label: number) => grad(z, label).map((g, k) => g + (k === label ? 1 : 0)),
    },
    {
      name: 'onehot − softmax: the sign flipped',
      diagnosis: 'wrong-sign',
      fn: 'crossEntropyGradZ',
      caughtBy: GRAD,
      impl: (z: Z, label: number) => grad(z, label).map((g) => -g),
    },
    {
      name: '−onehot alone, as if log Σ exp(z) did not move',
      diagnosis: 'onehot-only',
      fn: 'crossEntropyGradZ',
      caughtBy: GRAD,
      impl: (z: Z, label: number) => z.map((_, k) => (k === label ? -1 : 0)),
    },
    {
      name: 'log softmax − onehot',
      diagnosis: 'log-softmax',
      fn: 'crossEntropyGradZ',
      caughtBy: GRAD,
      impl: (z: Z, label: number) =>
        grad(z, label).map((g, k) => log(g + (k === label ? 1 : 0)) - (k === label ? 1 : 0)),
    },
    {
      name: 'the label counted from 1',
      fn: 'crossEntropyGradZ',
      caughtBy: GRAD,
      impl: (z: Z, label: number) => grad(z, (label + 1) % z.length),
    },
    {
      name: 'central differences of a right loss, h = 1e-5',
      fn: 'crossEntropyGradZ',
      caughtBy: GRAD,
      impl: (z: Z, label: number) =>
        z.map((_, k) => {
          const h = 1e-5;
          const plus = z.map((zj, j) => (j === k ? zj + h : zj));
          const minus = z.map((zj, j) => (j === k ? zj - h : zj));
          return (ce(plus, label) - ce(minus, label)) / (2 * h);
        }),
    },
    {
      name: 'a loop bounded by 6',
      fn: 'crossEntropyGradZ',
      caughtBy: 'agrees with a directional derivative at sizes 7 to 24',
      impl: (z: Z, label: number) => {
        const g = grad(z, label);
        for (let k = 6; k < g.length; k++) g[k] = 0;
        return g;
      },
    },
    {
      name: 'the gradient sorts z in place to find its largest',
      fn: 'crossEntropyGradZ',
      caughtBy: 'leaves its inputs unchanged',
      impl: (z: Z, label: number) => {
        const g = grad(z, label);
        (z as number[]).sort((a, b) => a - b);
        return g;
      },
    },
    {
      name: 'a naive exp in the gradient',
      fn: 'crossEntropyGradZ',
      caughtBy: 'agrees with forward-mode derivatives for logits beyond ±750',
      onlyStability: true,
      impl: (z: Z, label: number) => {
        const e = z.map(exp);
        const s = e.reduce((a, b) => a + b, 0);
        return e.map((ek, k) => ek / s - (k === label ? 1 : 0));
      },
    },
    {
      name: 'a naive exp in the loss',
      fn: 'crossEntropy',
      caughtBy: `${LOSS} for logits beyond ±750`,
      onlyStability: true,
      impl: (z: Z, label: number) => -log(exp(z[label]) / z.reduce((s, zk) => s + exp(zk), 0)),
    },
    {
      name: 'the loss forgets −z_label',
      fn: 'crossEntropy',
      caughtBy: LOSS,
      impl: (z: Z, label: number) => ce(z, label) + z[label],
    },
    {
      name: 'the loss is −softmax(z)[label], without the log',
      fn: 'crossEntropy',
      caughtBy: LOSS,
      impl: (z: Z, label: number) => -exp(-ce(z, label)),
    },
    {
      name: 'the loss finds the largest logit by sorting z in place',
      fn: 'crossEntropy',
      caughtBy: 'leaves its inputs unchanged',
      impl: (z: Z, label: number) => {
        const zl = z[label];
        const m = (z as number[]).sort((a, b) => a - b)[z.length - 1];
        return m + log(z.reduce((s, zk) => s + exp(zk - m), 0)) - zl;
      },
    },
  ],
};
