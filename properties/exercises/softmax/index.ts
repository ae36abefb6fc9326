// The softmax with inverse temperature β: its laws, answers and diagnoses (exercise.json holds the rest).

import type { ExerciseModule } from '../module';
import { softmaxCaseOfSize } from './cases';
import { softmaxPatterns } from './diagnoses';
import { softmaxAnswers, softmaxGradXLaws, softmaxJacobianLaws, softmaxLaws } from './laws';

// Builtins read once: under jest's vm sandbox every global lookup is slow.
const { abs } = Math;

const softmax: ExerciseModule = {
  laws: { softmax: softmaxLaws, softmaxJacobian: softmaxJacobianLaws, softmaxGradX: softmaxGradXLaws },
  answers: softmaxAnswers,
  // Each gradient as a derivative of y = softmax(β·x), with respect to x (β is given).
  derivatives: {
    softmaxJacobian: { forward: 'softmax', wrt: ['x'], returns: 'jacobian' },
    softmaxGradX: { forward: 'softmax', wrt: ['x'], returns: 'vjp' },
  },
  diagnoses: softmaxPatterns as ExerciseModule['diagnoses'],
  caseOfSize: (n) => softmaxCaseOfSize(n, 2, n),
  genericCases: () => [softmaxCaseOfSize(4, 1.7, 7)],
  // Every function takes (x, β, …): exp(β·x_i) overflows past 709.78, and Infinity/Infinity is NaN.
  mayOverflow: (_, args) => (args[0] as number[]).some((xi) => abs((args[1] as number) * xi) > 700),
};

export default softmax;
