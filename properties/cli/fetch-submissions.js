#!/usr/bin/env node
// @ts-check
// Fetches one chunk of a roster's submissions as data, for grading on GitHub
// Actions (.github/workflows/grade-roster.yml):
//   node properties/cli/fetch-submissions.js <roster> <chunk> <folder>
// For each repository it writes the kata files (katas/linear.ts and
// katas/softmax.ts) of one commit into <folder>/<owner>__<name>/, one line a
// repository on stdout, and a record for a later gradebook beside the folder,
// in <folder>.fetched.json.
//
// Which commit: the head of the default branch as GitHub's repository activity
// API saw it last at or before $DEADLINE (ISO 8601 with a time zone), or the
// newest head without a deadline. The time is when the work reached GitHub,
// never a date written in a commit, which the student chooses.
//
// Nothing of the repository runs or is read as configuration: there is no
// checkout, so no .gitattributes, .lfsconfig, filter, hook or submodule; git
// fetches the one commit into a private bare repository and the two files are
// read as blobs (regular files only, at most MAX_FILE_BYTES each). System and
// global git configuration are ignored.
//
// $STUDENT_TOKEN, if set, reads private repositories: it goes to the API as a
// bearer token, and to git through the environment, as a header for the
// repository's own URL alone, never on a command line. $KATA_GITHUB_API
// replaces https://api.github.com and $KATA_GIT_BASE https://github.com (the
// self-test serves both from local stand-ins).
//
// Exit status: 0 when every repository was fetched or had nothing pushed
// before the deadline; 1 when any could not be fetched (named on stderr),
// after fetching the others; 2 for bad arguments or a bad DEADLINE.

'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { terminalLine } = require('../escape');
const { FILES, MAX_FILE_BYTES } = require('../layout');
const { fetchedRecordOf } = require('./gradebook');

/** The kata files, as the grader names them (linear.ts, softmax.ts), each taken from katas/ of the repository. */
const KATA_FILES = Object.keys(FILES);
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const ZERO = /^0+$/;
/** @type {Record<string, string>} */
const MODES = { 120000: 'a symbolic link', 160000: 'a submodule', '040000': 'a folder' };
/** Pages of 100 activities read at most for one repository. */
const MAX_PAGES = 50;
const GIT_TIMEOUT_MS = 120_000;
const API_TIMEOUT_MS = 30_000;

/**
 * @typedef {{ repo: string, folder: string, status: 'fetched' | 'not-fetched', commit?: string,
 *   pushedAt?: string, reason?: string }} Fetched
 *   One repository's entry in <folder>.fetched.json. A fetched one may have a reason too: a kata file not taken.
 * @typedef {{ before?: string | null, after?: string | null, ref?: string, timestamp?: string,
 *   activity_type?: string }} Activity
 *   An item of GET /repos/{owner}/{repo}/activity.
 */

/** A bad argument or setting: one line, exit status 2. */
class Usage extends Error {}

/** Why a repository was not fetched; `nothing` when nothing was pushed before the deadline (not a failure). */
class NotFetched extends Error {
  /** @param {string} message @param {boolean} [nothing] */
  constructor(message, nothing = false) {
    super(message);
    this.nothing = nothing;
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/**
 * The time an ISO 8601 date and time with a time zone stands for, in ms since the epoch; undefined for
 * anything else (no zone, a date alone, a 13th month, a 31st of April, 24:00).
 * @param {string} text
 */
function parseIsoTime(text) {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => Number(x ?? 0));
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const [oh, om] = [Number(m[10] ?? 0), Number(m[11] ?? 0)];
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59 || oh > 23 || om > 59) {
    return undefined;
  }
  const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset;
}

/** One printable line of at most 300 characters (git's or the API's words, for a reason). @param {string} text */
const oneLine = (text) => terminalLine(text.trim(), 300);

/** A base URL from the environment, without its trailing slashes; http or https only. @param {string} name */
function baseUrl(name, fallback = '') {
  const text = (process.env[name] || fallback).replace(/\/+$/, '');
  let url;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search)
    throw new Usage(`${name} must be an http or https URL without credentials, got '${text}'`);
  return text;
}

// ---------------------------------------------------------------------------------------------------------
// GitHub's API: the default branch, and the head it had at the deadline.

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * GET an API URL as JSON; the token goes as a bearer token, redirects are not followed.
 * @param {string} url @param {string} token @param {string} what what is read, for a reason
 * @returns {Promise<{ json: unknown, next: string | undefined }>}
 */
