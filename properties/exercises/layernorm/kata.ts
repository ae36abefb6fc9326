// Layer normalization's functions, as katas/layernorm.ts declares them.

import type { Vector } from '../../contract';

export interface LayerNormKata {
  layerNorm(x: Vector, gain: Vector, bias: Vector): number[];
  layerNormGradBias(dLdy: Vector): number[];
  layerNormGradGain(x: Vector, dLdy: Vector): number[];
  layerNormGradX(x: Vector, gain: Vector, dLdy: Vector): number[];
}
