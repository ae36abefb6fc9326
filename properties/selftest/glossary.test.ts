// Every law a learner meets has its words explained: each law's name goes
// under one term of glossary.json, and each term has its entry, with its
// anchor, in the students' README.

process.env.KATA_EXERCISES = 'all';
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the assignment is set */
const { GRADED } = require('../laws') as typeof import('../laws');
const { glossaryOf, GLOSSARY } = require('../glossary') as typeof import('../glossary');
const { studentReadme } = require('../cli/student-readme') as typeof import('../cli/student-readme');
/* eslint-enable @typescript-eslint/no-require-imports */

const laws = GRADED.flatMap((g) => g.laws.map((l) => ({ fn: g.fn, name: l.name, group: l.group })));

test('every law of every exercise goes under a term', () => {
  expect(laws.filter((l) => !glossaryOf(l.name, l.group)).map((l) => `${l.fn} ${l.name}`)).toEqual([]);
  // The control: a name with none of the terms' words goes under none.
  expect(glossaryOf('is a law nobody wrote', 'core')).toBeUndefined();
});

test('laws go under the term their words name', () => {
  const under = (name: string, group: 'core' | 'stability' = 'core') => glossaryOf(name, group)?.id;
  expect(under('equals Jᵀ·dLdy, with J from central differences of softmax')).toBe('central-differences');
  expect(under('leaves its inputs unchanged and returns a fresh array')).toBe('inputs-unchanged');
  expect(under('returns an m×n matrix')).toBe('shape');
  expect(under('equals W·x + b at sizes 7 to 24')).toBe('definition');
  expect(under('equals −log softmax(z)[label] for logits beyond ±750')).toBe('stability');
  expect(under('agrees with central differences of softmax', 'stability')).toBe('stability');
});

test("every term has its entry in the students' README, and every entry a term", () => {
  const readme = studentReadme();
  const anchors = [...readme.matchAll(/<a id="glossary-([a-z-]+)"><\/a>\n\*\*[^*]+\*\*/g)].map((m) => m[1]);
  expect([...anchors].sort()).toEqual(GLOSSARY.map((t) => t.id).sort());
  // Every term is used by some law.
  const used = new Set(laws.map((l) => glossaryOf(l.name, l.group)?.id));
  expect(GLOSSARY.filter((t) => !used.has(t.id)).map((t) => t.id)).toEqual([]);
});
