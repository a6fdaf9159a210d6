// Nothing unsafe, nothing sent: text from files renders as text and runs nothing; the page's
// Content-Security-Policy forbids every destination but its own files; a whole session makes no
// request beyond 127.0.0.1.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useHarness, test, DIST, ROOT, sel, tempDir } from './lib/app.mjs';

const harness = useHarness();
const CORPUS = path.join(ROOT, 'tests/corpus/files');
/** An address reserved for documentation (TEST-NET-3): never routed, and the route guard aborts it anyway. */
const FOREIGN = 'http://203.0.113.7';

/**
 * Before any of the page's scripts: a trap for every payload (they all set window.__xss), dialogs
 * counted, and every Content-Security-Policy violation recorded.
 */
async function arm(app) {
  await app.context.addInitScript(() => {
    window.__ran = [];
    Object.defineProperty(window, '__xss', {
      configurable: true,
      set: (value) => window.__ran.push(String(value)),
      get: () => undefined,
    });
    for (const name of ['alert', 'confirm', 'prompt']) {
      const original = window[name].bind(window);
      window[name] = (...args) => {
        window.__ran.push(`${name}:${args[0]}`);
        return original(...args);
      };
    }
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }),
    );
  });
  // Requests the browser announced but the policy stopped before the network (Chromium reports
  // them as requests that failed with ERR_BLOCKED_BY_CSP).
  app.cspBlocked = [];
  app.context.on('requestfailed', (request) => {
    if (/^csp$|BLOCKED_BY_CSP/i.test(request.failure()?.errorText ?? '')) app.cspBlocked.push(request.url());
  });
  // A guard under the policy: anything not addressed to the test server is aborted and recorded.
  app.blocked = [];
  await app.context.route(
    (url) => !['127.0.0.1'].includes(url.hostname) && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => {
      app.blocked.push(route.request().url());
      return route.abort();
    },
  );
}

async function evidence(app) {
  return app.page.evaluate(() => ({
    ran: window.__ran,
    violations: window.__violations,
    // Elements the payloads would have created, had any markup been parsed.
    injected: document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], a[href^="javascript:"], iframe, object, embed').length,
    scripts: [...document.scripts].map((s) => s.getAttribute('src')),
  }));
}

