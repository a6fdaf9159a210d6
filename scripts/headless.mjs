// What the build's post_build hooks (scripts/split.mjs, scripts/first_screen.mjs) need to open the
// freshly built page in headless Chromium: the playwright-core that `scripts/setup.sh test` installs in
// tests/e2e, Debian's Chromium, and the tests' static server on a free 127.0.0.1 port.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PLAYWRIGHT = path.join(ROOT, 'tests/e2e/node_modules/playwright-core/index.mjs');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** What is missing to open a page headless, each said as what installs it; empty when nothing is. */
export function missingBrowser() {
  const missing = [];
  if (!fs.existsSync(PLAYWRIGHT)) missing.push('playwright-core in tests/e2e (scripts/setup.sh test)');
  if (!fs.existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM}; scripts/setup.sh test)`);
  return missing;
}

/** `dir` served by scripts/static_server.mjs; `stop()` ends the server. */
export async function serve(dir) {
  const server = spawn(process.execPath, [path.join(ROOT, 'scripts/static_server.mjs'), dir, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    server.on('exit', (code) => reject(new Error(`static server exited (${code})`)));
    server.stdout.on('data', (chunk) => {
      const m = /LISTENING (\S+)/.exec(String(chunk));
      if (m) resolve(m[1]);
    });
  });
  return { url, stop: () => server.kill() };
}

export async function launchChromium() {
  const { chromium } = await import(PLAYWRIGHT);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    timeout: 30_000,
  });
}

/** A first visit's context: the viewport the benchmark and the split's profile use, in Chinese. */
export function firstVisitContext(browser) {
  return browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
}
