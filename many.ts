import { CORRECT } from '/work/main/properties/selftest/correct';
import { gradeAll, notPassed, seeds } from '/work/main/properties/selftest/grading';
import * as lin from '/work/main/solutions/linear';
import * as sm from '/work/main/solutions/softmax';
const N = Number(process.env.N ?? 300);
const all = [{ name: 'solutions', kata: { ...lin, ...sm } }, ...CORRECT];
for (const c of all) {
  const t0 = Date.now();
  const bad = notPassed(gradeAll(c.kata, seeds(N, 100000)));
  console.log(c.name, 'failures:', bad.length, 'in', N, 'seeds', Date.now() - t0, 'ms');
  for (const b of bad.slice(0, 5)) console.log('   ', b.slice(0, 400));
}
