#!/usr/bin/env node
// @ts-check
// `npm run gradescope-bundle -- <file.zip>`: the zip to upload as a Gradescope
// programming assignment's autograder. It holds the student template's tree
// (the grader without the answers, its manifest pinned for that tree), the
// locked dependencies' list, a seed drawn now and kept only in the bundle,
// and Gradescope's two scripts:
//   setup.sh        run once when the image is built: Node, bubblewrap, npm ci
//   run_autograder  run for each submission: stages its kata files, grades
//                   them in the sandbox, writes /autograder/results/results.json
// AUTOGRADER_ROOT (default /autograder) moves that tree, as the self-test does.

'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const yazl = require('yazl');
const { exportTemplate } = require('./export-template');
const { ASSIGNMENT, FILES } = require('../layout');

const SETUP = `#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq ca-certificates curl gnupg bubblewrap
# Node 24 (LTS), from NodeSource: the image's own Node is too old for the grader.
curl -fsSL https://deb.nodesource.com/setup_24.x | bash -
apt-get install -y -qq nodejs
cd /autograder/source
npm ci --no-audit --no-fund
`;

const RUN = `#!/usr/bin/env bash
# Gradescope runs this for each submission. The student's files are in
# $ROOT/submission (at its top, in a katas/ folder, or in the one folder of an
# uploaded archive: submission-layout.js finds them); only the kata files
# (${Object.keys(FILES).join(', ')}) are taken, copied (never linked) into a fresh folder, and graded
# in the sandbox with the bundle's own seed.
set -uo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
GRADER="$ROOT/source"
STAGE="$(mktemp -d)"
# The folder to grade, and where it lies in the upload, each ended by a NUL (a name may hold any other byte).
FOUND=""
WITHIN=""
{ IFS= read -r -d '' FOUND; IFS= read -r -d '' WITHIN; } < <(cd "$GRADER" && node properties/cli/submission-layout.js "$ROOT/submission")
for f in ${Object.keys(FILES).join(' ')}; do
  if [ -f "$FOUND/$f" ] && [ ! -L "$FOUND/$f" ]; then cp "$FOUND/$f" "$STAGE/$f"; fi
done
mkdir -p "$ROOT/results"
cd "$GRADER"
KATA_DIR="$STAGE" KATA_EXERCISES="${ASSIGNMENT}" node properties/cli/grade.js --seed "$(cat "$GRADER/gradescope-seed")" \\
  --gradescope "$ROOT/results/results.json" --submitted-in="$WITHIN" > "$ROOT/results/grade.txt" 2>&1
status=$?
cat "$ROOT/results/grade.txt"
rm -rf "$STAGE"
# A grade that failed still wrote its results; only a grader that could not run exits non-zero.
if [ ! -s "$ROOT/results/results.json" ]; then
  printf '{"score": 0, "output": "The grader could not run; see the log."}\\n' > "$ROOT/results/results.json"
  exit "$status"
fi
`;

/** Every file under dir, relative to it. @param {string} dir @param {string} [rel] @returns {string[]} */
function walk(dir, rel = '') {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = path.join(rel, e.name);
    return e.isDirectory() ? walk(dir, r) : [r];
  });
}

/**
 * Writes the bundle to zipFile; resolves with its seed and file count.
 * @param {string} zipFile @returns {Promise<{ seed: number, files: number }>}
 */
function gradescopeBundle(zipFile) {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'gradescope-'));
  exportTemplate(tree);
  const seed = crypto.randomInt(1, 2 ** 31 - 1);
  fs.writeFileSync(path.join(tree, 'gradescope-seed'), `${seed}\n`);
  fs.writeFileSync(path.join(tree, 'setup.sh'), SETUP, { mode: 0o755 });
  fs.writeFileSync(path.join(tree, 'run_autograder'), RUN, { mode: 0o755 });
  const zip = new yazl.ZipFile();
  const files = walk(tree).sort();
  for (const f of files) {
    const executable = f === 'setup.sh' || f === 'run_autograder' || f === '.ci/run';
    zip.addFile(path.join(tree, f), f.split(path.sep).join('/'), { mode: executable ? 0o100755 : 0o100644 });
  }
  zip.end();
  fs.mkdirSync(path.dirname(path.resolve(zipFile)), { recursive: true });
  return new Promise((resolve, reject) => {
    zip.outputStream
      .pipe(fs.createWriteStream(zipFile))
      .on('close', () => {
        fs.rmSync(tree, { recursive: true, force: true });
        resolve({ seed, files: files.length });
      })
      .on('error', reject);
  });
}

async function main() {
  const zipFile = process.argv[2];
  const usage = 'usage: npm run gradescope-bundle -- <file.zip>';
  if (zipFile === '--help' || zipFile === '-h') {
    console.log(usage);
    return 0;
  }
  if (!zipFile || !zipFile.endsWith('.zip')) {
    console.error(usage);
    return 2;
  }
  let made;
  try {
    made = await gradescopeBundle(zipFile);
  } catch (e) {
    // One line that says what is needed (a git checkout, say), never a stack trace.
    console.error(`could not write ${zipFile}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return 2;
  }
  const { seed, files } = made;
  console.log(`wrote ${zipFile}: ${files} files, seed ${seed} (kept in the bundle, not shown to students)`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(e);
      process.exitCode = 2;
    },
  );
}

module.exports = { gradescopeBundle };
