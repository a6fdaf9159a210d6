#!/usr/bin/env node
// The cross-engine smoke test: the release build (dist/) in Chromium (Blink), Firefox ESR (Gecko) and
// WebKitGTK's MiniBrowser (WebKit, Safari's engine), each through its own WebDriver, with a
// dependency-free W3C WebDriver client (no Selenium, nothing that could download a driver).
//
//   node tests/browsers/smoke.mjs chromium|firefox|webkit      (scripts/browsers.sh runs all three)
//
// What it checks, in each engine:
//   1. the sample opens with its figures (total 97.7794, 部门整体绩效 19.78125, dept-07 at 65 %);
//   2. an edit re-scores (dept-07 → 20: 97.99815);
//   3. save → open round trip: the saved file (its bytes and name, captured in the page) opens to the
//      same figures after another file was opened in between;
//   4. a bad file is refused (truncated: data-code "truncated") and the work stays;
//   5. markup and script in a file's texts (tests/corpus/files/flagged/markup-in-text.json) show as
//      text: no element is made from them and no script runs;
//   6. the Content-Security-Policy is in force and the wasm ran under it, with no violation;
//   7. a screenshot (after two animation frames) in target/browsers/ENGINE.png.
// Every browser goes through a proxy at 127.0.0.1:9 (nothing listens there) for anything but
// 127.0.0.1: nothing leaves the machine even if an engine tried. Every wait is on a condition with a
// deadline; the run as a whole has a watchdog, and scripts/browsers.sh an outer timeout.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from '../../scripts/headless.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = process.env.DIST ?? path.join(ROOT, 'dist');
const OUT = path.join(ROOT, 'target/browsers');
const WAIT_MS = 20_000;
const COMMAND_MS = 90_000;
const RUN_MS = Number(process.env.SMOKE_TIMEOUT_MS ?? 240_000);
const NO_PROXY = 'http://127.0.0.1:9';

const ENGINES = {
  chromium: {
    engine: 'Blink',
    driver: process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver',
    driverArgs: (port) => [`--port=${port}`, '--allowed-ips=127.0.0.1'],
    capabilities: {
      browserName: 'chrome',
      'goog:chromeOptions': {
        binary: process.env.CHROMIUM ?? '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
          '--disable-sync', '--no-first-run', '--window-size=1280,900', `--proxy-server=${NO_PROXY}`],
      },
    },
  },
  firefox: {
    engine: 'Gecko',
    driver: process.env.GECKODRIVER ?? path.join(process.env.CARGO_HOME ?? path.join(process.env.HOME, '.cargo'), 'bin/geckodriver'),
    driverArgs: (port) => ['--host', '127.0.0.1', '--port', String(port)],
    capabilities: {
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
        args: ['-headless', '-width', '1280', '-height', '900'],
        prefs: {
          // Everything but 127.0.0.1 goes to a proxy that is not there.
          'network.proxy.type': 1,
          'network.proxy.http': '127.0.0.1',
          'network.proxy.http_port': 9,
          'network.proxy.ssl': '127.0.0.1',
          'network.proxy.ssl_port': 9,
          'network.proxy.share_proxy_settings': true,
          'network.proxy.allow_hijacking_localhost': false,
          // And Firefox's own traffic is off.
          'app.update.auto': false,
          'browser.safebrowsing.malware.enabled': false,
          'browser.safebrowsing.phishing.enabled': false,
          'datareporting.policy.dataSubmissionEnabled': false,
          'network.captive-portal-service.enabled': false,
          'network.connectivity-service.enabled': false,
          'toolkit.telemetry.enabled': false,
        },
      },
    },
  },
  webkit: {
    engine: 'WebKit',
    driver: process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver',
    driverArgs: (port) => [`--port=${port}`, '--host=local'],
    capabilities: {
      'webkitgtk:browserOptions': {
        binary: process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        args: ['--automation', `--proxy=${NO_PROXY}`, '--ignore-host=127.0.0.1'],
      },
    },
  },
};

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

