// What common misconceptions make the cross-entropy's gradient return, for the diagnosis.

import { scale, type Pattern } from '../../patterns';
import { softmaxOf as softmaxAt } from '../softmax/reference';
import type { CrossEntropyCase } from './cases';

/** The grader's own softmax (β = 1). */
const softmaxOf = (z: readonly number[]) => softmaxAt(z, 1);

export const crossEntropyPatterns: { [fn: string]: Pattern<CrossEntropyCase>[] } = {
  crossEntropy: [],
  crossEntropyGradZ: [
    {
      code: 'no-onehot',
      says: '∂L/∂z is missing −onehot(label): the −z_label in L takes 1 from the right class',
      predict: (c) => softmaxOf(c.z),
    },
    {
      code: 'wrong-sign',
      says: '∂L/∂z has the wrong sign: it is softmax(z) − onehot(label)',
      predict: (_, r) => scale(r, -1),
    },
    {
      code: 'onehot-only',
      says: '∂L/∂z is −onehot(label) alone: log Σ_k exp(z_k) moves with every z_k, by softmax(z)_k',
      predict: (c) => c.z.map((_, k) => (k === c.label ? -1 : 0)),
    },
    {
      code: 'log-softmax',
      says: 'that is log softmax(z) − onehot: the derivative of log Σ_k exp(z_k) is softmax(z), not its log',
      predict: (c) => softmaxOf(c.z).map((p, k) => Math.log(p) - (k === c.label ? 1 : 0)),
    },
  ],
};
