// The sandbox blocks what it claims to block. A probe takes the host's place
// in a stage and tries, from inside, to read the repository, reach the
// network, signal this process, write, spawn, and leave a process behind. It
// runs under the OS layer alone (Node's permission model off), then under
// every layer. A machine without the OS layer says so here, as skipped tests.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../kata';
import { launch, osLayer, permissionFlag } from '../sandbox/layers.js';

const PROBE = String.raw`
const fs = require('node:fs');
const net = require('node:net');
const [root, port, pid, marker] = JSON.parse(process.env.PROBE_ARGS || 'null') ?? JSON.parse(fs.readFileSync(__dirname + '/args.json', 'utf8'));
const out = {};
const attempt = (name, f) => { try { out[name] = 'ok: ' + String(f()).slice(0, 40); } catch (e) { out[name] = 'blocked: ' + (e.code || e.message); } };
attempt('readRepository', () => fs.readFileSync(root + '/package.json', 'utf8'));
attempt('listRepository', () => fs.readdirSync(root).length);
attempt('readEtcPasswd', () => fs.readFileSync('/etc/passwd', 'utf8'));
attempt('signalGrader', () => process.kill(pid, 0));
attempt('writeStage', () => fs.writeFileSync(__dirname + '/written', 'x'));
attempt('writeTmp', () => fs.writeFileSync(require('node:os').tmpdir() + '/kata-probe-written', 'x'));
attempt('spawn', () => require('node:child_process').spawn('sleep', [marker], { detached: true, stdio: 'ignore' }).pid);
attempt('secretEnv', () => process.env.KATA_PROBE_SECRET ?? (() => { throw new Error('absent'); })());
const socket = net.connect({ host: '127.0.0.1', port: Number(port) });
const done = (r) => { out.network = r; process.stdout.write(JSON.stringify(out)); process.exit(0); };
socket.on('connect', () => done('ok: connected'));
socket.on('error', (e) => done('blocked: ' + e.code));
setTimeout(() => done('blocked: no answer'), 2000);
`;

/** The OS tools that work here: each gets the OS-layer tests (KATA_SANDBOX_TOOL picks it). */
const tools = (['bwrap', 'unshare'] as const).filter((t) => {
  process.env.KATA_SANDBOX_TOOL = t;
  const works = osLayer() === t;
  delete process.env.KATA_SANDBOX_TOOL;
  return works;
});
if (tools.length === 0) {
  console.warn('The OS sandbox layer (bubblewrap or unshare) is missing on this machine: its tests are skipped.');
}
const cases = tools.length > 0 ? tools : ['no OS layer'];
const maybe = tools.length > 0 ? test.each(cases) : test.skip.each(cases);

/** Runs f with KATA_SANDBOX_TOOL set to tool. */
function using<T>(tool: string, f: () => T): T {
  process.env.KATA_SANDBOX_TOOL = tool;
  try {
    return f();
  } finally {
    delete process.env.KATA_SANDBOX_TOOL;
  }
}