// ---------------------------------------------------------------------------------------------
// Processes: the driver, stopped (with its children) whatever happens; the static server stops with
// this process.

const children = [];
function start(command, args, log) {
  const out = fs.openSync(log, 'w');
  const child = spawn(command, args, { stdio: ['ignore', out, out], detached: true });
  children.push(child);
  return child;
}
function stopAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', stopAll);

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------
// The WebDriver client: a few W3C commands over HTTP.

class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async create(base, capabilities) {
    const value = await command(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } });
    const session = new Session(base, value.sessionId);
    session.capabilities = value.capabilities;
    await session.send('POST', '/timeouts', { script: WAIT_MS + 10_000, pageLoad: 60_000, implicit: 0 });
    return session;
  }

  send(method, route, body) {
    return command(this.base, method, `/session/${this.id}${route}`, body);
  }

  execute(script, ...args) {
    return this.send('POST', '/execute/sync', { script, args });
  }

  executeAsync(script, ...args) {
    return this.send('POST', '/execute/async', { script, args });
  }

  async find(css) {
    const value = await this.send('POST', '/element', { using: 'css selector', value: css });
    if (!value?.[ELEMENT]) throw new Error(`finding ${css}: ${JSON.stringify(value)}`);
    return value[ELEMENT];
  }

  /**
   * Waits until `body` (the source of a function of `args` returning [done, seen]) says done, polled
   * in the page; fails with what it last saw.
   */
  async waitFor(what, body, ...args) {
    const result = await this.executeAsync(
      `const done = arguments[arguments.length - 1];
       const args = Array.prototype.slice.call(arguments, 0, -1);
       const check = function () { ${body} };
       const deadline = Date.now() + ${WAIT_MS};
       const tick = function () {
         let state;
         try { state = check.apply(null, args); } catch (error) { state = [false, String(error)]; }
         if (state[0] || Date.now() > deadline) { done({ ok: !!state[0], seen: state[1] }); return; }
         setTimeout(tick, 25);
       };
       tick();`,
      ...args,
    );
    if (!result.ok) throw new Error(`waiting for ${what}: saw ${JSON.stringify(result.seen)}`);
    return result.seen;
  }

  async waitForTotal(value) {
    return this.waitFor(
      `total ${value}`,
      `const el = document.querySelector('[data-testid="total-computed"]');
       const seen = el && el.getAttribute('data-value');
       return [seen === args[0], seen];`,
      value,
    );
  }

  async close() {
    await this.send('DELETE', '').catch(() => {});
  }
}

async function command(base, method, route, body) {
  const response = await fetch(base + route, {
    method,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(COMMAND_MS),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok || json.value?.error) {
    throw new Error(`${method} ${route}: ${json.value?.error ?? response.status} ${json.value?.message ?? ''}`.trim());
  }
  return json.value;
}

async function driverReady(base) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const status = await command(base, 'GET', '/status');
      if (status.ready !== false) return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the driver did not answer at ${base}: ${error.message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100)); // the driver's port is not open yet
  }
}

// ---------------------------------------------------------------------------------------------
// The smoke test.

const INDICATOR = (id, testid) => `[data-testid="indicator"][data-indicator-id="${id}"] [data-testid="${testid}"]`;

