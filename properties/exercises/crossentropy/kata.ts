// The cross-entropy's functions, as katas/crossentropy.ts declares them.

import type { Vector } from '../../contract';

export interface CrossEntropyKata {
  crossEntropy(z: Vector, label: number): number;
  crossEntropyGradZ(z: Vector, label: number): number[];
}
