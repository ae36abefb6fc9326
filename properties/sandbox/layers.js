// The sandbox in layers: how the student process is started, and which
// layers are in force, so that every report can say so.
//
//   stage        a private copy of the two files (stage.ts)
//   permission   Node's permission model: reads of the stage only; no writes,
//                child processes, workers, addons, WASI or inspector
//   env          no inherited variables (no tokens or secrets)
//   rlimits      CPU time, all writable memory (the heap's and off it), file size, core dumps, open
//                files (prlimit)
//   uid          as root without namespaces: the process runs as nobody
//   namespaces   new user, PID, network, mount, IPC and UTS namespaces: no
//                network, no view of other processes, nothing outlives it
//                (bubblewrap, or unshare from util-linux)
//   filesystem   a root of read-only system folders and the stage alone (bubblewrap)
//   container    the grader itself runs in a container made for it (README's recipe), which
//                stands in for the OS layer: KATA_SANDBOX_OUTER=container says so

//
// Plain JavaScript, so that the driver (cli/grade.js) can check the OS layer
// before a batch without a TypeScript loader; the engine imports it too.

// @ts-check
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/**
 * @typedef {'auto' | 'required' | 'off'} SandboxMode
 * @typedef {'stage' | 'permission' | 'env' | 'rlimits' | 'uid' | 'namespaces' | 'filesystem' | 'container'} Layer
 * @typedef {{ command: string, args: string[], env: Record<string, string>, uid?: number, gid?: number,
 *   layers: Layer[], os?: 'bwrap' | 'unshare' }} Launch
 *   The command that starts the student process, and the layers in force.
 */

/** The V8 heap a student process may use, in MB. */
const HEAP_MB = 512;
/**
 * All the memory a sandboxed process may map writable (RLIMIT_DATA), as a
 * multiple of its heap: Buffers, typed arrays and WebAssembly live outside
 * the V8 heap, which --max-old-space-size alone does not bound. Past it an
 * allocation fails, an error for the call that made it.
 */
const DATA_PER_HEAP = 2;
/** CPU seconds a student process may use in all (the per-call wall clock is the judge's, in process.ts). */
const CPU_SECONDS = 120;

