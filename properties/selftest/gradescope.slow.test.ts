// The Gradescope autograder bundle, unpacked into a fake /autograder tree
// (AUTOGRADER_ROOT) as Gradescope would, and run on a correct, a wrong, a
// hanging and a non-compiling submission. setup.sh needs the network to
// install Node and the packages, so here the tree borrows this repository's
// node_modules instead; it is not run.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { ROOT } from '../kata';
import { GRADED } from '../laws';
import { folder, full, HANG, marksWith, NO_BETA, SYNTAX_ERROR, TOTAL, type Edit } from './e2e';

jest.setTimeout(180_000);

/** Unpacks zipFile into dir, keeping the executable bits. */
function unzip(zipFile: string, dir: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const names: string[] = [];
    yauzl.open(zipFile, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      zip.readEntry();
      zip.on('entry', (entry: yauzl.Entry) => {
        const target = path.join(dir, entry.fileName);
        if (!target.startsWith(dir + path.sep)) return reject(new Error(`${entry.fileName} escapes the tree`));
        names.push(entry.fileName);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const out = fs.createWriteStream(target, { mode: (entry.externalFileAttributes >>> 16) & 0o777 || 0o644 });
          stream.pipe(out).on('close', () => zip.readEntry());
        });
      });
      zip.on('end', () => resolve(names));
    });
  });
}

interface Results {
  score: number;
  output: string;
  tests: { name: string; score: number; max_score: number; status: string; output: string; visibility?: string }[];
}

test('the bundle grades a correct, a wrong, a hanging and a non-compiling submission into results.json', async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gradescope-test-'));
  const zipFile = path.join(work, 'autograder.zip');
  const made = spawnSync(process.execPath, [path.join(ROOT, 'properties/cli/gradescope-bundle.js'), zipFile], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(made.status).toBe(0);
  const root = path.join(work, 'autograder');
  const names = await unzip(zipFile, path.join(root, 'source'));
  expect(names).toEqual(expect.arrayContaining(['setup.sh', 'run_autograder', 'gradescope-seed', 'package-lock.json']));
  expect(names.some((n) => n.startsWith('solutions/') || n.startsWith('properties/selftest/'))).toBe(false);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'source/node_modules'));
  fs.copyFileSync(path.join(root, 'source/run_autograder'), path.join(root, 'run_autograder'));

  const grade = (edits: Edit[], within = ''): Results => {
    const submission = path.join(root, 'submission');
    fs.rmSync(submission, { recursive: true, force: true });
    fs.rmSync(path.join(root, 'results'), { recursive: true, force: true });
    folder(edits, path.join(submission, within));
    const r = spawnSync('bash', [path.join(root, 'run_autograder')], {
      env: { ...process.env, AUTOGRADER_ROOT: root, KATA_HANG_MS: '1000' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    return JSON.parse(fs.readFileSync(path.join(root, 'results/results.json'), 'utf8'));
  };

  const right = grade([]);
  expect(right.score).toBe(TOTAL);
  expect(right.output).toBe(`Score: ${TOTAL}/${TOTAL}`);
  // A zip of the repository uploaded whole: its one folder is looked into, and the output says which, as named.
  const zipped = grade([], 'backprop-kata-main/katas');
  expect(zipped.score).toBe(TOTAL);
  expect(zipped.output).toContain('Graded the kata files in backprop-kata-main/katas/ of your submission.');
  const seen = right.tests.filter((t) => t.visibility !== 'hidden');
  expect(seen.map((t) => [t.name, t.score, t.max_score])).toEqual(GRADED.map((g) => [g.fn, full(g.fn), full(g.fn)]));
  // The sandbox's layers, for the instructor's eyes only (Gradescope hides a hidden test from students).
  const layers = right.tests.find((t) => t.visibility === 'hidden')!;
  expect([layers.name, layers.max_score, layers.status]).toEqual(['Sandbox layers (instructors only)', 0, 'passed']);
  expect(layers.output).toMatch(/ran under: stage, permission, .*namespaces/);

  // The files may sit in a katas/ folder too; the failure says what, where, and which misconception.
  const wrong = grade([NO_BETA], 'katas');
  expect(wrong.score).toBe(marksWith({ softmaxJacobian: 0 }));
  const jacobian = wrong.tests.find((t) => t.name === 'softmaxJacobian')!;
  expect(jacobian.status).toBe('failed');
  expect(jacobian.output).toContain('diagnosis: your Jacobian lacks the factor β');
  expect(jacobian.output).toMatch(/input: x = \[.*\], beta = /);
  expect(jacobian.output).not.toContain('npm run grade');

  const hanging = grade([HANG]);
  expect(hanging.score).toBe(marksWith({ linearGradW: 0 }));
  expect(hanging.tests.find((t) => t.name === 'linearGradW')!.output).toContain('did not return within 1 s');

  // A syntax error inside linearGradB costs linearGradB alone.
  const broken = grade([SYNTAX_ERROR]);
  expect(broken.score).toBe(marksWith({ linearGradB: 0 }));
  expect(broken.tests.find((t) => t.name === 'linearGradB')!.output).toContain("error TS1005: ')' expected.");
  expect(broken.tests.find((t) => t.name === 'linearForward')!.output).not.toContain('error TS');
});
