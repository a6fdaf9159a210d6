#!/usr/bin/env node
// The first screen, drawn from the page itself before the wasm has loaded: the app's own first frame on
// its built-in sample (toolbar, summary with the total and grade, review panel, the table's first lines),
// recorded at build time and replayed by a small script at the top of <body>. Trunk runs this after
// scripts/split.mjs (Trunk.toml, post_build hooks); docs/PERFORMANCE.md has what it buys and costs.
//
//   node scripts/first_screen.mjs          as Trunk's hook: TRUNK_STAGING_DIR, TRUNK_PROFILE from Trunk
//   JIXIAO_FIRST_SCREEN=0 …                no first screen: the page is blank until the app draws
//   JIXIAO_FIRST_SCREEN=1 …                record it, or fail the build (scripts/test.sh, scripts/bench.sh)
//   (unset)                                record it when Chromium is installed; else say so and skip
//
// How:
//  1. Headless Chromium opens the built page as a first visit does (no autosave, Chinese) and copies the
//     DOM the moment the app has drawn its total: the first frame, exactly as the app builds it. Input
//     values, which the app sets as properties, are written out as attributes.
//  2. The copy goes into an inline script at the top of <body>, which draws it only when the app is
//     going to start on that same sample in Chinese: no autosave and no English remembered in
//     localStorage (the keys of src/app/effects.rs). Otherwise the page stays blank as before, and the
//     app draws the saved work. The page's Content-Security-Policy allows that one script by its
//     sha256, added here, and still no other inline script. (Inline, not a file: a parser-blocking
//     request at the top of <body> measured about 50 ms later on screen.)
//  3. The copy is `inert` (no focus, no clicks, no input lost to a screen that cannot act on it) and
//     marked `data-first-screen`. When the app mounts, Yew clears <body> and draws the same frame live;
//     if the app cannot start, boot.js removes the copy before it shows why.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

import { firstVisitContext, launchChromium, missingBrowser, startServer } from './headless.mjs';

const MODE = process.env.JIXIAO_FIRST_SCREEN ?? 'auto';

/** The localStorage keys the app starts from (src/app/effects.rs AUTOSAVE_KEY and LANG_KEY). */
const AUTOSAVE_KEY = 'jixiao.autosave';
const LANG_KEY = 'jixiao.lang';

function log(message) {
  console.log(`first_screen.mjs: ${message}`);
}

function fail(message) {
  console.error(`first_screen.mjs: ${message}`);
  process.exit(1);
}

/**
 * In the page, before its scripts: copies the app's first frame into window.__firstScreen, as the first
 * screen draws it. (A first screen already on the page is not the app's frame: tests/e2e compares the two.)
 */