/** @param {string} tool @returns {string | undefined} */
function which(tool) {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(path.delimiter)) {
    const full = path.join(dir, tool);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      return full;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The permission flag's name on this Node: --permission from 22.13 and 23.5, --experimental-permission before. */
function permissionFlag() {
  return process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
}

/** Folders a Node binary needs, read-only: the system's, and the one the binary lives in. */
/** @param {string} node */
function systemBinds(node) {
  const dirs = ['/usr', '/lib', '/lib64', '/lib32', '/bin', '/etc/ld.so.cache', '/etc/ssl'];
  const real = fs.realpathSync(node);
  const prefix = path.dirname(path.dirname(real));
  if (!dirs.some((d) => real.startsWith(d + '/'))) dirs.push(prefix);
  return dirs.filter((d) => fs.existsSync(d));
}

/**
 * @typedef {{ key: string, os?: 'bwrap' | 'unshare', path?: string, prlimit?: string }} Tools
 *   The OS tool that works here (bubblewrap or unshare), its path, and prlimit's.
 */
/** @type {Tools | undefined} */
let probed;

/**
 * Which OS tool works here, tried once per process (and PATH) on a command
 * that does nothing, so that a kernel without user namespaces shows here,
 * not later: the preferred one (KATA_SANDBOX_TOOL=unshare prefers unshare),
 * else the other.
 * @returns {Tools}
 */
function tools() {
  const prefer = process.env.KATA_SANDBOX_TOOL === 'unshare' ? 'unshare' : 'bwrap';
  const key = `${prefer} ${process.env.PATH}`;
  if (probed && probed.key === key) return probed;
  const truth = which('true') ?? '/bin/true';
  const argsOf = { bwrap: () => bwrapArgs(process.execPath, '/'), unshare: unshareArgs };
  /** @type {('bwrap' | 'unshare')[]} */
  const order = prefer === 'bwrap' ? ['bwrap', 'unshare'] : ['unshare', 'bwrap'];
  /** @type {Tools} */
  const found = { key, prlimit: which('prlimit') };
  for (const tool of order) {
    const where = which(tool);
    if (where && spawnSync(where, [...argsOf[tool](), truth], { stdio: 'ignore', timeout: 5000 }).status === 0) {
      found.os = tool;
      found.path = where;
      break;
    }
  }
  probed = found;
  return found;
}

/** @param {string} node @param {string} stageDir @param {string[]} [readable] */
function bwrapArgs(node, stageDir, readable = []) {
  const ro = (/** @type {string[]} */ dirs) => dirs.flatMap((d) => ['--ro-bind', d, d]);
  // Mounts apply in order: the empty /tmp first, so that a folder read from under /tmp (a repository
  // cloned there) is bound over it rather than hidden by it.
  return [
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    ...ro(systemBinds(node)),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    ...ro(readable),
    '--ro-bind',
    stageDir,
    '/stage',
    '--chdir',
    '/stage',
    '--',
  ];
}

function unshareArgs() {
  return [
    '--user',
    '--map-root-user',
    '--pid',
    '--fork',
    '--kill-child',
    '--net',
    '--ipc',
    '--uts',
    '--mount',
    '--mount-proc',
    '--',
  ];
}

/** Why `required` cannot be met here, in one message naming the three ways on. */
const OS_LAYER_MISSING =
  'the OS sandbox layer is not available here (no working bubblewrap or unshare with user namespaces); ' +
  'install bubblewrap (apt-get install bubblewrap), grade inside the container described in the README, ' +
  'or pass --sandbox off to accept the risk';

/**
 * How to start a sandboxed process on the stage: the student process (the
 * stage's host.js) or the type checker (its entry, with the folders of
 * declaration files it reads, read-only, and a larger heap).
 * Throws OS_LAYER_MISSING in `required` mode without an OS layer.
 * @param {string} stageDir @param {SandboxMode} mode
 * @param {{ entry?: string, readable?: string[], heapMb?: number }} [o]
 * @returns {Launch}
 */
function launch(stageDir, mode, o = {}) {
  const { entry = 'host.js', readable = [], heapMb = HEAP_MB } = o;
  const node = process.execPath;
  /** @type {Partial<Tools>} */
  const t = mode === 'off' ? {} : tools();
  const osTool = t.os;
  const container = !osTool && process.env.KATA_SANDBOX_OUTER === 'container';
  if (mode === 'required' && !osTool && !container) throw new Error(OS_LAYER_MISSING);
  const inside = osTool === 'bwrap' ? '/stage' : stageDir;
  const nodeArgs = [
    '--no-warnings',
    '--no-addons',
    `--max-old-space-size=${heapMb}`,
    '--enable-source-maps',
    ...(mode === 'off' ? [] : [permissionFlag(), ...[inside, ...readable].map((d) => `--allow-fs-read=${d}`)]),
    path.join(inside, entry),
  ];
  const env = { PATH: '/usr/bin:/bin', HOME: inside, TMPDIR: osTool === 'bwrap' ? '/tmp' : inside, LANG: 'C.UTF-8' };
  /** @type {Layer[]} */
  const layers = ['stage'];
  if (mode === 'off')
    return { command: node, args: nodeArgs, env: /** @type {Record<string, string>} */ ({ ...process.env }), layers };
  layers.push('permission', 'env');
  let command = node;
  let args = nodeArgs;
  if (osTool) {
    command = /** @type {string} */ (t.path);
    args = [...(osTool === 'bwrap' ? bwrapArgs(node, stageDir, readable) : unshareArgs()), node, ...nodeArgs];
    layers.push('namespaces', ...(osTool === 'bwrap' ? /** @type {Layer[]} */ (['filesystem']) : []));
  }
  if (t.prlimit) {
    const data = heapMb * DATA_PER_HEAP * 1024 * 1024;
    args = [`--cpu=${CPU_SECONDS}`, `--data=${data}`, '--fsize=0', '--core=0', '--nofile=64', '--', command, ...args];
    command = t.prlimit;
    layers.push('rlimits');
  }
  // Root without namespaces could signal the grader: run as nobody instead.
  const asNobody = !osTool && process.getuid?.() === 0;
  if (asNobody) layers.push('uid');
  if (container) layers.push('container');
  return { command, args, env, layers, os: osTool, ...(asNobody ? { uid: 65534, gid: 65534 } : {}) };
}

/** The OS layer this machine has: bubblewrap or unshare that works, or the container the grader runs in. */
function osLayer() {
  return tools().os ?? (process.env.KATA_SANDBOX_OUTER === 'container' ? 'container' : undefined);
}

/** Whether this machine has the rlimits layer (prlimit): its memory and CPU limits, off the V8 heap too. */
function rlimitsHere() {
  return Boolean(tools().prlimit);
}

/** The layers a report lists as missing when absent ('uid' and 'container' only stand in for 'namespaces'). */
const ALL_LAYERS = /** @type {Layer[]} */ (['stage', 'permission', 'env', 'rlimits', 'namespaces', 'filesystem']);

module.exports = {
  launch,
  osLayer,
  rlimitsHere,
  permissionFlag,
  OS_LAYER_MISSING,
  HEAP_MB,
  DATA_PER_HEAP,
  CPU_SECONDS,
  ALL_LAYERS,
};
