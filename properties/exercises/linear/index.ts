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

const linear: ExerciseModule = {
  laws: {
    linearForward: linearForwardLaws,
    linearGradB: linearGradBLaws,
    linearJacobianW: linearJacobianWLaws,
    linearGradW: linearGradWLaws,
    linearGradX: linearGradXLaws,
  },
  answers: linearAnswers,
  diagnoses: linearPatterns as ExerciseModule['diagnoses'],
  caseOfSize: (n) => linearCaseOfSize(n, n, n, ['W', 'dW', 'b', 'db', 'x', 'v', 'dLdy']),
};

export default linear;
