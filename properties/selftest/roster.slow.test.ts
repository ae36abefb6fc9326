// A class graded in chunks, as GitHub Actions grades a roster: the roster's
// chunks, fetching a chunk's submissions from repositories, and merging the
// partial gradebooks into what one batch of all the folders gives. Slow (four
// batches): npm run test:slow.
//
// Fetching runs against local stand-ins: repositories served over git's smart
// HTTP protocol by `git http-backend` behind a tiny HTTP server, and GitHub's
// repository activity API, each recording every request and its Authorization.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../kata';
import { GRADED } from '../laws';
import { folder, HANG, marksWith, NO_BETA, pointsRow, run, SYNTAX_ERROR, TOTAL } from './e2e';

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
  // Each batch's gradebook is in a folder of its own beside it.
  const joined = run(`node properties/cli/grade.js --merge ${first}-gradebook ${second}-gradebook --out ${merged}`);
  expect(joined.out).toContain('(4 submissions from 2 gradebooks)');
  expect(joined.status).toBe(0);
  const book = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'gradebook.json'), 'utf8'));
  const totals = (dir: string) =>
    book(dir).submissions.map((s: { submission: string; score: number }) => [s.submission, s.score]);
  expect(totals(merged)).toEqual([
    ['ada', TOTAL],
    ['bob', marksWith({ softmaxJacobian: 0 })],
    ['cy', marksWith({ linearGradB: 0 })],
    ['dee', marksWith({ linearGradW: 0 })],
  ]);
  expect(totals(merged)).toEqual(totals(`${all}-gradebook`));
  // Rows hold the same points and reasons (the notes name each folder's own path, so they are left out).
  const strip = (dir: string) => book(dir).submissions.map((s: { notes?: string }) => ({ ...s, notes: undefined }));
  expect(strip(merged)).toEqual(strip(`${all}-gradebook`));
  // Gradebooks graded with different seeds do not merge.
  const other = path.join(tmp, 'other');
  make(other, ['ada']);
  run(`node properties/cli/grade.js --batch ${other} --seed 8`);
  const refused = run(
    `node properties/cli/grade.js --merge ${first}-gradebook ${other}-gradebook --out ${path.join(tmp, 'x')}`,
  );
  expect(refused.status).toBe(2);
  expect(refused.out).toContain('the partial gradebooks differ in seed: 7, 8');
});

// ---------------------------------------------------------------------------------------------------------
// Fetching a chunk's submissions (properties/cli/fetch-submissions.js), against local stand-ins.

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the command line's JavaScript module
const { MAX_FILE_BYTES } = require('../layout') as typeof import('../layout');

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  auth: string | undefined;
}
type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: Buffer) => void;

