// @ts-check
// A static server for web/dist/ on the loopback interface, with the headers
// the page needs (headers.js): cross-origin isolation and its policy. Only
// the site's own files, by name; nothing else is read.

'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { headersFor } = require('./headers');

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

/**
 * Serves dir on 127.0.0.1:port (0: any free port); resolves once listening.
 * @param {string} dir @param {number} port @returns {Promise<http.Server>}
 */
function serve(dir, port) {
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname).replace(/^\/+/, '');
    const file = name === '' ? 'index.html' : name;
    const full = path.join(dir, file);
    if (!/^[\w.-]+$/.test(file) || !fs.existsSync(full)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
      ...headersFor(file),
    });
    res.end(fs.readFileSync(full));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

module.exports = { serve };
