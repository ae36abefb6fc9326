// What common misconceptions make the network's gradients return, for the
// diagnosis: forward-mode derivatives of the loss with one step changed the
// way the misconception changes the backward pass (forward.ts), so every
// field that step feeds is wrong with it; no backward pass is written here.

import { recordLossAnswers, type RecordLoss } from '../../kit';
import { transpose, type Pattern, type RecordAnswer } from '../../patterns';
import type { MlpCase } from './cases';
import { mlpForward, type Variant } from './forward';

export function mlpPatterns(loss: RecordLoss<MlpCase>): { [fn: string]: Pattern<MlpCase>[] } {
  /** The record a misconception returns: the exact gradient of the loss's variant. */
  const gradientOf = (variant: Variant) => {
    const answers = recordLossAnswers({ ...loss, forward: (c, p) => mlpForward(c, p, variant) });
    return (c: MlpCase) => answers[loss.gradients].expected(c) as RecordAnswer;
  };
  return {
    [loss.loss]: [],
    [loss.gradients]: [
      {
        code: 'unmasked-relu',
        says:
          'the relu was not masked on the way back: ∂L/∂a = ∂L/∂h ⊙ [a > 0], so the gradient stops where a unit ' +
          'was off; ∂L/∂W1, ∂L/∂b1 and ∂L/∂x all come after it',
        predict: gradientOf({ unmaskedRelu: true }),
      },
      {
        code: 'no-onehot',
        says: '∂L/∂z is missing −onehot(label): it is softmax(z) − onehot(label), and every field comes after it',
        predict: gradientOf({ noOnehot: true }),
      },
      {
        code: 'W2-from-pre-activations',
        says: "∂L/∂W2 = ∂L/∂z·hᵀ takes h = relu(a), the second layer's input, not the pre-activations a",
        predict: gradientOf({ w2FromPreActivations: true }),
      },
      {
        code: 'W1-transposed',
        says: "∂L/∂W1 is transposed: it has W1's shape, h×n, with entry [i][j] = (∂L/∂a)_i·x_j",
        predict: (_, right) => ({
          ...(right as RecordAnswer),
          W1: transpose((right as RecordAnswer).W1 as number[][]),
        }),
      },
    ],
  };
}
