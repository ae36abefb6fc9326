// What common misconceptions make layer normalization's functions return, for the diagnosis.

import { scale, type Pattern } from '../../patterns';
import type { LayerNormCase } from './cases';
import { EPSILON } from './reference';

// Builtins read once: under jest's vm sandbox every global lookup is slow.
const { sqrt } = Math;

/** μ, the standard deviation √(σ² + ε) with σ² over n (or n − 1), and x̂. */
function stats(x: readonly number[], sample = false) {
  const n = x.length;
  const mu = x.reduce((a, b) => a + b, 0) / n;
  const sd = sqrt(x.reduce((a, b) => a + (b - mu) ** 2, 0) / (sample ? n - 1 : n) + EPSILON);
  return { mu, sd, xhat: x.map((xi) => (xi - mu) / sd) };
}

export const layerNormPatterns: { [fn: string]: Pattern<LayerNormCase>[] } = {
  layerNorm: [
    {
      code: 'sample-variance',
      says: 'you divided the variance by n − 1; layer normalization uses the population variance, Σ(x_k − μ)²/n',
      predict: (c) => (c.x.length > 1 ? stats(c.x, true).xhat.map((h, i) => c.gain[i] * h + c.bias[i]) : undefined),
    },
    {
      code: 'no-gain',
      says: 'y lacks the gain: multiply x̂_i by gain_i',
      predict: (c) => stats(c.x).xhat.map((h, i) => h + c.bias[i]),
    },
  ],
  layerNormGradBias: [{ code: 'wrong-sign', says: '∂L/∂bias has the wrong sign', predict: (_, r) => scale(r, -1) }],
  layerNormGradGain: [
    {
      code: 'x-not-xhat',
      says: '∂L/∂gain_i is dLdy_i·x̂_i, with x normalized: gain multiplies x̂, not x',
      predict: (c) => c.dLdy.map((g, i) => g * c.x[i]),
    },
    {
      code: 'dLdy-passed-through',
      says: '∂L/∂gain is not dLdy: gain_i multiplies x̂_i, so its gradient is dLdy_i·x̂_i',
      predict: (c) => c.dLdy.slice(),
    },
  ],
  layerNormGradX: [
    {
      code: 'constant-statistics',
      says:
        'you treated μ and σ as constants: every x_k moves them too, which subtracts mean(g) and ' +
        'x̂_j·mean(g ⊙ x̂) from g_j (with g = gain ⊙ dLdy)',
      predict: (c) => {
        const { sd } = stats(c.x);
        return c.dLdy.map((g, i) => (c.gain[i] * g) / sd);
      },
    },
    {
      code: 'no-variance-term',
      says: 'the mean is accounted for but not the variance: subtract x̂_j·mean(g ⊙ x̂) too (g = gain ⊙ dLdy)',
      predict: (c) => {
        const { sd } = stats(c.x);
        const g = c.dLdy.map((d, i) => c.gain[i] * d);
        const mean = g.reduce((a, b) => a + b, 0) / g.length;
        return g.map((gj) => (gj - mean) / sd);
      },
    },
    { code: 'wrong-sign', says: '∂L/∂x has the wrong sign', predict: (_, r) => scale(r, -1) },
  ],
};
