// The linear layer y = W·x + b: its laws, answers and diagnoses (exercise.json holds the rest).

import type { ExerciseModule } from '../module';
import { linearCaseOfSize } from './cases';
import { linearPatterns } from './diagnoses';
import {
  linearAnswers,
  linearForwardLaws,
  linearGradBLaws,
  linearGradWLaws,
  linearGradXLaws,
  linearJacobianWLaws,
} from './laws';

/** Every field a function's answer reads. */
const FIELDS = ['W', 'dW', 'b', 'db', 'x', 'v', 'dLdy'] as const;

const linear: ExerciseModule = {
  laws: {
    linearForward: linearForwardLaws,
    linearGradB: linearGradBLaws,
    linearJacobianW: linearJacobianWLaws,
    linearGradW: linearGradWLaws,
    linearGradX: linearGradXLaws,
  },
  answers: linearAnswers,
  // Each gradient as a derivative of y = W·x + b.
  derivatives: {
    linearGradB: { forward: 'linearForward', wrt: ['b'], returns: 'vjp' },
    linearJacobianW: { forward: 'linearForward', wrt: ['W'], returns: 'jacobian' },
    linearGradW: { forward: 'linearForward', wrt: ['W'], returns: 'vjp' },
    linearGradX: { forward: 'linearForward', wrt: ['x'], returns: 'vjp' },
  },
  diagnoses: linearPatterns as ExerciseModule['diagnoses'],
  caseOfSize: (n) => linearCaseOfSize(n, n, n, FIELDS),
  genericCases: () => [linearCaseOfSize(3, 2, 7, FIELDS), linearCaseOfSize(3, 3, 8, FIELDS)],
};

export default linear;
