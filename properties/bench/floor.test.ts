// The floor of the stack: jest + ts-jest running one trivial TypeScript test.
// speed.ts times `npm run grade` against this.

const one: number = 1;

test('one is one', () => {
  expect(one).toBe(1);
});
