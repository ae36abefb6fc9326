// The grader's worst possible bug is failing a correct student: every
// differently written correct answer in correct.ts passes every law at the
// first seeds of the sweep, the default seed among them. correct.slow.test.ts
// grades the rest of the sweep (npm run test:slow); the bench, 1,000 seeds.

import { CORRECT } from './correct';
import { CORRECT_SEEDS, QUICK_SEEDS, gradeAll, notPassed } from './grading';

const seeds = CORRECT_SEEDS.slice(0, QUICK_SEEDS);

test.each(CORRECT.map((c) => [c.name, c.kata] as const))(`%s passes every law at ${seeds.length} seeds`, (_, kata) => {
  expect(notPassed(gradeAll(kata, seeds))).toEqual([]);
});