async function smoke(session, url, name) {
  const steps = [];
  const step = (what) => steps.push(what);

  // 1. The sample with its figures.
  await session.send('POST', '/url', { url });
  await session.waitForTotal('97.7794');
  const figures = await session.waitFor(
    'the sample’s figures',
    `const node = document.querySelector('[data-testid="node"][data-node-id="lz.dept"] [data-testid="node-score"]');
     const ratio = document.querySelector('${INDICATOR('dept-07', 'ratio')}');
     const seen = [node && node.dataset.value, ratio && ratio.dataset.value, document.querySelectorAll('[data-testid="indicator"]').length];
     return [seen[0] === '19.78125' && seen[1] === '0.65' && seen[2] === 54, seen];`,
  );
  step(`sample: total 97.7794, lz.dept ${figures[0]}, dept-07 ratio ${figures[1]}, ${figures[2]} indicators`);

  // The policy is the page's, the wasm ran under it; violations from here on are recorded.
  const policy = await session.execute(
    `window.__violations = [];
     document.addEventListener('securitypolicyviolation', function (e) { window.__violations.push(e.effectiveDirective + ' ' + e.blockedURI); });
     const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
     return meta && meta.content;`,
  );
  if (!policy || !policy.includes("script-src 'self' 'wasm-unsafe-eval'")) throw new Error(`no Content-Security-Policy: ${policy}`);
  step('Content-Security-Policy present; the wasm ran under it');

  // 2. An edit re-scores.
  const input = await session.find(INDICATOR('dept-07', 'actual-input'));
  await session.send('POST', `/element/${input}/click`, {});
  // Select the cell's text as a user's double-click would (a Ctrl+A chord is not typed alike by every
  // driver), then type over it: real key events, one per character.
  await session.execute('arguments[0].select();', { [ELEMENT]: input });
  await session.send('POST', `/element/${input}/value`, { text: '20' });
  await session.waitForTotal('97.99815');
  await session.waitFor('dept-07 met', `const b = document.querySelector('${INDICATOR('dept-07', 'badge')}'); return [b && b.dataset.status === 'met', b && b.dataset.status];`);
  step('edit: dept-07 = 20 → total 97.99815, badge met');

  // 3. Save: the file the app offers, captured in the page (engines differ in what a download does).
  await session.execute(
    `const create = URL.createObjectURL.bind(URL);
     URL.createObjectURL = function (blob) { window.__savedBlob = blob; return create(blob); };
     const click = HTMLAnchorElement.prototype.click;
     HTMLAnchorElement.prototype.click = function () {
       if (this.download) { window.__savedName = this.download; return; }
       return click.call(this);
     };`,
  );
  await session.send('POST', `/element/${await session.find('[data-testid="save-file"]')}/click`, {});
  await session.waitFor('the saved notice', `return [!!document.querySelector('[data-testid="notice-saved"]') && !!window.__savedBlob, null];`);
  const saved = await session.executeAsync(
    `const done = arguments[arguments.length - 1];
     window.__savedBlob.text().then(function (text) { done({ name: window.__savedName, text: text }); }, function (e) { done({ error: String(e) }); });`,
  );
  if (saved.name !== '2023-广州市人力资源和社会保障局-部门整体支出绩效自评.json') throw new Error(`saved as ${saved.name}`);
  const savedFile = JSON.parse(saved.text);
  const find = (node, id) => (node.rule?.indicators ?? []).find((i) => i.id === id) ?? (node.children ?? []).map((c) => find(c, id)).find(Boolean);
  if (find(savedFile.root, 'dept-07')?.actual !== '20') throw new Error('the saved file lacks the edit');
  step(`save: ${saved.name}, ${saved.text.length} characters, dept-07 actual 20`);

  // Another file in between (dropped), then the saved one through the file input: the same figures.
  const blank = fs.readFileSync(path.join(ROOT, 'src/presets/project-blank.json'), 'utf8');
  await session.execute(
    `const t = new DataTransfer();
     t.items.add(new File([arguments[0]], 'project-blank.json', { type: 'application/json' }));
     document.querySelector('[data-testid="page"]').dispatchEvent(new DragEvent('drop', { dataTransfer: t, bubbles: true, cancelable: true }));`,
    blank,
  );
  await session.waitForTotal('0');
  const file = path.join(OUT, `${name}-${saved.name}`);
  fs.writeFileSync(file, saved.text);
  await session.send('POST', `/element/${await session.find('[data-testid="open-file"]')}/value`, { text: file });
  await session.waitForTotal('97.99815');
  await session.waitFor('dept-07 = 20', `const i = document.querySelector('${INDICATOR('dept-07', 'actual-input')}'); return [i && i.value === '20', i && i.value];`);
  step('round trip: project-blank dropped (total 0), the saved file opened through the file input (97.99815, dept-07 = 20)');

  // 4. A bad file is refused; the work stays.
  const bad = path.join(ROOT, 'tests/corpus/files/syntax/truncated.json');
  await session.send('POST', `/element/${await session.find('[data-testid="open-file"]')}/value`, { text: bad });
  const codes = await session.waitFor(
    'the load error',
    `const items = document.querySelectorAll('[data-testid="load-error"] [data-testid="load-problem"]');
     const codes = Array.prototype.map.call(items, function (i) { return i.dataset.code; });
     return [codes.length > 0, codes];`,
  );
  if (codes.join() !== 'truncated') throw new Error(`problems ${codes}`);
  await session.waitForTotal('97.99815');
  step('bad file: truncated.json refused (truncated), total still 97.99815');

  // 5. Markup and script in a file's texts show as text and run nothing.
  await session.execute(
    `window.__ran = [];
     Object.defineProperty(window, '__xss', { configurable: true, set: function (v) { window.__ran.push(String(v)); }, get: function () { return undefined; } });`,
  );
  const markup = path.join(ROOT, 'tests/corpus/files/flagged/markup-in-text.json');
  await session.send('POST', `/element/${await session.find('[data-testid="open-file"]')}/value`, { text: markup });
  await session.waitForTotal('95');
  const xss = await session.executeAsync(
    `const done = arguments[arguments.length - 1];
     requestAnimationFrame(function () { requestAnimationFrame(function () {
       const row = document.querySelector('[data-testid="node"][data-node-id="exec"]');
       done({
         ran: window.__ran,
         injected: document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]').length,
         shown: row ? row.textContent : '',
       });
     }); });`,
  );
  if (xss.ran.length || xss.injected || !xss.shown.includes('<img src=x onerror=')) throw new Error(`markup: ${JSON.stringify(xss)}`);
  step('markup in names, notes and reasons shown as text; no element made, no script run');

  // 6. Nothing was blocked: the app itself never tried to reach anything the policy forbids.
  const violations = await session.execute('return window.__violations;');
  if (violations.length) throw new Error(`policy violations: ${violations}`);
  step('no Content-Security-Policy violation');

  // 7. A screenshot, once layout and paint have settled.
  await session.executeAsync(
    `const done = arguments[arguments.length - 1];
     requestAnimationFrame(function () { requestAnimationFrame(function () { done(); }); });`,
  );
  const png = await session.send('GET', '/screenshot');
  fs.writeFileSync(path.join(OUT, `${name}.png`), Buffer.from(png, 'base64'));
  step(`screenshot: target/browsers/${name}.png`);
  return steps;
}

