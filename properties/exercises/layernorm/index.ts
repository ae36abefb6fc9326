// Layer normalization y = gain ⊙ (x − μ)/√(σ² + ε) + bias, with the population's variance and ε = 1e-5.
// Its laws come from the law kit (kit.ts) and this map alone.

import { vectorMapModule, type VectorMap } from '../../kit';
import type { ExerciseModule } from '../module';
import { largeLayerNormCase, layerNormCase, layerNormCaseOfSize, layerNormExamples, type LayerNormCase } from './cases';
import { layerNormPatterns } from './diagnoses';
import { normalized } from './reference';

const map: VectorMap<LayerNormCase> = {
  forward: 'layerNorm',
  forwardWords: 'gain ⊙ (x − μ)/√(σ² + ε) + bias',
  why: 'y_i = gain_i·(x_i − μ)/√(σ² + ε) + bias_i, with μ the mean of x and σ² its population variance',
  ordinary: { cases: layerNormCase(), examples: layerNormExamples },
  large: largeLayerNormCase(),
  shows: ['x', 'gain', 'bias'],
  forwardArgs: (c) => [c.x, c.gain, c.bias],
  inputs: (c) => ({ x: c.x, gain: c.gain, bias: c.bias }),
  map: (_, { x, gain, bias }) => normalized(x).map((h, i) => h.mul(gain[i]).add(bias[i])),
  upstream: (c) => ({ dLdy: c.dLdy, dLdy2: c.dLdy2, alpha: c.alpha }),
  direction: (c) => c.u,
  backward: [
    { fn: 'layerNormGradBias', wrt: 'bias', words: '∂L/∂bias', args: (_, dLdy) => [dLdy] },
    { fn: 'layerNormGradGain', wrt: 'gain', words: '∂L/∂gain', args: (c, dLdy) => [c.x, dLdy] },
    { fn: 'layerNormGradX', wrt: 'x', words: '∂L/∂x', args: (c, dLdy) => [c.x, c.gain, dLdy] },
  ],
};

const layernorm: ExerciseModule = {
  ...vectorMapModule(map),
  diagnoses: layerNormPatterns as ExerciseModule['diagnoses'],
  caseOfSize: (n) => layerNormCaseOfSize(n, n),
  genericCases: () => [layerNormCaseOfSize(4, 7)],
};

export default layernorm;