async function getJson(url, token, what) {
  /** @type {Record<string, string>} */
  const headers = {
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
    'User-Agent': 'backprop-kata-roster',
  };
  if (token) headers.Authorization = `Bearer ${token}`;
  for (let attempt = 0; ; attempt++) {
    /** @type {Response} */
    let r;
    try {
      r = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(API_TIMEOUT_MS) });
    } catch (e) {
      if (attempt < 2) {
        await sleep(1000 * (attempt + 1));
        continue;
      }
      throw new NotFetched(`the API could not be read for ${what} (${oneLine(String(e))})`);
    }
    if ([500, 502, 503, 504].includes(r.status) && attempt < 2) {
      await sleep(1000 * (attempt + 1));
      continue;
    }
    if (r.status !== 200) {
      const limited = r.headers.get('x-ratelimit-remaining') === '0';
      const why =
        r.status === 401
          ? 'the token is not valid'
          : r.status === 403
            ? limited
              ? "the API's rate limit is used up"
              : 'the token may not read it'
            : r.status === 404
              ? 'no such repository, or the token cannot see it'
              : r.status >= 300 && r.status < 400
                ? 'the repository has moved or been renamed: update the roster'
                : 'the API failed';
      throw new NotFetched(`the API answered HTTP ${r.status} for ${what} (${why})`);
    }
    let json;
    try {
      json = await r.json();
    } catch {
      throw new NotFetched(`the API's answer for ${what} is not JSON`);
    }
    const next = /<([^>]+)>\s*;\s*rel="next"/.exec(r.headers.get('link') ?? '')?.[1];
    return { json, next };
  }
}

/**
 * The commit to grade: the `after` of the newest activity on the default branch at or before the deadline
 * (the newest of all without one), with GitHub's time of it.
 * @param {string} api @param {string} repo @param {string} token @param {number | undefined} deadline
 * @returns {Promise<{ commit: string, pushedAt: string, branch: string }>}
 */
async function pushedHead(api, repo, token, deadline) {
  const { json: meta } = await getJson(`${api}/repos/${repo}`, token, 'the repository');
  const branch = /** @type {{ default_branch?: unknown }} */ (meta)?.default_branch;
  if (typeof branch !== 'string' || branch === '') throw new NotFetched('the API gave no default branch');
  const ref = `refs/heads/${branch}`;
  const query = new URLSearchParams({ ref, direction: 'desc', per_page: '100' });
  /** @type {string | undefined} */
  let url = `${api}/repos/${repo}/activity?${query}`;
  /** @type {{ activity: Activity, at: number } | undefined} */
  let newest;
  for (let page = 0; url; page++) {
    if (page === MAX_PAGES) throw new NotFetched(`the activity of ${branch} runs over ${MAX_PAGES} pages`);
    const { json, next } = await getJson(url, token, `the activity of ${branch}`);
    if (!Array.isArray(json)) throw new NotFetched(`the API's activity of ${branch} is not a list`);
    for (const activity of /** @type {Activity[]} */ (json)) {
      if (activity?.ref !== ref) continue;
      const at = parseIsoTime(String(activity.timestamp));
      if (at === undefined) throw new NotFetched(`the API gave an activity without a valid timestamp`);
      // Ties keep the first seen: the API lists the newest first.
      if ((deadline === undefined || at <= deadline) && (!newest || at > newest.at)) newest = { activity, at };
    }
    // The list is newest first: once one at or before the deadline is found, older pages hold none newer.
    if (newest) break;
    if (next && !next.startsWith(`${api}/`)) throw new NotFetched("the API's next page is not on the API");
    url = next;
  }
  const before = deadline === undefined ? '' : ' before the deadline';
  if (!newest) throw new NotFetched(`nothing was pushed to ${branch}${before}`, true);
  const { activity } = newest;
  const after = String(activity.after ?? '');
  if (activity.activity_type === 'branch_deletion' || after === '' || ZERO.test(after))
    throw new NotFetched(`nothing was pushed to ${branch}${before} (it was deleted)`, true);
  if (!SHA.test(after)) throw new NotFetched(`the API gave '${oneLine(after)}' for a commit`);
  return { commit: after, pushedAt: String(activity.timestamp), branch };
}

// ---------------------------------------------------------------------------------------------------------
// Git: one commit into a private bare repository, and two blobs read from it.