/** An HTTP server on 127.0.0.1 at a random port that records every request (path, query, Authorization). */
async function serve(handle: Handler) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      auth: req.headers.authorization,
    });
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => handle(req, res, url, Buffer.concat(body)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * The repositories under root, as /<owner>/<name>.git, over git's smart HTTP protocol: git http-backend as
 * CGI. Any other path (the student's own LFS server, /evil) gets a 404, and is recorded like the rest.
 */
const gitBackend =
  (root: string): Handler =>
  (req, res, url, body) => {
    if (!/^\/[^/]+\/[^/]+\.git\//.test(url.pathname)) return void res.writeHead(404).end();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: url.pathname,
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
    };
    const protocol = req.headers['git-protocol'];
    if (typeof protocol === 'string') env.GIT_PROTOCOL = protocol;
    const encoding = req.headers['content-encoding'];
    if (typeof encoding === 'string') env.HTTP_CONTENT_ENCODING = encoding;
    const cgi = spawn('git', ['http-backend'], { env });
    const out: Buffer[] = [];
    cgi.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    cgi.on('close', () => {
      const all = Buffer.concat(out);
      const crlf = all.indexOf('\r\n\r\n');
      const [end, skip] = crlf >= 0 ? [crlf, 4] : [all.indexOf('\n\n'), 2];
      if (end < 0) return void res.writeHead(500).end();
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of all.subarray(0, end).toString().split(/\r?\n/)) {
        const colon = line.indexOf(':');
        const [name, value] = [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
        if (name.toLowerCase() === 'status') status = parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers).end(all.subarray(end + skip));
    });
    cgi.stdin.end(body);
  };

/** A push as GitHub's activity API tells it: the branch's new head, and when it reached GitHub. */
interface Push {
  after: string | null;
  at: string;
  type?: string;
}

/**
 * GitHub's REST API, as much of it as the fetch reads: GET /repos/{owner}/{repo} (the default branch) and
 * GET /repos/{owner}/{repo}/activity (newest first, filtered by ref, in pages of at most 2, so that the fetch
 * has to follow the Link header). A repository not in `repos` is a 404.
 */
const activityApi =
  (repos: Record<string, { branch: string; pushes: Push[] }>): Handler =>
  (req, res, url) => {
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
    const m = /^\/repos\/([^/]+\/[^/]+?)(\/activity)?$/.exec(url.pathname);
    const repo = m ? repos[m[1]] : undefined;
    if (!m || !repo) return void json(404, { message: 'Not Found' });
    if (!m[2]) return void json(200, { full_name: m[1], default_branch: repo.branch });
    const ref = `refs/heads/${repo.branch}`;
    const items = repo.pushes
      .map((p, k) => ({
        id: k + 1,
        before: k === 0 ? '0'.repeat(40) : repo.pushes[k - 1].after,
        after: p.after,
        ref,
        timestamp: p.at,
        activity_type: p.type ?? 'push',
      }))
      .filter(() => url.searchParams.get('ref') === ref)
      .reverse();
    const size = Math.min(Number(url.searchParams.get('per_page') ?? 30), 2);
    const from = Number(url.searchParams.get('after') ?? 0);
    const next = new URL(url.pathname + url.search, `http://${req.headers.host}`);
    next.searchParams.set('after', String(from + size));
    const link = from + size < items.length ? { link: `<${next}>; rel="next"` } : undefined;
    json(200, items.slice(from, from + size), link);
  };

/** git for the fixtures: no system or global config (this machine's LFS filter would rewrite the commits). */
function git(cwd: string, args: string[], env: Record<string, string> = {}) {
  const identity = { GIT_AUTHOR_NAME: 's', GIT_AUTHOR_EMAIL: 's@example.org', GIT_COMMITTER_NAME: 's' };
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      ...identity,
      GIT_COMMITTER_EMAIL: 's@example.org',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      ...env,
    },
  }).trim();
}

type Content = string | Buffer | { link: string };

/** A student's repository, served at <served>/<repo>.git; each commit is pushed to branch at once, its sha returned. */
function student(served: string, repo: string, branch = 'main') {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'student-'));
  const bare = path.join(served, `${repo}.git`);
  git(work, ['init', '-q', '-b', branch]);
  fs.mkdirSync(bare, { recursive: true });
  git(bare, ['init', '-q', '--bare', '-b', branch]);
  git(bare, ['config', 'uploadpack.allowFilter', 'true']);
  git(bare, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  return (files: Record<string, Content>, date: string) => {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(work, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.rmSync(file, { force: true });
      if (typeof content === 'string' || Buffer.isBuffer(content)) fs.writeFileSync(file, content);
      else fs.symlinkSync(content.link, file);
    }
    git(work, ['add', '-A']);
    git(work, ['commit', '-qm', `work of ${date}`, '--date', date], { GIT_COMMITTER_DATE: date });
    git(work, ['push', '-q', bare, `HEAD:${branch}`]);
    return git(work, ['rev-parse', 'HEAD']);
  };
}

