// Headless Chromium and the static server, as the build's post_build hooks (scripts/split.mjs,
// scripts/first_screen.mjs), the E2E tests (tests/e2e/lib/app.mjs re-exports these) and the benchmark
// use them: the playwright-core that `scripts/setup.sh test` installs in tests/e2e, Debian's Chromium,
// and scripts/static_server.mjs on a free 127.0.0.1 port.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PLAYWRIGHT = path.join(ROOT, 'tests/e2e/node_modules/playwright-core/index.mjs');
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

/** What is missing to open a page headless, each said as what installs it; empty when nothing is. */
export function missingBrowser() {
  const missing = [];
  if (!fs.existsSync(PLAYWRIGHT)) missing.push('playwright-core in tests/e2e (scripts/setup.sh test)');
  if (!fs.existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM}; scripts/setup.sh test)`);
  return missing;
}

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

// ---------------------------------------------------------------------------------------------
// The harness: one server and one browser per test file, one context per test.

export async function launchChromium() {
  const { chromium } = await import(PLAYWRIGHT);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** A first visit's context: the viewport the benchmark and the split's profile use, in Chinese. */
export function firstVisitContext(browser) {
  return browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
}
