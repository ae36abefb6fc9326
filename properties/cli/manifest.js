// @ts-check
// Tamper evidence: the hashes of the files the grade depends on, pinned in
// properties/manifest.json. Every grade checks them and reports the files
// that differ; `npm run pin` re-pins after a deliberate change, and npm test
// fails while the manifest is stale.
//
//   node properties/cli/manifest.js --pin     write the manifest
//   node properties/cli/manifest.js --check   list differences, exit 1 if any

'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { ROOT } = require('../layout');
const MANIFEST = 'properties/manifest.json';

/** Top-level files the grade depends on. */
const CONFIGS = [
  'package.json',
  'tsconfig.json',
  'jest.config.ts',
  '.ci/run',
  '.github/workflows/grade.yml',
  '.github/workflows/grade-roster.yml',
];
/** Under properties/, everything but the grader's own self-tests and the manifest itself. */
const UNTRUSTED = [/^properties\/selftest\//, /^properties\/manifest\.json$/];

/** @param {string} root @param {string} dir @returns {string[]} paths relative to root */
function walk(root, dir) {
  if (!fs.existsSync(path.join(root, dir))) return [];
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? walk(root, rel) : [rel];
  });
}

/** The trusted files present now in the repository at root, sorted. */
function trustedFiles(root = ROOT) {
  const underProperties = walk(root, 'properties').filter((f) => !UNTRUSTED.some((re) => re.test(f)));
  return [...CONFIGS.filter((f) => fs.existsSync(path.join(root, f))), ...underProperties].sort();
}

/**
 * SHA-256 of a file with line endings normalised, so that a checkout with CRLF is not flagged.
 * @param {string} root @param {string} rel
 */
function hashOf(root, rel) {
  const text = fs.readFileSync(path.join(root, rel)).toString('latin1').replace(/\r\n/g, '\n');
  return crypto.createHash('sha256').update(text, 'latin1').digest('hex');
}

function pin(root = ROOT) {
  /** @type {Record<string, string>} */
  const files = {};
  for (const f of trustedFiles(root)) files[f] = hashOf(root, f);
  const manifest = { comment: 'Pinned by npm run pin; checked by every grade.', files };
  fs.writeFileSync(path.join(root, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return Object.keys(files).length;
}

/** Trusted files that differ from the manifest: modified, missing or added. @returns {string[]} */
function differences(root = ROOT) {
  /** @type {Record<string, string>} */
  let pinned;
  try {
    pinned = JSON.parse(fs.readFileSync(path.join(root, MANIFEST), 'utf8')).files;
  } catch {
    return [`${MANIFEST} (missing or unreadable)`];
  }
  const out = [];
  for (const [f, hash] of Object.entries(pinned)) {
    if (!fs.existsSync(path.join(root, f))) out.push(`${f} (missing)`);
    else if (hashOf(root, f) !== hash) out.push(f);
  }
  for (const f of trustedFiles(root)) if (!(f in pinned)) out.push(`${f} (added)`);
  return out;
}

module.exports = { differences, pin, trustedFiles };

if (require.main === module) {
  if (process.argv.includes('--pin')) {
    console.log(`pinned ${pin()} files in properties/manifest.json`);
  } else {
    const diff = differences();
    if (diff.length > 0) {
      console.error(
        `grader files modified since the manifest was pinned:\n  ${diff.join('\n  ')}\n(after a deliberate change, run npm run pin)`,
      );
      process.exit(1);
    }
    console.log('grader files match properties/manifest.json');
  }
}