/** Runs the fetch of a roster (as chunk 0) into a fresh folder, without blocking the stand-ins. */
async function fetchRoster(repos: string[], env: Record<string, string>) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fetch-'));
  const roster = path.join(tmp, 'roster.txt');
  const subs = path.join(tmp, 'submissions');
  fs.writeFileSync(roster, repos.join('\n') + '\n');
  const child = spawn(process.execPath, ['properties/cli/fetch-submissions.js', roster, '0', subs], {
    cwd: ROOT,
    env: { ...process.env, STUDENT_TOKEN: '', DEADLINE: '', ...env },
  });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const record = fs.existsSync(`${subs}.fetched.json`)
    ? JSON.parse(fs.readFileSync(`${subs}.fetched.json`, 'utf8'))
    : [];
  return { status, stdout, stderr, subs, record: record as Record<string, unknown>[] };
}

const read = (file: string) => fs.readFileSync(file);
const solution = (file: string) => read(path.join(ROOT, 'solutions', file));
const stub = (file: string) => read(path.join(ROOT, 'katas', file));
const TOKEN = 'ghs_s3cr3t-for-the-roster';
const BASIC = `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`;

describe("fetching a roster's chunk: the two kata files of the commit pushed before the deadline, as data", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fetch-fixtures-'));
  const served = path.join(tmp, 'served');
  const pushes: Record<string, { branch: string; pushes: Push[] }> = {};
  let repos: Awaited<ReturnType<typeof serve>>;
  let api: Awaited<ReturnType<typeof serve>>;
  const shas: Record<string, string> = {};
  let pointer: string;

  beforeAll(async () => {
    repos = await serve(gitBackend(served));
    api = await serve(activityApi(pushes));

    // eve: her kata files are Git LFS files, and her .lfsconfig names her own server; softmax.ts is a pointer.
    const evil = 'export const softmax = () => "from the student\'s own server";\n';
    pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${'ab'.repeat(32)}\nsize ${evil.length}\n`;
    shas.eve = student(served, 'eve/kata')(
      {
        '.gitattributes': 'katas/*.ts filter=lfs diff=lfs merge=lfs -text\n',
        '.lfsconfig': `[lfs]\n\turl = ${repos.base}/evil\n`,
        'katas/linear.ts': solution('linear.ts'),
        'katas/softmax.ts': pointer,
      },
      '2026-11-01T09:00:00Z',
    );
    pushes['eve/kata'] = { branch: 'main', pushes: [{ after: shas.eve, at: '2026-11-01T09:00:00Z' }] };

    // lou: the answers pushed before the deadline (A); a change committed with a date before it but pushed after
    // it (B); the stubs pushed later still (C).
    const lou = student(served, 'lou/kata');
    shas.louA = lou(
      { 'katas/linear.ts': solution('linear.ts'), 'katas/softmax.ts': solution('softmax.ts') },
      '2026-11-01T10:00:00Z',
    );
    const late = Buffer.concat([solution('linear.ts'), Buffer.from('// finished late\n')]);
    shas.louB = lou({ 'katas/linear.ts': late }, '2026-11-01T12:00:00Z');
    shas.louC = lou(
      { 'katas/linear.ts': stub('linear.ts'), 'katas/softmax.ts': stub('softmax.ts') },
      '2026-11-03T10:00:00Z',
    );
    pushes['lou/kata'] = {
      branch: 'main',
      pushes: [
        { after: shas.louA, at: '2026-11-01T10:00:00Z' },
        { after: shas.louB, at: '2026-11-02T08:00:00Z' },
        { after: shas.louC, at: '2026-11-03T10:00:00Z' },
      ],
    };

    // sid: linear.ts a symbolic link to the answers, softmax.ts over the size limit.
    const big = Buffer.concat([solution('softmax.ts'), Buffer.from(`// ${'x'.repeat(MAX_FILE_BYTES)}\n`)]);
    shas.sid = student(
      served,
      'sid/kata',
      'trunk',
    )(
      {
        'solutions/linear.ts': solution('linear.ts'),
        'katas/linear.ts': { link: '../solutions/linear.ts' },
        'katas/softmax.ts': big,
      },
      '2026-11-01T11:00:00Z',
    );
    pushes['sid/kata'] = { branch: 'trunk', pushes: [{ after: shas.sid, at: '2026-11-01T11:00:00Z' }] };

    // gone: the API names a commit the repository does not have (git fails to fetch it).
    pushes['gone/kata'] = { branch: 'main', pushes: [{ after: 'f'.repeat(40), at: '2026-11-01T10:00:00Z' }] };
    // new: pushed only after the deadline; del: pushed before it, then the branch deleted, still before it.
    pushes['new/kata'] = { branch: 'main', pushes: [{ after: shas.louA, at: '2026-11-05T00:00:00Z' }] };
    pushes['del/kata'] = {
      branch: 'main',
      pushes: [
        { after: shas.louA, at: '2026-11-01T10:00:00Z' },
        { after: null, at: '2026-11-01T20:00:00Z', type: 'branch_deletion' },
      ],
    };
  });
  afterAll(async () => {
    await repos.close();
    await api.close();
  });
  beforeEach(() => {
    repos.seen.length = 0;
    api.seen.length = 0;
  });

  test("a repository's own LFS server and .lfsconfig never see the token: nothing is smudged, nothing checked out", async () => {
    const lfs = spawnSync('git', ['lfs', 'version']).status === 0;
    if (!lfs)
      console.warn(
        "git-lfs is missing on this machine (apt-get install git-lfs): the LFS smudge that would send the token to the student's server could not be reproduced; the rest of the fetch is tested.",
      );
    // GitHub's runner images install git-lfs and its filter for all: a global gitconfig as `git lfs install` writes it.
    const home = path.join(tmp, 'home');
    fs.mkdirSync(home, { recursive: true });
    fs.writeFileSync(
      path.join(home, '.gitconfig'),
      '[filter "lfs"]\n\tclean = git-lfs clean -- %f\n\tsmudge = git-lfs smudge -- %f\n\tprocess = git-lfs filter-process\n\trequired = true\n',
    );
    // A git that logs how it was called (its arguments, and the environment the fetch gives it).
    const bin = path.join(tmp, 'bin');
    const calls = path.join(tmp, 'git-calls.log');
    fs.mkdirSync(bin, { recursive: true });
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(
      path.join(bin, 'git'),
      `#!/bin/sh\n{ printf 'argv:'; printf ' %s' "$@"; printf '\\n'; env | grep -E '^(GIT_|HOME=|STUDENT_TOKEN=)'; } >> '${calls}'\nexec '${realGit}' "$@"\n`,
      { mode: 0o755 },
    );

    const r = await fetchRoster(['eve/kata'], {
      HOME: home,
      PATH: `${bin}:${process.env.PATH}`,
      STUDENT_TOKEN: TOKEN,
      DEADLINE: '2026-11-02T00:00:00Z',
      KATA_GIT_BASE: repos.base,
      KATA_GITHUB_API: api.base,
    });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, `eve/kata: ${shas.eve} pushed 2026-11-01T09:00:00Z\n`, '']);
    // Nothing reached her server; the token reached her repository's own URL and nothing else (and did reach it).
    expect(repos.seen.filter((s) => s.path.startsWith('/evil'))).toEqual([]);
    expect(repos.seen.length).toBeGreaterThan(0);
    expect(repos.seen.filter((s) => !s.path.startsWith('/eve/kata.git/'))).toEqual([]);
    expect(new Set(repos.seen.map((s) => s.auth))).toEqual(new Set([BASIC]));
    expect(api.seen.map((s) => [s.path, s.auth])).toEqual([
      ['/repos/eve/kata', `Bearer ${TOKEN}`],
      ['/repos/eve/kata/activity', `Bearer ${TOKEN}`],
    ]);
    expect(api.seen[1].query.ref).toBe('refs/heads/main');
    expect(api.seen[1].query.per_page).toBe('100');
    // The blobs' bytes as committed: the real linear.ts, and softmax.ts still the LFS pointer (not smudged).
    const dir = path.join(r.subs, 'eve__kata');
    expect(fs.readdirSync(dir).sort()).toEqual(['linear.ts', 'softmax.ts']);
    expect(read(path.join(dir, 'linear.ts'))).toEqual(solution('linear.ts'));
    expect(read(path.join(dir, 'softmax.ts')).toString()).toBe(pointer);
    // The token is never on a command line; git's configuration comes from the environment alone, scoped.
    const log = fs.readFileSync(calls, 'utf8');
    const argv = log.split('\n').filter((line) => line.startsWith('argv:'));
    expect(argv.length).toBeGreaterThan(0);
    expect(argv.filter((line) => line.includes(TOKEN) || line.includes(BASIC.slice(6)) || / -c /.test(line))).toEqual(
      [],
    );
    expect(argv.filter((line) => / (checkout|clone|submodule|lfs)\b/.test(line))).toEqual([]);
    expect(log).toContain(`=http.${repos.base}/eve/kata.git.extraHeader\n`);
    expect(log).not.toMatch(/=http\.extraHeader$/im);
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(`HOME=${home}\n`);
    for (const line of [
      'GIT_CONFIG_NOSYSTEM=1',
      'GIT_CONFIG_GLOBAL=/dev/null',
      'GIT_TERMINAL_PROMPT=0',
      'GIT_LFS_SKIP_SMUDGE=1',
    ])
      expect(log).toContain(`${line}\n`);
  });

  test('late work is judged by when GitHub received it, not by the dates in its commits; refused files and repositories are named', async () => {
    const r = await fetchRoster(['lou/kata', 'sid/kata', 'nob/kata', 'gone/kata', 'new/kata', 'del/kata'], {
      STUDENT_TOKEN: TOKEN,
      DEADLINE: '2026-11-02T01:00:00+01:00',
      KATA_GIT_BASE: repos.base,
      KATA_GITHUB_API: api.base,
    });
    const big = solution('softmax.ts').length + MAX_FILE_BYTES + 4;
    const refused = `katas/linear.ts not taken: a symbolic link (mode 120000); katas/softmax.ts not taken: ${big} bytes, over the limit of ${MAX_FILE_BYTES}`;
    const nothing = 'nothing was pushed to main before the deadline';
    expect(r.record).toEqual([
      { repo: 'lou/kata', folder: 'lou__kata', status: 'fetched', commit: shas.louA, pushedAt: '2026-11-01T10:00:00Z' },
      {
        repo: 'sid/kata',
        folder: 'sid__kata',
        status: 'fetched',
        commit: shas.sid,
        pushedAt: '2026-11-01T11:00:00Z',
        reason: refused,
      },
      {
        repo: 'nob/kata',
        folder: 'nob__kata',
        status: 'not-fetched',
        reason: 'the API answered HTTP 404 for the repository (no such repository, or the token cannot see it)',
      },
      {
        repo: 'gone/kata',
        folder: 'gone__kata',
        status: 'not-fetched',
        reason: expect.stringMatching(/^git could not fetch f{40}: .*not found/),
      },
      { repo: 'new/kata', folder: 'new__kata', status: 'not-fetched', reason: nothing },
      { repo: 'del/kata', folder: 'del__kata', status: 'not-fetched', reason: `${nothing} (it was deleted)` },
    ]);
    // One line a repository on stdout, saying the same.
    const line = (e: Record<string, unknown>) =>
      e.status === 'fetched'
        ? `${e.repo}: ${e.commit} pushed ${e.pushedAt}${e.reason ? ` (${e.reason})` : ''}`
        : `${e.repo}: not fetched: ${e.reason}`;
    expect(r.stdout).toBe(r.record.map(line).join('\n') + '\n');
    // B's commit date is before the deadline, but it reached GitHub after it: A is graded.
    expect(read(path.join(r.subs, 'lou__kata', 'linear.ts'))).toEqual(solution('linear.ts'));
    expect(read(path.join(r.subs, 'lou__kata', 'softmax.ts'))).toEqual(solution('softmax.ts'));
    // The newest pushes came first, two a page: A was on the second page.
    const pages = api.seen.filter((s) => s.path === '/repos/lou/kata/activity');
    expect(pages.map((s) => s.query.after)).toEqual([undefined, '2']);
    // Every repository has its folder; those not fetched, and sid's refused files, leave it empty.
    expect(fs.readdirSync(r.subs).sort()).toEqual([
      'del__kata',
      'gone__kata',
      'lou__kata',
      'new__kata',
      'nob__kata',
      'sid__kata',
    ]);
    for (const empty of ['sid__kata', 'nob__kata', 'gone__kata', 'new__kata', 'del__kata'])
      expect([empty, fs.readdirSync(path.join(r.subs, empty))]).toEqual([empty, []]);
    // A repository that could not be read or fetched fails the step, after the others were fetched.
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('2 of 6 repositories could not be fetched: nob/kata, gone/kata\n');
    // Only the repositories with a commit to fetch reached git, each at its own URL.
    expect([...new Set(repos.seen.map((s) => s.path.split('.git/')[0]))].sort()).toEqual([
      '/gone/kata',
      '/lou/kata',
      '/sid/kata',
    ]);
    // Graded, each row says what was fetched: the commit and when it reached GitHub; a repository that was not
    // fetched has its own status and reason, and no marks (blank, not zeros).
    const graded = run(`node properties/cli/grade.js --batch ${r.subs} --seed 3`, { KATA_HANG_MS: '1000' });
    expect(graded.status).toBe(0);
    const text = (file: string) => fs.readFileSync(file, 'utf8');
    const csv = text(`${r.subs}-gradebook/gradebook.csv`).trim().split('\n');
    expect(csv[0]).toMatch(/,total,max,why,notes,commit,pushed$/);
    const rowOf = (name: string) => csv.find((l) => l.startsWith(`${name},`))!;
    expect(rowOf('lou__kata')).toMatch(new RegExp(`^lou__kata,${pointsRow()},,,${shas.louA},2026-11-01T10:00:00Z$`));
    expect(rowOf('nob__kata')).toBe(
      `nob__kata,${','.repeat(GRADED.length + 1)}${TOTAL},not fetched,"not fetched: the API answered HTTP 404 for the repository (no such repository, or the token cannot see it)",,`,
    );
    expect(rowOf('sid__kata')).toContain(`not taken: a symbolic link (mode 120000)`);
    const book = JSON.parse(text(`${r.subs}-gradebook/gradebook.json`));
    const nob = book.submissions.find((x: { submission: string }) => x.submission === 'nob__kata');
    expect(nob.fetch).toEqual({ status: 'not-fetched', reason: expect.stringContaining('HTTP 404') });
    expect(text(`${r.subs}-gradebook/class-report.md`)).toMatch(
      /was not fetched \|[\s\S]*`nob__kata` \| `not fetched: /,
    );

    // Without a deadline: the newest push.
    const now = await fetchRoster(['lou/kata'], { KATA_GIT_BASE: repos.base, KATA_GITHUB_API: api.base });
    expect([now.status, now.stdout]).toEqual([0, `lou/kata: ${shas.louC} pushed 2026-11-03T10:00:00Z\n`]);
    expect(read(path.join(now.subs, 'lou__kata', 'linear.ts'))).toEqual(stub('linear.ts'));
  });

  test('a DEADLINE that is not an ISO 8601 time with a time zone exits with 2 and one line, and fetches nothing', async () => {
    for (const deadline of ['2026-13-10', 'garbage', '2026-12-01', '2026-12-01T23:59:00']) {
      const r = await fetchRoster(['lou/kata'], {
        DEADLINE: deadline,
        KATA_GIT_BASE: repos.base,
        KATA_GITHUB_API: api.base,
      });
      expect([deadline, r.status, r.stdout, r.stderr.split('\n').length]).toEqual([deadline, 2, '', 2]);
      expect(r.stderr).toContain(`DEADLINE '${deadline}' is not an ISO 8601 time with a time zone`);
    }
    expect([...repos.seen, ...api.seen]).toEqual([]);
  });
});
