// The self-tests' catalogue for layer normalization: right answers written
// differently, each of which must pass every law, and wrong answers from real
// misconceptions, each caught by the law named beside it.

import { diagnosed, type Catalogue, type Wrong } from '../module';

type V = readonly number[];
const EPSILON = 1e-5;
const { sqrt } = Math;

function normalize(x: V, sample = false): { xhat: number[]; sd: number } {
  const n = x.length;
  const mu = x.reduce((s, xi) => s + xi, 0) / n;
  const variance = x.reduce((s, xi) => s + (xi - mu) ** 2, 0) / (sample ? n - 1 : n);
  const sd = sqrt(variance + EPSILON);
  return { xhat: x.map((xi) => (xi - mu) / sd), sd };
}
const forward = (x: V, gain: V, bias: V) => normalize(x).xhat.map((h, i) => gain[i] * h + bias[i]);
const gradBias = (dLdy: V) => dLdy.slice();
const gradGain = (x: V, dLdy: V) => normalize(x).xhat.map((h, i) => dLdy[i] * h);
const gradX = (x: V, gain: V, dLdy: V) => {
  const n = x.length;
  const { xhat, sd } = normalize(x);
  const g = dLdy.map((d, i) => gain[i] * d);
  const meanG = g.reduce((s, gi) => s + gi, 0) / n;
  const meanGX = g.reduce((s, gi, i) => s + gi * xhat[i], 0) / n;
  return g.map((gj, j) => (gj - meanG - xhat[j] * meanGX) / sd);
};
const right = { layerNorm: forward, layerNormGradBias: gradBias, layerNormGradGain: gradGain, layerNormGradX: gradX };

const AGREES = 'agrees with forward-mode derivatives of dLdy·(gain ⊙ (x − μ)/√(σ² + ε) + bias)';
const LINEAR = 'is linear in dLdy';
const PURE = 'leaves its inputs unchanged';
const LARGE = 'agrees with a directional derivative at sizes 7 to 24';

/** Entries past the sixth left at zero: a loop bounded by a constant. */
const firstSix = (v: number[]) => v.map((vi, k) => (k < 6 ? vi : 0));
/** dLdy bent a little where it is large: wrong only away from small upstream gradients. */
const bent = (dLdy: V) => dLdy.map((g) => g + (g * g) / 64);

const wrongOf = (fn: string, name: string, caughtBy: string, impl: unknown): Wrong => ({ name, fn, caughtBy, impl });