test('names, notes and reasons from a file render as text and run nothing', () =>
  harness.run(
    async (app) => {
      await arm(app);
      await app.goto();
      await app.openFile(path.join(CORPUS, 'flagged/markup-in-text.json'));
      await app.testid('notice-opened').waitFor();
      await app.waitForTotal('95');

      // The payloads are on the page, as the text they are.
      const execName = await app.node('exec').textContent();
      assert.match(execName, /<img src=x onerror="window\.__xss='name'">预算执行/);
      // An indicator's name is in its box in place, as the box's text.
      assert.match(await app.indicator('i1').getByTestId('indicator-name-input').inputValue(), /"><svg onload="window\.__xss='indicator'">/);
      assert.equal(
        await app.indicator('i1').locator(sel.testid('reason-input')).inputValue(),
        "<script>window.__xss='reason'</script>偏差原因",
      );
      assert.match(await app.page.title(), /<\/title><script>window\.__xss='department'<\/script>/);
      // An id with quotes and markup is still just an attribute value.
      assert.equal(await app.page.locator('[data-testid="indicator"]').nth(1).getAttribute('data-indicator-id'), 'i2"]<img src=x onerror=window.__xss=1>');

      // Every view that shows names: the review tabs, the language switch.
      for (const tab of ['tab-lost', 'tab-reported', 'tab-checks', 'tab-changes', 'tab-compare', 'tab-goal']) {
        await app.testid(tab).click();
      }
      await app.testid('lang').click();
      await app.page.waitForFunction(() => document.querySelector('[data-testid="save-file"]').textContent.trim() === 'Save');
      await app.settle();

      const seen = await evidence(app);
      assert.deepEqual(seen.ran, [], 'a payload ran');
      assert.equal(seen.injected, 0, 'markup from the file became elements');
      assert.deepEqual(seen.violations, [], 'something tried to run or load (blocked by the policy)');
      assert.deepEqual(seen.scripts, ['./boot.js']);
      assert.deepEqual(app.dialogs, []);
    },
    { goto: false },
  ));

test('a refused file whose name and fields are markup shows them as text', () =>
  harness.run(
    async (app) => {
      await arm(app);
      await app.goto();
      const name = '<img src=x onerror=window.__xss=1>.json';
      const text = fs
        .readFileSync(path.join(CORPUS, 'fields/extra-top-field.json'), 'utf8')
        .replace('"comment"', '"<svg onload=window.__xss=2>"');
      await app.openFile({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
      const panel = app.testid('load-error');
      await panel.waitFor();
      assert.match(await panel.locator('h2').textContent(), /<img src=x onerror=window\.__xss=1>\.json/);
      assert.match(await panel.getByTestId('load-problem').first().textContent(), /无法识别的字段“<svg onload=window\.__xss=2>”/);
      await app.settle();
      const seen = await evidence(app);
      assert.deepEqual(seen.ran, []);
      assert.equal(seen.injected, 0);
      assert.deepEqual(seen.violations, []);
    },
    { goto: false },
  ));

test('the Content-Security-Policy allows the page’s own files only, and the browser enforces it', () =>
  harness.run(
    async (app) => {
      // The policy as shipped: in dist/index.html, before any script.
      const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
      assert.ok(meta, 'dist/index.html has no Content-Security-Policy');
      assert.ok(html.indexOf(meta[0]) < html.indexOf('<script'), 'the policy must come before the scripts');
      // No inline script at all: boot.js starts the app, the loading skeleton is plain HTML and CSS.
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.equal(inline.length, 0, 'inline scripts');
      const policy = Object.fromEntries(
        meta[1].split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]),
      );
      assert.deepEqual(policy['default-src'], ["'self'"]);
      assert.deepEqual(policy['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
      assert.deepEqual(policy['connect-src'], ["'self'"]);
      assert.deepEqual(policy['img-src'], ["'self'", 'data:', 'blob:']);
      assert.deepEqual(policy['object-src'], ["'none'"]);
      assert.deepEqual(policy['base-uri'], ["'none'"]);
      assert.deepEqual(policy['form-action'], ["'none'"]);
      for (const [name, values] of Object.entries(policy)) {
        assert.ok(!values.some((v) => /^(https?:|\*|'unsafe-eval')/.test(v)), `${name} allows ${values}`);
        if (name !== 'style-src') assert.ok(!values.includes("'unsafe-inline'"), `${name} allows inline code`);
      }

      await arm(app);
      await app.goto();
      // Every way a page reaches elsewhere, tried from inside the page: each is refused by the policy.
      const attempts = await app.page.evaluate(async (foreign) => {
        const outcome = async (f) => {
          try {
            await f();
            return 'allowed';
          } catch (error) {
            return error.name;
          }
        };
        const result = {
          fetch: await outcome(() => fetch(`${foreign}/collect`)),
          beacon: navigator.sendBeacon(`${foreign}/beacon`, 'x') ? 'queued' : 'refused',
          import: await outcome(() => import(`${foreign}/module.js`)),
          eval: await outcome(() => eval('1')),
          inline: await outcome(() => {
            const s = document.createElement('script');
            s.textContent = 'window.__xss = "inline script"';
            document.body.append(s);
          }),
        };
        const img = new Image();
        img.src = `${foreign}/pixel.png`;
        // A socket is refused either at once (SecurityError) or by an error before it opens.
        const ws = await outcome(
          () =>
            new Promise((resolve, reject) => {
              const socket = new WebSocket(`${foreign.replace('http', 'ws')}/socket`);
              socket.onopen = () => resolve();
              socket.onerror = () => reject(new DOMException('refused', 'NetworkError'));
            }),
        );
        const frame = document.createElement('iframe');
        frame.src = `${foreign}/frame`;
        document.body.append(frame);
        const form = document.createElement('form');
        form.action = `${foreign}/post`;
        form.method = 'post';
        document.body.append(form);
        form.requestSubmit?.();
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        frame.remove();
        form.remove();
        return { ...result, ws };
      }, FOREIGN);
      assert.equal(attempts.fetch, 'TypeError');
      assert.equal(attempts.import, 'TypeError');
      assert.equal(attempts.eval, 'EvalError');
      assert.ok(['SecurityError', 'NetworkError'].includes(attempts.ws), `a WebSocket: ${attempts.ws}`);
      await app.page.waitForFunction(
        (directives) => directives.every((d) => window.__violations.some((v) => v.directive === d)),
        ['connect-src', 'script-src-elem', 'img-src', 'frame-src', 'form-action'],
      );
      const seen = await evidence(app);
      assert.deepEqual(seen.ran, [], 'the inline script ran');
      const blockedByPolicy = new Set(seen.violations.map((v) => v.directive));
      for (const directive of ['connect-src', 'script-src', 'script-src-elem', 'img-src', 'frame-src', 'form-action']) {
        assert.ok(blockedByPolicy.has(directive), `nothing was blocked by ${directive}: ${JSON.stringify(seen.violations)}`);
      }
      // The policy stopped them in the page: none reached the network layer, not even the guard.
      assert.deepEqual(app.blocked, []);
      // Those the browser announced it stopped itself; they are no request that left.
      const announced = app.requests.filter((u) => u.startsWith(FOREIGN));
      for (let frame = 0; !announced.every((u) => app.cspBlocked.includes(u)) && frame < 600; frame += 1) {
        await app.settle();
      }
      assert.deepEqual(
        [...new Set(app.cspBlocked)].sort(),
        [`${FOREIGN}/module.js`, `${FOREIGN}/pixel.png`].filter((u) => app.requests.includes(u)).sort(),
      );
      app.requests = app.requests.filter((u) => !app.cspBlocked.includes(u));
      // The browser said so in the console, as it should; those are the only errors there.
      const unexpected = app.consoleErrors.filter((m) => !/Content Security Policy/.test(m));
      assert.deepEqual(unexpected, []);
      app.consoleErrors = [];
    },
    { goto: false },
  ));

test('a whole session (open, edit, what-if, review, language, save, presets) sends nothing beyond 127.0.0.1', () =>
  harness.run(
    async (app) => {
      await arm(app);
      await app.goto();
      await app.openFile(path.join(CORPUS, 'encoding/utf8-bom.json'));
      await app.waitForTotal('95');
      await app.testid('new-from-preset').selectOption('seed-2023');
      await app.waitForTotal('97.7794');
      await app.typeActual('dept-07', '20');
      await app.waitForTotal('97.99815');
      await app.page.evaluate(() => (window.prompt = () => '按报告口径'));
      await app.testid('new-scenario').click();
      await app.node('gl.procurement.contract-filing').locator(sel.testid('pass-fail')).selectOption('pass');
      await app.waitForTotal('98.99815');
      await app.testid('scenario-select').selectOption('base');
      for (const tab of ['tab-lost', 'tab-reported', 'tab-checks', 'tab-changes', 'tab-compare', 'tab-goal']) {
        await app.testid(tab).click();
      }
      await app.testid('goal-indicator').selectOption('dept-07');
      await app.testid('goal-total').fill('97.998');
      await app.testid('goal-solve').click();
      await app.testid('goal-result').waitFor();
      await app.testid('undo').click();
      await app.testid('lang').click();
      await app.page.waitForFunction(() => document.querySelector('[data-testid="save-file"]').textContent.trim() === 'Save');
      for (const id of ['export-xlsx', 'export-csv']) {
        const [download] = await Promise.all([app.page.waitForEvent('download'), app.testid(id).click()]);
        assert.equal(await download.failure(), null, id);
      }
      const dir = tempDir();
      try {
        const saved = await app.save(dir);
        assert.equal(saved.failure, null);
        await app.openFile(saved.file);
        await app.testid('notice-opened').waitFor();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      await app.reload();

      const seen = await evidence(app);
      assert.deepEqual(seen.violations, [], 'the app itself tried something the policy forbids');
      assert.deepEqual(app.blocked, [], 'a request left 127.0.0.1');
      assert.deepEqual(app.cspBlocked, [], 'the app tried to reach elsewhere');
      const foreign = app.requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== app.harness.origin);
      assert.deepEqual(foreign, []);
      const own = app.requests.filter((u) => u.startsWith(app.harness.origin)).length;
      assert.ok(own >= 4, `the session loaded its files (${own} requests)`);
      // The figure docs/RELIABILITY.md quotes.
      console.log(`# session: ${app.requests.length} requests, ${own} to ${app.harness.origin}, ${foreign.length} elsewhere`);
    },
    { goto: false },
  ));