let server: net.Server;
let port = 0;
beforeAll(async () => {
  server = net.createServer((s) => s.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => server.close());

/** Runs the probe in a stage; `permission` false drops Node's permission model to test the OS layer alone. */
function probe(
  permission: boolean,
  marker: string,
  mode: 'required' | 'auto' | 'off' = 'required',
): Record<string, string> {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-stage-probe-'));
  try {
    fs.writeFileSync(path.join(stage, 'host.js'), PROBE);
    fs.writeFileSync(path.join(stage, 'args.json'), JSON.stringify([ROOT, port, process.pid, marker]));
    const l = launch(stage, mode);
    const args = permission ? l.args : l.args.filter((a) => a !== permissionFlag() && !a.startsWith('--allow-fs-read'));
    fs.rmSync(path.join(os.tmpdir(), 'kata-probe-written'), { force: true });
    process.env.KATA_PROBE_SECRET = 'a token the student must not see';
    if (l.uid !== undefined) {
      fs.chmodSync(stage, 0o755);
      for (const f of fs.readdirSync(stage)) fs.chmodSync(path.join(stage, f), 0o644);
    }
    const r = spawnSync(l.command, args, { env: l.env, encoding: 'utf8', timeout: 20_000, uid: l.uid, gid: l.gid });
    delete process.env.KATA_PROBE_SECRET;
    return JSON.parse(r.stdout || '{}');
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/** Processes whose command line holds the marker, after up to a second for the killed ones to be reaped. */
function survivors(marker: string): string[] {
  let left = running(marker);
  for (let k = 0; k < 20 && left.length > 0; k++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    left = running(marker);
  }
  return left;
}

const running = (marker: string) =>
  fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    });

maybe('[%s] the OS layer alone blocks the network, signals to the grader, and outliving processes', (tool) => {
  const marker = `${Date.now() % 100000}.4242`;
  const seen = using(tool, () => probe(false, marker));
  expect(seen.network).toMatch(/^blocked/);
  expect(seen.signalGrader).toMatch(/^blocked: ESRCH/);
  expect(seen.secretEnv).toMatch(/^blocked/);
  // With Node's permission model off the probe could spawn; what it spawned died with it.
  expect(seen.spawn).toMatch(/^ok/);
  expect(survivors(marker)).toEqual([]);
  if (using(tool, () => launch(os.tmpdir(), 'required').layers.includes('filesystem'))) {
    expect(seen.readRepository).toMatch(/^blocked: ENOENT/);
    expect(seen.writeStage).toMatch(/^blocked/);
  } else {
    console.warn(
      `${tool} gives no private filesystem here: only Node's permission model keeps the repository unreadable`,
    );
  }
});

maybe('[%s] every layer together: nothing outside the stage is read, written, spawned or reached', (tool) => {
  const marker = `${Date.now() % 100000}.4343`;
  const seen = using(tool, () => probe(true, marker));
  for (const key of [
    'readRepository',
    'listRepository',
    'readEtcPasswd',
    'writeStage',
    'writeTmp',
    'spawn',
    'network',
  ]) {
    expect([key, seen[key]]).toEqual([key, expect.stringMatching(/^blocked/)]);
  }
  expect(seen.signalGrader).toMatch(/^blocked/);
  expect(fs.existsSync(path.join(os.tmpdir(), 'kata-probe-written'))).toBe(false);
  expect(survivors(marker)).toEqual([]);
});

(process.getuid?.() === 0 ? test : test.skip)(
  'as root with no OS tool on the PATH, the student process runs as nobody: it cannot signal the grader or read the repository',
  () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-bin-'));
    fs.chmodSync(bin, 0o755);
    for (const tool of ['mkfifo', 'true', 'prlimit']) {
      const found = ['/usr/bin', '/bin'].map((d) => path.join(d, tool)).find((f) => fs.existsSync(f));
      if (found) fs.symlinkSync(found, path.join(bin, tool));
    }
    const saved = process.env.PATH;
    process.env.PATH = bin;
    try {
      expect(osLayer()).toBeUndefined();
      expect(launch(os.tmpdir(), 'auto').layers).toContain('uid');
      const seen = probe(true, `${Date.now() % 100000}.4545`, 'auto');
      expect(seen.signalGrader).toMatch(/^blocked: EPERM/);
      expect(seen.readRepository).toMatch(/^blocked/);
      expect(seen.spawn).toMatch(/^blocked/);
      expect(seen.secretEnv).toMatch(/^blocked/);
    } finally {
      process.env.PATH = saved;
      fs.rmSync(bin, { recursive: true, force: true });
    }
  },
);

test('the probe can tell: with the sandbox off it reads, reaches the network and leaves a process behind', () => {
  const marker = `${Date.now() % 100000}.4444`;
  const seen = probe(false, marker, 'off');
  expect(seen.readRepository).toMatch(/^ok/);
  expect(seen.network).toBe('ok: connected');
  expect(seen.signalGrader).toMatch(/^ok/);
  const left = survivors(marker);
  for (const pid of left) process.kill(Number(pid), 'SIGKILL');
  expect(fs.existsSync(path.join(os.tmpdir(), 'kata-probe-written'))).toBe(true);
  fs.rmSync(path.join(os.tmpdir(), 'kata-probe-written'), { force: true });
  expect(left.length).toBe(1);
});

test("Node's permission flag is chosen by this Node's own list of flags", () => {
  const flag = permissionFlag();
  expect(process.allowedNodeEnvironmentFlags.has(flag)).toBe(true);
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 24) expect(flag).toBe('--permission');
  if (major <= 21) expect(flag).toBe('--experimental-permission');
});
