// The cross-entropy of a softmax: L = −log softmax(z)[label] = log Σ_k exp(z_k) − z_label.
// Its laws come from the law kit (kit.ts) and this forward map alone.

import { logSumExp, scalarLossModule, type Dual, type ScalarLoss } from '../../kit';
import type { ExerciseModule } from '../module';
import * as cases from './cases';
import type { CrossEntropyCase } from './cases';
import { crossEntropyPatterns } from './diagnoses';

// Builtins read once: under jest's vm sandbox every global lookup is slow.
const { abs } = Math;

const loss: ScalarLoss<CrossEntropyCase> = {
  loss: 'crossEntropy',
  gradient: 'crossEntropyGradZ',
  lossWords: '−log softmax(z)[label]',
  gradientWords: '∂L/∂z',
  why: 'the loss is minus the log of the probability the softmax gives the right class: log Σ_k exp(z_k) − z_label',
  ordinary: { cases: cases.crossEntropyCase(), examples: cases.crossEntropyExamples },
  large: cases.largeCrossEntropyCase(),
  extreme: { cases: cases.largeLogitsCase(), examples: cases.largeLogitsExamples, words: 'for logits beyond ±750' },
  shows: ['z', 'label'],
  args: (c) => [c.z, c.label],
  wrt: 'z',
  direction: (c) => c.u,
  forward: (c, z: Dual[]) => logSumExp(z).sub(z[c.label]),
};

const crossentropy: ExerciseModule = {
  ...scalarLossModule(loss),
  diagnoses: crossEntropyPatterns as ExerciseModule['diagnoses'],
  caseOfSize: (n) => cases.crossEntropyCaseOfSize(n, n),
  genericCases: () => [cases.crossEntropyCaseOfSize(4, 7)],
  // exp(z_k) overflows past 709.78, and Infinity/Infinity is NaN.
  mayOverflow: (_, args) => (args[0] as number[]).some((zk) => abs(zk) > 700),
};

export default crossentropy;