export const catalogue: Catalogue = {
  right,
  correct: [
    {
      name: 'the chain rule step by step, through σ² and μ, as CS231n writes it',
      kata: {
        ...right,
        layerNormGradX: (x: V, gain: V, dLdy: V) => {
          const n = x.length;
          const mu = x.reduce((s, xi) => s + xi, 0) / n;
          const xmu = x.map((xi) => xi - mu);
          const variance = xmu.reduce((s, d) => s + d * d, 0) / n;
          const ivar = 1 / sqrt(variance + EPSILON);
          const dxhat = dLdy.map((d, i) => d * gain[i]);
          const dvar = dxhat.reduce((s, d, i) => s + d * xmu[i], 0) * -0.5 * ivar ** 3;
          const dmu = dxhat.reduce((s, d) => s - d * ivar, 0) + (dvar * xmu.reduce((s, d) => s - 2 * d, 0)) / n;
          return dxhat.map((d, i) => d * ivar + (dvar * 2 * xmu[i]) / n + dmu / n);
        },
      },
    },
    {
      name: 'the Jacobian of x̂ built in full, then transposed times gain ⊙ dLdy',
      kata: {
        ...right,
        layerNormGradX: (x: V, gain: V, dLdy: V) => {
          const n = x.length;
          const { xhat, sd } = normalize(x);
          // ∂x̂_i/∂x_j = (δ_ij − 1/n − x̂_i·x̂_j/n)/sd
          const J = xhat.map((hi, i) => xhat.map((hj, j) => ((i === j ? 1 : 0) - 1 / n - (hi * hj) / n) / sd));
          return x.map((_, j) => J.reduce((s, row, i) => s + row[j] * gain[i] * dLdy[i], 0));
        },
      },
    },
    {
      name: "Welford's running mean and variance, loops throughout",
      kata: (() => {
        const stats = (x: V) => {
          let mean = 0;
          let m2 = 0;
          for (let k = 0; k < x.length; k++) {
            const d = x[k] - mean;
            mean += d / (k + 1);
            m2 += d * (x[k] - mean);
          }
          return { mean, sd: sqrt(m2 / x.length + EPSILON) };
        };
        return {
          layerNorm: (x: V, gain: V, bias: V) => {
            const { mean, sd } = stats(x);
            const y: number[] = [];
            for (let i = 0; i < x.length; i++) y.push((gain[i] * (x[i] - mean)) / sd + bias[i]);
            return y;
          },
          layerNormGradBias: (dLdy: V) => [...dLdy],
          layerNormGradGain: (x: V, dLdy: V) => {
            const { mean, sd } = stats(x);
            return x.map((xi, i) => (dLdy[i] * (xi - mean)) / sd);
          },
          layerNormGradX: (x: V, gain: V, dLdy: V) => {
            const { mean, sd } = stats(x);
            const n = x.length;
            let sumG = 0;
            let sumGX = 0;
            for (let i = 0; i < n; i++) {
              sumG += gain[i] * dLdy[i];
              sumGX += gain[i] * dLdy[i] * ((x[i] - mean) / sd);
            }
            return x.map((xi, j) => (gain[j] * dLdy[j] - sumG / n - ((xi - mean) / sd) * (sumGX / n)) / sd);
          },
        };
      })(),
    },
  ],
  wrong: [
    diagnosed(
      wrongOf('layerNorm', 'the gain left out', 'equals gain ⊙ (x − μ)/√(σ² + ε) + bias', (x: V, gain: V, bias: V) =>
        normalize(x).xhat.map((h, i) => h + bias[i]),
      ),
      'no-gain',
    ),
    diagnosed(
      wrongOf('layerNormGradBias', '−dLdy, the sign flipped', AGREES, (dLdy: V) => dLdy.map((g) => -g)),
      'wrong-sign',
    ),
    diagnosed(
      wrongOf('layerNormGradX', 'the sign flipped', AGREES, (x: V, gain: V, dLdy: V) =>
        gradX(x, gain, dLdy).map((g) => -g),
      ),
      'wrong-sign',
    ),
    diagnosed(
      wrongOf(
        'layerNorm',
        'the sample variance (n − 1)',
        'equals gain ⊙ (x − μ)/√(σ² + ε) + bias',
        (x: V, gain: V, bias: V) =>
          x.length > 1 ? normalize(x, true).xhat.map((h, i) => gain[i] * h + bias[i]) : forward(x, gain, bias),
      ),
      'sample-variance',
    ),
    wrongOf('layerNorm', 'no ε', 'equals gain ⊙ (x − μ)/√(σ² + ε) + bias', (x: V, gain: V, bias: V) => {
      const mu = x.reduce((s, xi) => s + xi, 0) / x.length;
      const sd = sqrt(x.reduce((s, xi) => s + (xi - mu) ** 2, 0) / x.length);
      return x.map((xi, i) => (gain[i] * (xi - mu)) / sd + bias[i]);
    }),
    wrongOf(
      'layerNorm',
      'centred but not scaled',
      'equals gain ⊙ (x − μ)/√(σ² + ε) + bias',
      (x: V, gain: V, bias: V) => {
        const mu = x.reduce((s, xi) => s + xi, 0) / x.length;
        return x.map((xi, i) => gain[i] * (xi - mu) + bias[i]);
      },
    ),
    wrongOf('layerNorm', 'x centred in place', PURE, (x: V, gain: V, bias: V) => {
      const y = forward(x, gain, bias);
      const mu = x.reduce((s, xi) => s + xi, 0) / x.length;
      for (let k = 0; k < x.length; k++) (x as number[])[k] -= mu;
      return y;
    }),
    diagnosed(
      wrongOf('layerNormGradBias', 'summed to one number', AGREES, (dLdy: V) => [dLdy.reduce((s, g) => s + g, 0)]),
      'shape',
    ),
    wrongOf('layerNormGradBias', 'bent where dLdy is large', LINEAR, (dLdy: V) => bent(dLdy)),
    wrongOf('layerNormGradBias', 'dLdy itself, returned', PURE, (dLdy: V) => dLdy),
    wrongOf('layerNormGradBias', 'a loop bounded by 6', LARGE, (dLdy: V) => firstSix(dLdy.slice())),
    diagnosed(
      wrongOf('layerNormGradGain', 'dLdy ⊙ x, with x not normalized', AGREES, (x: V, dLdy: V) =>
        dLdy.map((g, i) => g * x[i]),
      ),
      'x-not-xhat',
    ),
    diagnosed(
      wrongOf('layerNormGradGain', 'dLdy passed through', AGREES, (x: V, dLdy: V) => dLdy.slice()),
      'dLdy-passed-through',
    ),
    wrongOf('layerNormGradGain', 'bent where dLdy is large', LINEAR, (x: V, dLdy: V) => gradGain(x, bent(dLdy))),
    wrongOf('layerNormGradGain', 'x normalized in place', PURE, (x: V, dLdy: V) => {
      const { xhat } = normalize(x);
      xhat.forEach((h, k) => ((x as number[])[k] = h));
      return xhat.map((h, i) => dLdy[i] * h);
    }),
    wrongOf('layerNormGradGain', 'a loop bounded by 6', LARGE, (x: V, dLdy: V) => firstSix(gradGain(x, dLdy))),
    diagnosed(
      wrongOf('layerNormGradX', 'μ and σ treated as constants', AGREES, (x: V, gain: V, dLdy: V) => {
        const { sd } = normalize(x);
        return dLdy.map((g, i) => (gain[i] * g) / sd);
      }),
      'constant-statistics',
    ),
    diagnosed(
      wrongOf('layerNormGradX', 'the mean term without the variance term', AGREES, (x: V, gain: V, dLdy: V) => {
        const { sd } = normalize(x);
        const g = dLdy.map((d, i) => gain[i] * d);
        const mean = g.reduce((a, b) => a + b, 0) / g.length;
        return g.map((gj) => (gj - mean) / sd);
      }),
      'no-variance-term',
    ),
    wrongOf('layerNormGradX', 'divided by σ² + ε, not its square root', AGREES, (x: V, gain: V, dLdy: V) => {
      const { sd } = normalize(x);
      return gradX(x, gain, dLdy).map((v) => v / sd);
    }),
    wrongOf('layerNormGradX', 'bent where dLdy is large', LINEAR, (x: V, gain: V, dLdy: V) =>
      gradX(x, gain, bent(dLdy)),
    ),
    wrongOf('layerNormGradX', 'gain ⊙ dLdy formed in dLdy itself', PURE, (x: V, gain: V, dLdy: V) => {
      const out = gradX(x, gain, dLdy);
      for (let k = 0; k < dLdy.length; k++) (dLdy as number[])[k] *= gain[k];
      return out;
    }),
    wrongOf('layerNormGradX', 'a loop bounded by 6', LARGE, (x: V, gain: V, dLdy: V) => firstSix(gradX(x, gain, dLdy))),
  ],
};
