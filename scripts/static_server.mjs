#!/usr/bin/env node
// Tiny dependency-free static file server for the e2e tests.
// Usage: node scripts/static_server.mjs <dir> [port]   (port 0 or omitted = pick a free port)
// Listens on 127.0.0.1 only and prints exactly "LISTENING http://127.0.0.1:<port>/" once ready.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const dirArg = process.argv[2];
const portArg = process.argv[3] ?? '0';
if (!dirArg) {
  console.error('usage: node static_server.mjs <dir> [port]');
  process.exit(2);
}
const port = Number(portArg);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`static_server: bad port '${portArg}'`);
  process.exit(2);
}
let root;
try {
  root = fs.realpathSync(path.resolve(dirArg));
  if (!fs.statSync(root).isDirectory()) throw new Error('not a directory');
} catch (e) {
  console.error(`static_server: cannot serve '${dirArg}': ${e.message}`);
  process.exit(2);
}

function send(res, status, body, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
  let rel;
  try {
    rel = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
  } catch {
    return send(res, 400, 'bad request\n');
  }
  if (rel.includes('\0')) return send(res, 400, 'bad request\n');
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(root, '.' + rel);
  // refuse anything outside root (also via symlinks)
  const inside = (p) => p === root || p.startsWith(root + path.sep);
  if (!inside(file)) return send(res, 403, 'forbidden\n');
  let real;
  try {
    real = fs.realpathSync(file);
  } catch {
    return send(res, 404, 'not found\n');
  }
  if (!inside(real)) return send(res, 403, 'forbidden\n');
  let st;
  try {
    st = fs.statSync(real);
  } catch {
    return send(res, 404, 'not found\n');
  }
  if (!st.isFile()) return send(res, 404, 'not found\n');
  const type = TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': st.size, 'Cache-Control': 'no-store' });
  if (req.method === 'HEAD') return res.end();
  fs.createReadStream(real).on('error', () => res.destroy()).pipe(res);
});

server.on('error', (e) => {
  console.error(`static_server: ${e.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`LISTENING http://127.0.0.1:${server.address().port}/\n`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
