// Debian's Chromium and the static server, as the E2E tests (tests/e2e/lib/app.mjs re-exports these),
// the WebDriver smoke run (tests/browsers/) and the benchmark (bench/) use them: Chromium's path and
// flags, and scripts/static_server.mjs on a free 127.0.0.1 port. No npm package: each user brings its
// own playwright-core (tests/e2e and bench have their own package.json; the build needs neither).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_TIMEOUT_MS = 10_000;

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** scripts/static_server.mjs serving `dir` on a free 127.0.0.1 port (the benchmark uses it too). */
export async function startServer(dir) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: build the app with \`trunk build --release\``);
  }
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/static_server.mjs'), dir, '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A crash of this process must not leave the server behind.
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => reject(new Error(`static server did not start in ${SERVER_TIMEOUT_MS} ms: ${err}`)), SERVER_TIMEOUT_MS);
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk) => (err += chunk));
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const match = /LISTENING (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`static server exited (${code}): ${err}`));
      });
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