async function main() {
  const name = process.argv[2];
  const engine = ENGINES[name];
  if (!engine) {
    console.error(`usage: node tests/browsers/smoke.mjs ${Object.keys(ENGINES).join('|')}`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html is missing: trunk build --release`);
  if (!fs.existsSync(engine.driver)) throw new Error(`${engine.driver} is missing: bash scripts/browsers.sh installs it`);
  fs.mkdirSync(OUT, { recursive: true });
  const watchdog = setTimeout(() => {
    console.error(`${name}: no result after ${RUN_MS} ms`);
    stopAll();
    process.exit(3);
  }, RUN_MS);

  // Stopped when this process exits (startServer's own exit handler), as the driver is by stopAll.
  const { url } = await startServer(DIST);
  const port = await freePort();
  start(engine.driver, engine.driverArgs(port), path.join(OUT, `${name}-driver.log`));
  const base = `http://127.0.0.1:${port}`;
  await driverReady(base);
  const session = await Session.create(base, engine.capabilities);
  const caps = session.capabilities;
  const version = `${caps.browserName} ${caps.browserVersion}`;
  try {
    const steps = await smoke(session, url, name);
    console.log(JSON.stringify({ browser: name, engine: engine.engine, version, passed: true, steps }, null, 2));
  } finally {
    await session.close();
    clearTimeout(watchdog);
  }
}

main().then(
  () => {
    stopAll();
    process.exit(0);
  },
  (error) => {
    console.error(`${process.argv[2]}: FAILED: ${error.message}`);
    stopAll();
    process.exit(1);
  },
);
