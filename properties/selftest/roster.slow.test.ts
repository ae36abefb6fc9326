// A class graded in chunks, as GitHub Actions grades a roster: the roster's
// chunks, fetching a chunk's submissions from repositories, and merging the
// partial gradebooks into what one batch of all the folders gives. Slow (four
// batches): npm run test:slow.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../kata';
import { folder, HANG, NO_BETA, run, SYNTAX_ERROR } from './e2e';

jest.setTimeout(180_000);

test('a roster graded in chunks and merged gives the gradebook one batch of all its folders gives', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the command line's JavaScript module
  const { parseRoster, chunksOf } = require('../cli/roster') as typeof import('../cli/roster');
  const roster = parseRoster('ada/kata\n# a comment\nbob/kata  # and another\n\ncy/kata\nada/kata\ndee/kata\n');
  expect(chunksOf(roster, 2)).toEqual([
    ['ada/kata', 'bob/kata'],
    ['cy/kata', 'dee/kata'],
  ]);
  expect(() => parseRoster('x/y; rm -rf /\n')).toThrow("roster line 1: 'x/y; rm -rf /' is not owner/name");

  const make = (root: string, names: string[]) => {
    const edits: Record<string, Parameters<typeof folder>[0]> = {
      ada: [],
      bob: [NO_BETA],
      cy: [SYNTAX_ERROR],
      dee: [HANG],
    };
    for (const name of names) folder(edits[name], path.join(root, name));
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-'));
  const [all, first, second, merged] = ['all', 'first', 'second', 'merged'].map((d) => path.join(tmp, d));
  make(all, ['ada', 'bob', 'cy', 'dee']);
  make(first, ['ada', 'bob']);
  make(second, ['cy', 'dee']);
  for (const dir of [all, first, second]) {
    expect(run(`node properties/cli/grade.js --batch ${dir} --seed 7`, { KATA_HANG_MS: '1000' }).status).toBe(0);
  }
  const joined = run(`node properties/cli/grade.js --merge ${first} ${second} --out ${merged}`);
  expect(joined.out).toContain('(4 submissions from 2 gradebooks)');
  expect(joined.status).toBe(0);
  const book = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'gradebook.json'), 'utf8'));
  const totals = (dir: string) =>
    book(dir).submissions.map((s: { submission: string; score: number }) => [s.submission, s.score]);
  expect(totals(merged)).toEqual([
    ['ada', 19],
    ['bob', 15],
    ['cy', 11],
    ['dee', 17],
  ]);
  expect(totals(merged)).toEqual(totals(all));
  // Rows hold the same points and reasons (the notes name each folder's own path, so they are left out).
  const strip = (dir: string) => book(dir).submissions.map((s: { notes?: string }) => ({ ...s, notes: undefined }));
  expect(strip(merged)).toEqual(strip(all));
  // Gradebooks graded with different seeds do not merge.
  const other = path.join(tmp, 'other');
  make(other, ['ada']);
  run(`node properties/cli/grade.js --batch ${other} --seed 8`);
  const refused = run(`node properties/cli/grade.js --merge ${first} ${other} --out ${path.join(tmp, 'x')}`);
  expect(refused.status).toBe(2);
  expect(refused.out).toContain('the partial gradebooks differ in seed: 7, 8');
});

test("fetching a roster's chunk takes only katas/ of each repository, at its last commit before the deadline", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fetch-'));
  const src = path.join(tmp, 'src');
  const git = (args: string, date?: string) =>
    run(`git -C ${src} -c user.email=s@example.org -c user.name=s ${args}`, date ? { GIT_COMMITTER_DATE: date } : {});
  fs.mkdirSync(path.join(src, 'katas'), { recursive: true });
  git('init -q -b main');
  for (const f of ['linear.ts', 'softmax.ts'])
    fs.copyFileSync(path.join(ROOT, 'solutions', f), path.join(src, 'katas', f));
  fs.writeFileSync(path.join(src, 'package.json'), '{"scripts": {"postinstall": "touch /tmp/pwned"}}');
  git('add -A');
  git('commit -qm before --date 2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z');
  for (const f of ['linear.ts', 'softmax.ts']) fs.copyFileSync(path.join(ROOT, 'katas', f), path.join(src, 'katas', f));
  git('add -A');
  git('commit -qm after --date 2026-11-03T10:00:00Z', '2026-11-03T10:00:00Z');
  fs.mkdirSync(path.join(tmp, 'remote', 'alice'), { recursive: true });
  run(`git clone -q --bare ${src} ${path.join(tmp, 'remote', 'alice', 'kata.git')}`);
  fs.writeFileSync(path.join(tmp, 'roster.txt'), 'alice/kata\nbob/missing\n');
  const subs = path.join(tmp, 'subs');
  const r = run(`bash properties/cli/fetch-submissions.sh ${path.join(tmp, 'roster.txt')} 0 ${subs}`, {
    KATA_GIT_BASE: `file://${path.join(tmp, 'remote')}`,
    DEADLINE: '2026-11-02T00:00:00Z',
  });
  expect(r.status).toBe(0);
  expect(r.out).toContain('bob/missing: could not be fetched');
  expect(fs.readdirSync(subs).sort()).toEqual(['alice__kata', 'bob__missing']);
  expect(fs.readdirSync(path.join(subs, 'alice__kata')).sort()).toEqual(['linear.ts', 'softmax.ts']);
  // The commit before the deadline (the answers), not the one after it (the stubs).
  expect(fs.readFileSync(path.join(subs, 'alice__kata', 'linear.ts'), 'utf8')).toBe(
    fs.readFileSync(path.join(ROOT, 'solutions', 'linear.ts'), 'utf8'),
  );
  expect(fs.readdirSync(path.join(subs, 'bob__missing'))).toEqual([]);
});