/**
 * An environment for git that owes nothing to this machine's configuration or to the repository's: a private
 * empty HOME, no system or global config, no prompt, no LFS, no filters, hooks, submodules or fsmonitor, one
 * protocol, no redirects, and the token (if any) as a header for `url` alone. All of it in the environment,
 * so that no other process can read it from a command line.
 * @param {string} home @param {string} url @param {string} token
 */
function gitEnv(home, url, token) {
  const scheme = new URL(url).protocol.replace(':', '');
  /** @type {[string, string][]} */
  const config = [
    ['core.hooksPath', '/dev/null'],
    ['core.fsmonitor', 'false'],
    ['credential.helper', ''],
    ['filter.lfs.smudge', ''],
    ['filter.lfs.process', ''],
    ['filter.lfs.clean', ''],
    ['filter.lfs.required', 'false'],
    ['fetch.recurseSubmodules', 'false'],
    ['submodule.recurse', 'false'],
    ['protocol.allow', 'never'],
    [`protocol.${scheme}.allow`, 'always'],
    ['http.followRedirects', 'false'],
    ['gc.auto', '0'],
    ['maintenance.auto', 'false'],
    ['init.defaultBranch', 'main'],
  ];
  if (token) {
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    config.push([`http.${url}.extraHeader`, `Authorization: Basic ${basic}`]);
  }
  /** @type {Record<string, string>} */
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: home,
    LANG: 'C',
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_LFS_SKIP_SMUDGE: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_ALLOW_PROTOCOL: scheme,
    GIT_CONFIG_COUNT: String(config.length),
  };
  config.forEach(([key, value], k) => {
    env[`GIT_CONFIG_KEY_${k}`] = key;
    env[`GIT_CONFIG_VALUE_${k}`] = value;
  });
  return env;
}

/**
 * The kata files of one commit: fetched into a private bare repository and read as blobs.
 * @param {string} url the repository's URL @param {string} commit @param {string} token @param {string} dir
 *   where the files go
 * @returns {string[]} the files not taken, each with why
 */
