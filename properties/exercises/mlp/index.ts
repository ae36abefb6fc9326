// A two-layer network: h = relu(W1·x + b1), z = W2·h + b2, L = log Σ_k exp(z_k) − z_label.
// Its laws come from the law kit (kit.ts) and this forward map alone.

import { recordLossModule, type RecordLoss } from '../../kit';
import type { ExerciseModule } from '../module';
import { largeMlpCase, mlpCase, mlpCaseOfSize, mlpExamples, type MlpCase } from './cases';
import { mlpPatterns } from './diagnoses';
import { mlpForward } from './forward';

const loss: RecordLoss<MlpCase> = {
  loss: 'mlpLoss',
  gradients: 'mlpGradients',
  lossWords: 'the cross-entropy of W2·relu(W1·x + b1) + b2',
  why: 'h = relu(W1·x + b1), z = W2·h + b2, and L = log Σ_k exp(z_k) − z_label',
  ordinary: { cases: mlpCase(), examples: mlpExamples },
  large: largeMlpCase(),
  shows: ['W1', 'b1', 'W2', 'b2', 'x', 'label'],
  args: (c) => [c.W1, c.b1, c.W2, c.b2, c.x, c.label],
  params: ['W1', 'b1', 'W2', 'b2', 'x'],
  direction: (c) => c.u,
  forward: (c, p) => mlpForward(c, p),
};

const mlp: ExerciseModule = {
  ...recordLossModule(loss),
  diagnoses: mlpPatterns(loss) as ExerciseModule['diagnoses'],
  caseOfSize: (n) => mlpCaseOfSize(n, n),
  genericCases: () => [mlpCaseOfSize(3, 7, 2, 4)],
};

export default mlp;
