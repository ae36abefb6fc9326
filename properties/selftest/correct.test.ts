// The grader's worst possible bug is failing a correct student: every
// differently written correct answer in correct.ts passes every law at 20
// seeds (the default seed among them).

import { DEFAULT_SEED } from '../run';
import { CORRECT } from './correct';
import { gradeAll, notPassed, seeds } from './grading';

test.each(CORRECT.map((c) => [c.name, c.kata] as const))('%s passes every law at 20 seeds', (_, kata) => {
  expect(notPassed(gradeAll(kata, [DEFAULT_SEED, ...seeds(19)]))).toEqual([]);
});