function fetchFiles(url, commit, token, dir) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-fetch-'));
  try {
    const home = path.join(scratch, 'home');
    const gitDir = path.join(scratch, 'repo.git');
    fs.mkdirSync(home, { mode: 0o700 });
    const env = gitEnv(home, url, token);
    /** @param {string[]} args */
    const git = (args) =>
      spawnSync('git', [`--git-dir=${gitDir}`, ...args], {
        env,
        cwd: scratch,
        maxBuffer: MAX_FILE_BYTES + 64 * 1024,
        timeout: GIT_TIMEOUT_MS,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    /** @param {ReturnType<typeof git>} r */
    const failure = (r) =>
      oneLine(r.error ? r.error.message : (r.stderr.toString().trim().split('\n').pop() ?? '')) ||
      `exit status ${r.status}`;
    const init = spawnSync('git', ['init', '-q', '--bare', gitDir], { env, cwd: scratch, stdio: 'pipe' });
    if (init.status !== 0) throw new NotFetched(`git init failed: ${failure(init)}`);
    const quiet = ['-q', '--no-tags', '--no-write-fetch-head', '--no-recurse-submodules'];
    // The commit and its trees only (blobs are fetched by name below); a server that does not filter sends all.
    const fetched = git(['fetch', ...quiet, '--depth=1', '--filter=blob:none', url, commit]);
    if (fetched.status !== 0) throw new NotFetched(`git could not fetch ${commit}: ${failure(fetched)}`);
    // No promisor remote: an object missing now stays missing, git fetches nothing behind our back.
    fs.writeFileSync(path.join(gitDir, 'config'), '[core]\n\trepositoryformatversion = 0\n\tbare = true\n');
    if (git(['cat-file', '-t', commit]).stdout.toString().trim() !== 'commit')
      throw new NotFetched(`${commit} is not a commit`);

    /** @type {string[]} */
    const refused = [];
    /** @type {[string, string][]} */
    const blobs = [];
    for (const file of KATA_FILES) {
      const entry = git(['ls-tree', '-z', commit, '--', `katas/${file}`]);
      if (entry.status !== 0) throw new NotFetched(`git could not list ${commit}: ${failure(entry)}`);
      const m = /^(\d{6}) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(entry.stdout.toString().replace(/\0$/, ''));
      if (!m || m[4] !== `katas/${file}`) refused.push(`katas/${file} not taken: not in the commit`);
      else if ((m[1] !== '100644' && m[1] !== '100755') || m[2] !== 'blob') {
        refused.push(`katas/${file} not taken: ${MODES[m[1]] ?? 'not a file'} (mode ${m[1]})`);
      } else blobs.push([file, m[3]]);
    }
    const missing = blobs.map(([, oid]) => oid).filter((oid) => git(['cat-file', '-e', oid]).status !== 0);
    if (missing.length > 0) {
      const got = git(['fetch', ...quiet, url, ...missing]);
      if (got.status !== 0) throw new NotFetched(`git could not fetch the kata files: ${failure(got)}`);
    }
    for (const [file, oid] of blobs) {
      const size = Number(git(['cat-file', '-s', oid]).stdout.toString().trim());
      if (!Number.isSafeInteger(size)) throw new NotFetched(`git could not read katas/${file}`);
      if (size > MAX_FILE_BYTES) {
        refused.push(`katas/${file} not taken: ${size} bytes, over the limit of ${MAX_FILE_BYTES}`);
        continue;
      }
      // The blob's bytes as committed: no filter, no attribute, no line-ending conversion applies.
      const blob = git(['cat-file', 'blob', oid]);
      if (blob.status !== 0 || blob.stdout.length !== size) throw new NotFetched(`git could not read katas/${file}`);
      fs.writeFileSync(path.join(dir, file), blob.stdout, { mode: 0o644 });
    }
    return refused;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------

/** @param {string[]} argv */
async function main(argv) {
  const [roster, chunk, out] = argv;
  if (argv.length !== 3 || !roster || !chunk || !out)
    throw new Usage('usage: node properties/cli/fetch-submissions.js <roster> <chunk> <folder>');
  const deadlineText = process.env.DEADLINE ?? '';
  const deadline = deadlineText === '' ? undefined : parseIsoTime(deadlineText);
  if (deadlineText !== '' && deadline === undefined)
    throw new Usage(
      `DEADLINE '${oneLine(deadlineText)}' is not an ISO 8601 time with a time zone, such as 2026-12-01T23:59:00Z or 2026-12-01T23:59:00+01:00`,
    );
  const api = baseUrl('KATA_GITHUB_API', 'https://api.github.com');
  const gitBase = baseUrl('KATA_GIT_BASE', 'https://github.com');
  const token = process.env.STUDENT_TOKEN ?? '';

  // The chunk, as the plan job counted it (roster.js checks every name).
  const listed = spawnSync(process.execPath, [path.join(__dirname, 'roster.js'), 'repos', roster, '--chunk', chunk], {
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Usage(oneLine(listed.stderr) || `roster.js failed`);
  const repos = listed.stdout.split('\n').filter((line) => line !== '');

  const folder = path.resolve(out);
  fs.mkdirSync(folder, { recursive: true });
  /** @type {Fetched[]} */
  const record = [];
  /** Repositories with nothing pushed before the deadline: not fetched, and not a failure. */
  const nothing = new Set();
  for (const repo of repos) {
    const name = repo.replace('/', '__');
    const dir = path.join(folder, name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    /** @type {Fetched} */
    let entry;
    try {
      const { commit, pushedAt } = await pushedHead(api, repo, token, deadline);
      const refused = fetchFiles(`${gitBase}/${repo}.git`, commit, token, dir);
      entry = { repo, folder: name, status: 'fetched', commit, pushedAt };
      if (refused.length > 0) entry.reason = refused.join('; ');
      console.log(`${repo}: ${commit} pushed ${pushedAt}${refused.length > 0 ? ` (${entry.reason})` : ''}`);
    } catch (e) {
      if (!(e instanceof NotFetched)) throw e;
      entry = { repo, folder: name, status: 'not-fetched', reason: e.message };
      if (e.nothing) nothing.add(repo);
      console.log(`${repo}: not fetched: ${e.message}`);
    }
    record.push(entry);
  }

  const file = fetchedRecordOf(folder);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(record, null, 2) + '\n');
  fs.renameSync(`${file}.tmp`, file);
  const failed = record.filter((r) => r.status === 'not-fetched' && !nothing.has(r.repo)).map((r) => r.repo);
  if (failed.length > 0) {
    console.error(`${failed.length} of ${repos.length} repositories could not be fetched: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Usage ? e.message : e);
    process.exitCode = 2;
  });
}

module.exports = { parseIsoTime, gitEnv, fetchFiles };
