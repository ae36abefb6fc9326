// @ts-check
// The headers every file of the web page is served with, in one place: the
// local server (serve.js) sends them, and the service worker (src/sw.ts) adds
// them where the host cannot (GitHub Pages). Cross-origin isolation lets the
// judge worker wait on the student worker (SharedArrayBuffer, Atomics.wait);
// the content security policy lets no request leave the page, and the student
// worker's forbids it every request and every script but its own.

'use strict';

/** The page's policy: its own files only; CodeMirror's styles are inline. */
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The student worker's: no request at all, and eval only for the student's own compiled files. */
const STUDENT_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-eval'",
  "connect-src 'none'",
  "worker-src 'none'",
].join('; ');

/** The file the student worker runs from: the one whose policy allows eval. */
const STUDENT_SCRIPT = 'student.js';

/**
 * The headers for a file of the site, by its name.
 * @param {string} file @returns {Record<string, string>}
 */
function headersFor(file) {
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy': file.endsWith(STUDENT_SCRIPT) ? STUDENT_POLICY : PAGE_POLICY,
    'X-Content-Type-Options': 'nosniff',
  };
}

module.exports = { headersFor, PAGE_POLICY, STUDENT_POLICY, STUDENT_SCRIPT };
