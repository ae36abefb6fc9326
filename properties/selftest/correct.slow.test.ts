// The rest of correct.test.ts's sweep: every differently written correct
// answer in correct.ts passes every law at each seed the quick suite leaves out.

import { CORRECT } from './correct';
import { CORRECT_SEEDS, QUICK_SEEDS, gradeAll, notPassed } from './grading';

const seeds = CORRECT_SEEDS.slice(QUICK_SEEDS);

test.each(CORRECT.map((c) => [c.name, c.kata] as const))(
  `%s passes every law at ${seeds.length} more seeds`,
  (_, kata) => {
    expect(notPassed(gradeAll(kata, seeds))).toEqual([]);
  },
);