export const RECORD = () => {
  const observer = new MutationObserver(() => {
    const total = document.querySelector('[data-testid="total-computed"]');
    if (!total?.getAttribute('data-value') || total.closest('[data-first-screen]')) return;
    if (!document.querySelector('[data-testid="node"]')) return;
    observer.disconnect();
    const roots = [...document.body.children].filter((el) => !['SCRIPT', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName));
    if (roots.length !== 1) {
      window.__firstScreen = { error: `expected the app's one root element in <body>, found ${roots.length}` };
      return;
    }
    const copy = roots[0].cloneNode(true);
    // What the app set as properties, written as the attributes the HTML parser reads back.
    const live = roots[0].querySelectorAll('input, textarea, option');
    const copied = copy.querySelectorAll('input, textarea, option');
    live.forEach((el, i) => {
      const out = copied[i];
      if (el.tagName === 'OPTION') out.toggleAttribute('selected', el.selected);
      else if (el.tagName === 'TEXTAREA') out.textContent = el.value;
      else if (el.type === 'checkbox' || el.type === 'radio') out.toggleAttribute('checked', el.checked);
      else if (el.type !== 'file') out.setAttribute('value', el.value);
    });
    copy.setAttribute('data-first-screen', '');
    copy.setAttribute('inert', '');
    copy.setAttribute('aria-busy', 'true');
    window.__firstScreen = { html: copy.outerHTML, total: total.getAttribute('data-value') };
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-value'] });
};

async function record(staging) {
  const server = await startServer(staging);
  const browser = await launchChromium();
  try {
    const context = await firstVisitContext(browser);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(RECORD);
    await page.goto(server.url);
    await page.waitForFunction(() => window.__firstScreen, null, { timeout: 30_000 });
    const shot = await page.evaluate(() => window.__firstScreen);
    if (errors.length) throw new Error(`the app failed: ${errors.join('; ')}`);
    if (shot.error) throw new Error(shot.error);
    return shot;
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** A JS string literal that cannot end the inline <script> it is in (no `<` at all). */
const literal = (text) => JSON.stringify(text).replace(/</g, '\\u003c');

function script(html) {
  return `
// The app's first frame on its built-in sample, recorded at build time by scripts/first_screen.mjs:
// drawn while the app loads, only when the app will start on that sample in Chinese. Yew replaces it.
(() => {
  let sample = true;
  try {
    sample = localStorage.getItem(${JSON.stringify(AUTOSAVE_KEY)}) === null && localStorage.getItem(${JSON.stringify(LANG_KEY)}) !== 'en';
  } catch (_) {
    // Storage refused: the app cannot restore anything either, and starts on the sample.
  }
  if (sample) document.currentScript.insertAdjacentHTML('afterend', ${literal(html)});
})();
`;
}

/** The page's Content-Security-Policy with `hash` added to script-src (there must be a policy). */
function allowScript(html, hash) {
  let found = false;
  const out = html.replace(/(<meta http-equiv="Content-Security-Policy" content=")([^"]*)"/, (_, start, policy) => {
    found = true;
    const directives = policy.split(';').map((d) => d.trim()).filter(Boolean);
    const i = directives.findIndex((d) => d.startsWith('script-src '));
    if (i < 0) throw new Error('the Content-Security-Policy has no script-src');
    directives[i] = `${directives[i]} ${hash}`;
    return `${start}${directives.join('; ')}"`;
  });
  if (!found) throw new Error('index.html has no Content-Security-Policy <meta> to allow the script in');
  return out;
}

async function main() {
  if (MODE === '0') return;
  if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') return;
  const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
  if (!staging) fail("no staging directory: run as Trunk's post_build hook, or pass one");
  const missing = missingBrowser();
  if (missing.length) {
    const message = `no first screen: missing ${missing.join(', ')}`;
    if (MODE === '1') fail(message);
    log(`${message}; the page stays blank until the app draws`);
    return;
  }
  const indexFile = path.join(staging, 'index.html');
  try {
    const html = fs.readFileSync(indexFile, 'utf8');
    // The last <body> tag is the page's: the inlined stylesheets before it may mention one in a comment.
    const body = [...html.matchAll(/<body\b[^>]*>/g)].at(-1);
    if (!body || body.index < html.lastIndexOf('</head>')) throw new Error('index.html has no <body> after its </head>');
    const shot = await record(staging);
    const code = script(shot.html);
    new vm.Script(code, { filename: 'first screen' }); // generated from a template: it must at least parse
    const hash = `'sha256-${crypto.createHash('sha256').update(code, 'utf8').digest('base64')}'`;
    const at = body.index + body[0].length;
    let page = `${html.slice(0, at)}\n    <script data-first-screen-script>${code}</script>${html.slice(at)}`;
    page = allowScript(page, hash);
    fs.writeFileSync(indexFile, page);
    log(`${(code.length / 1024).toFixed(1)} KiB inline, allowed by ${hash}; the seed's total ${shot.total}`);
  } catch (error) {
    // An optimisation: unless it was asked for, a failure leaves the page as Trunk built it.
    if (MODE === '1') fail(error.stack ?? String(error));
    log(`no first screen, recording it failed: ${error.stack ?? error}`);
  }
}

// Run as a script (Trunk's hook); imported, it only lends RECORD to the tests.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
