#!/usr/bin/env node
// The benchmark's browser half: run by scripts/bench.sh after it has built everything into bench/out/.
// Never part of the tests (scripts/test.sh): figures here are wall-clock times on a shared machine.
//
//   node bench/run.mjs            (reads bench/out/, writes bench/out/results.json and docs/PERFORMANCE.md)
//
// Environment: BENCH_RUNS (page loads per app, default 15), BENCH_OPEN_RUNS (opens of the big file,
// each followed by BENCH_KEYS keystrokes; defaults 7 and 40), BENCH_ENGINE_RUNS (default 11).
//
// Everything is served by scripts/static_server.mjs on 127.0.0.1 (started and stopped here) and driven
// in Debian's headless Chromium through playwright-core. Each figure is measured in the page itself,
// on the page's clock (performance.now(), navigation start = 0; an input event's timeStamp):
// - "on screen" is the frame after the DOM change: the requestAnimationFrame callback that follows
//   it, then a posted message (which runs once that frame's style, layout and paint are done);
// - every page load and every open is a fresh browser context (cold HTTP cache, empty localStorage).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { crateSizes, crateOf, topFunctions } from './wasm_crates.mjs';
// The same browser and flags as the E2E suite.
import { CHROMIUM, CHROMIUM_ARGS, startServer } from '../tests/e2e/lib/app.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'out');
const require = createRequire(path.join(ROOT, 'tests', 'e2e', 'package.json'));
const { chromium } = require('playwright-core');

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const OPEN_RUNS = Number(process.env.BENCH_OPEN_RUNS ?? 7);
const KEYS = Number(process.env.BENCH_KEYS ?? 40);
const ENGINE_RUNS = Number(process.env.BENCH_ENGINE_RUNS ?? 11);
const ENGINE_INDICATORS = 100_000;
const EXPERIMENT_RUNS = Number(process.env.BENCH_EXPERIMENT_RUNS ?? 2);
const EXPERIMENT_KEYS = Number(process.env.BENCH_EXPERIMENT_KEYS ?? 20);
const COMMAND = 'make bench   # = scripts/bench.sh';
const LOAD_AT_START = os.loadavg()[0];


const DIRS = {
  // BENCH_APP_DIR: another build in its place, for an A/B comparison with BENCH_ONLY (writes nothing).
  app: process.env.BENCH_APP_DIR ? path.resolve(process.env.BENCH_APP_DIR) : path.join(OUT, 'dist-app'),
  // The same build without its first screen (made here by `withoutFirstScreen`): what the first screen costs.
  plain: path.join(OUT, 'dist-app-plain'),
  floor: path.join(ROOT, 'bench', 'floor', 'dist'),
  floorWhole: path.join(ROOT, 'bench', 'floor', 'dist-whole'),
  bench: path.join(OUT, 'dist-bench'),
  names: path.join(OUT, 'dist-names'),
  method: path.join(ROOT, 'bench', 'method'),
};
/** A generated evaluation (engine_bench generate N): its file, total, and the cell the edits type into. */
function generated(n) {
  const file = path.join(OUT, `evaluation-${n}.json`);
  const meta = JSON.parse(fs.readFileSync(path.join(OUT, `evaluation-${n}.meta.json`), 'utf8'));
  return { ...meta, file };
}
const BIG = path.join(OUT, 'evaluation-2000.json');
const BIG_META = generated(2000);
/** Lines a table drawn whole draws in its first frame (src/app/window.rs, FIRST_FRAME_LINES). */
const FIRST_FRAME_LINES = 16;

/** The sizes the scaling experiment edits at: the seed as the app opens it, and smaller generated files. */
const SCALE = [
  { indicators: 54, file: null, edit_indicator: 'dept-07', edit_actual: '13' },
  ...[500, 1000].filter((n) => fs.existsSync(path.join(OUT, `evaluation-${n}.json`))).map(generated),
];
/** The native side of the engine figures (scripts/bench.sh builds it: engine_bench, release). */
const NATIVE_BIN = process.env.BENCH_NATIVE_BIN ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target'), 'release', 'examples', 'engine_bench');
function native(...args) {
  return JSON.parse(execFileSync(NATIVE_BIN, args.map(String), { encoding: 'utf8', maxBuffer: 1 << 26 }));
}
const NAMES_WASM = path.join(OUT, 'names', 'jixiao-web_bg.wasm');
const SEED_TOTAL = '97.7794';

// ---------------------------------------------------------------------------------------------
// Statistics

const sorted = (xs) => [...xs].sort((a, b) => a - b);
function median(xs) {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
/** Nearest-rank percentile. */
function percentile(xs, p) {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const summary = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });

// ---------------------------------------------------------------------------------------------
// Servers

/** The E2E suite's static server on a free loopback port, remembering the folder it serves. */
async function serve(dir) {
  return { ...(await startServer(dir)), dir };
}

// ---------------------------------------------------------------------------------------------
// In-page instrumentation, installed before any of the page's scripts.

const INSTRUMENT = () => {
  const B = (window.__bench = { wasm: null, scored: null });
  addEventListener('TrunkApplicationStarted', (e) => {
    B.wasm = e.detail?.wasm ?? null;
    B.started = performance.now();
  });
  const total = () => document.querySelector('[data-testid="total-computed"]');
  /** Calls back with (frame, painted): the next frame's start, and once that frame has been drawn. */
  const afterPaint = (cb) =>
    requestAnimationFrame(() => {
      const frame = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => cb(frame, performance.now());
      channel.port2.postMessage(0);
    });

  // Time to a scored table: the total has its value and the table has rows. Three moments, each with
  // the frame that draws it: the first scored table on the page (`dom`, `frame`, `painted`), which is
  // the first screen (scripts/first_screen.mjs) where the build has one; the app's own, drawn by the
  // running app (`own`); and the app's whole table, once its first frame's top has been completed
  // (`whole`). Without a first screen the first two are the same.
  const ownTotal = () => [...document.querySelectorAll('[data-testid="total-computed"]')].find((el) => !el.closest('[data-first-screen]'));
  const scoredTotal = (el) => el?.getAttribute('data-value') && el.closest('body')?.querySelector('[data-testid="node"]');
  const wholeTable = () =>
    [...document.querySelectorAll('[data-testid="score-table"]:not([data-partial])')].some((el) => !el.closest('[data-first-screen]'));
  const pending = { own: true, whole: true };
  const settle = () => {
    if (B.scored.painted && B.scored.ownPainted !== undefined && B.scored.whole !== undefined) B.scored.done = true;
  };
  const loadObserver = new MutationObserver(() => {
    if (!B.scored) {
      const el = total();
      if (!scoredTotal(el)) return;
      const table = document.querySelector('[data-testid="score-table"]');
      B.scored = { dom: performance.now(), value: el.getAttribute('data-value'), partial: table?.hasAttribute('data-partial') ?? false, firstScreen: !!el.closest('[data-first-screen]') };
      afterPaint((frame, painted) => {
        Object.assign(B.scored, { frame, painted });
        settle();
      });
    }
    if (pending.own && scoredTotal(ownTotal())) {
      pending.own = false;
      B.scored.ownDom = performance.now();
      afterPaint((_, painted) => {
        B.scored.ownPainted = painted;
        settle();
      });
    }
    if (pending.whole && wholeTable()) {
      pending.whole = false;
      afterPaint((_, painted) => {
        B.scored.whole = painted;
        settle();
      });
    }
    if (!pending.own && !pending.whole) loadObserver.disconnect();
  });
  loadObserver.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-value', 'data-partial'] });

  const rows = () => document.querySelectorAll('[data-testid="indicator"]').length;
  /** The indicators the table holds (a long table draws only the rows near the viewport). */
  const tableIndicators = () => Number(document.querySelector('[data-testid="score-table"]')?.getAttribute('data-indicators'));
  const timeout = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms));

  /** Resolves when the total reads `expected` and the table holds `expectedRows` indicators with its first rows drawn, once
   *  painted; t0 = the file input's change event. */
  B.armOpen = (expected, expectedRows) => {
    let t0 = null;
    document.addEventListener('change', (e) => (t0 = e.timeStamp), { capture: true, once: true });
    const done = new Promise((resolve) => {
      const finish = (dom) =>
        afterPaint((frame, painted) => {
          if (tableIndicators() !== expectedRows || rows() === 0 || total()?.getAttribute('data-value') !== expected) return finish(dom);
          resolve({ t0, dom, frame, painted, rows: rows() });
        });
      const observer = new MutationObserver(() => {
        if (total()?.getAttribute('data-value') === expected) {
          observer.disconnect();
          finish(performance.now());
        }
      });
      observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-value'] });
    });
    B.openDone = Promise.race([done, timeout(30_000, 'open')]);
  };

  /** Resolves when the total's value next changes, once drawn; t0 = the next keydown's timeStamp. */
  B.armEdit = () => {
    let t0 = null;
    addEventListener('keydown', (e) => (t0 = e.timeStamp), { capture: true, once: true });
    const el = total();
    const before = el.getAttribute('data-value');
    const done = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const now = el.getAttribute('data-value');
        if (now === before) return;
        const dom = performance.now();
        observer.disconnect();
        afterPaint((frame, painted) => resolve({ t0, dom, frame, painted, value: now }));
      });
      observer.observe(el, { attributes: true, attributeFilter: ['data-value'] });
    });
    B.editDone = Promise.race([done, timeout(10_000, 'edit')]);
  };
};

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript(INSTRUMENT);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => d.accept().catch(() => {}));
  return { context, page, errors };
}

// ---------------------------------------------------------------------------------------------
// 1 and 2: transfer size and time to a scored table, app and floor alternating in one browser.

/** The files of a build the page does not load at the start: the split's second module. */
function laterModules(dir) {
  return fs
    .readdirSync(dir)
    .filter((name) => /-later-[0-9a-f]+\.wasm$/.test(name))
    .map((name) => ({ rel: name, raw: fs.statSync(path.join(dir, name)).size, gzip: gzipSize(path.join(dir, name)) }));
}

/** A build that is one module loads every file it has: their gzipped sizes, summed. */
function wholeBuild(dir) {
  if (!fs.existsSync(dir)) return null;
  const files = fs.readdirSync(dir).map((name) => ({ raw: fs.statSync(path.join(dir, name)).size, gzip: gzipSize(path.join(dir, name)) }));
  return { raw: files.reduce((a, f) => a + f.raw, 0), gzip: files.reduce((a, f) => a + f.gzip, 0) };
}

/**
 * A copy of the build at `from` without its first screen (scripts/first_screen.mjs): the inline script
 * and its hash in the Content-Security-Policy taken out, nothing else changed.
 */
function withoutFirstScreen(from, to) {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
  const file = path.join(to, 'index.html');
  const html = fs.readFileSync(file, 'utf8');
  const plain = html.replace(/\s*<script data-first-screen-script>[\s\S]*?<\/script>/, '').replace(/ 'sha256-[^']+'/, '');
  // A build without one (an A/B run of BENCH_APP_DIR) serves as its own plain copy; the report needs one.
  if (plain === html && !process.env.BENCH_ONLY) throw new Error(`${from}/index.html has no first screen (built with JIXIAO_FIRST_SCREEN=1?)`);
  fs.writeFileSync(file, plain);
}

function gzipSize(file) {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

/** The seed, as the autosave a returning visit starts from. */
const SEED_AUTOSAVE = fs.readFileSync(path.join(ROOT, 'src', 'presets', 'seed-2023.json'), 'utf8');

/**
 * One load, measured. `returning`: a visit to a page visited before, its work autosaved: a first
 * visit (with a pointer move, so that the split's second module is fetched as a user's first input
 * does) leaves the browser's caches warm, the seed goes into the autosave, and the reload is measured.
 */
async function loadOnce(browser, server, { returning = false } = {}) {
  const { context, page, errors } = await newPage(browser);
  const responses = [];
  page.on('response', (r) => responses.push({ url: r.url(), status: r.status() }));
  try {
    await page.goto(server.url);
    await page.waitForFunction(() => window.__bench.scored?.done, null, { timeout: 30_000, polling: 100 });
    if (returning) {
      const later = page.waitForResponse(/-later-[0-9a-f]+\.wasm$/, { timeout: 10_000 }).catch(() => null);
      await page.mouse.move(200, 200);
      await later;
      await page.evaluate((seed) => localStorage.setItem('jixiao.autosave', seed), SEED_AUTOSAVE);
      responses.length = 0;
      await page.reload();
      await page.waitForFunction(() => window.__bench.scored?.done, null, { timeout: 30_000, polling: 100 });
    }
    const scored = await page.evaluate(() => window.__bench.scored);
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      return { responseEnd: n.responseEnd, wasmReceived: wasm?.responseEnd ?? null, started: window.__bench.started ?? null };
    });
    const files = responses
      .filter((r) => r.url.startsWith(server.url))
      .map((r) => {
        const rel = decodeURIComponent(new URL(r.url).pathname).replace(/^\//, '') || 'index.html';
        const file = path.join(server.dir, rel.endsWith('/') ? rel + 'index.html' : rel);
        return { rel, status: r.status, raw: fs.statSync(file).size, gzip: gzipSize(file) };
      });
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return { scored, nav, files };
  } finally {
    await context.close();
  }
}

async function loads(browser, app, floor, plain) {
  const out = { app: [], floor: [], plain: [], returning: [] };
  const sites = [
    ['app', app],
    ['floor', floor],
    ['plain', plain],
    ['returning', app, { returning: true }],
  ];
  // One warm-up each (the browser's first page pays for process start-up), not counted.
  for (const [, server, options] of sites) await loadOnce(browser, server, options);
  for (let i = 0; i < RUNS; i += 1) {
    // Each in each position in turn.
    const order = sites.map((_, k) => sites[(i + k) % sites.length]);
    for (const [name, server, options] of order) out[name].push(await loadOnce(browser, server, options));
  }
  if (out.returning.some((x) => x.scored.firstScreen)) throw new Error('a returning visit with its work autosaved was shown the first screen');
  const value = out.app[0].scored.value;
  if (value !== SEED_TOTAL) throw new Error(`the app's total is ${value}, not the seed's ${SEED_TOTAL}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// 3, 4 and 6: open the 2,000-indicator file, memory, then keystrokes in one of its cells.

async function openBig(page, cdp, big = BIG_META) {
  await page.evaluate(([total, rows]) => window.__bench.armOpen(total, rows), [big.total, big.indicators]);
  await page.locator('[data-testid="open-file"]').setInputFiles(big.file);
  return page.evaluate(() => window.__bench.openDone);
}

async function memory(page, cdp) {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__bench.wasm?.memory?.buffer?.byteLength ?? null);
  const dom = await cdp.send('Memory.getDOMCounters').catch(() => null);
  return {
    jsHeapUsed: heap.usedSize,
    jsHeapTotal: heap.totalSize,
    // Blink's own heap (the DOM), where Chromium reports it: outside the budget's "JS heap".
    embedderHeapUsed: heap.embedderHeapUsedSize ?? null,
    wasmMemory: wasm,
    domNodes: dom?.nodes ?? null,
  };
}

async function editCell(page, big = BIG_META) {
  const input = page.locator(`[data-testid="indicator"][data-indicator-id="${big.edit_indicator}"] [data-testid="actual-input"]`);
  // A long table draws the rows near the viewport: scroll down a screen at a time until the row is drawn.
  for (let screens = 0; (await input.count()) === 0; screens += 1) {
    if (screens > 500) throw new Error(`${big.edit_indicator} never drawn`);
    await page.evaluate(() => window.scrollBy(0, window.innerHeight));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  }
  await input.scrollIntoViewIfNeeded();
  await input.click();
  await page.keyboard.press('End');
  return input;
}

/** One keystroke: alternately deletes the last digit of "13" and types it back, so each changes the total. */
async function keystroke(page, i, big = BIG_META) {
  await page.evaluate(() => window.__bench.armEdit());
  await page.keyboard.press(i % 2 === 0 ? 'Backspace' : big.edit_actual.slice(-1));
  return page.evaluate(() => window.__bench.editDone);
}

/** Two keystrokes to warm up, not counted (the first edit also creates the undo history and the autosave). */
async function warmUp(page, big = BIG_META) {
  await keystroke(page, 0, big);
  await keystroke(page, 1, big);
}

/** After the warm-up, `count` keystrokes: each one's timings. */
async function timedKeystrokes(page, count, big = BIG_META) {
  await warmUp(page, big);
  const edits = [];
  for (let k = 0; k < count; k += 1) edits.push(await keystroke(page, k, big));
  return edits;
}

/** A keystroke's latency: its keydown to the frame drawn with the new total. */
const latencyOf = (e) => e.painted - e.t0;

/** The reference page (bench/method/index.html): the same keystrokes on a page that only copies the
 *  value into the watched element, in the same browser and run as the app's: a gauge of the machine. */
async function referenceKeystrokes(browser, server, runs = OPEN_RUNS) {
  const latencies = [];
  for (let run = 0; run < runs; run += 1) {
    const { context, page } = await newPage(browser);
    try {
      await page.goto(server.url);
      await page.locator('[data-testid="actual-input"]').click();
      await page.keyboard.press('End');
      latencies.push(...(await timedKeystrokes(page, KEYS)).map(latencyOf));
    } finally {
      await context.close();
    }
  }
  return { median: median(latencies), p95: percentile(latencies, 95), n: latencies.length };
}

/**
 * The first keystroke after a load, on the seed: the cell focused without a pointer event (no
 * background fetch of the split's second module has begun), so the keystroke's handler loads that
 * module itself, synchronously: the worst case. The next keystroke, for comparison.
 */
async function firstEdits(browser, server, runs = OPEN_RUNS) {
  const first = [];
  const second = [];
  let laterFetched = 0;
  for (let run = 0; run < runs; run += 1) {
    const { context, page, errors } = await newPage(browser);
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    try {
      await page.goto(server.url);
      await page.waitForFunction(() => window.__bench.scored?.done, null, { timeout: 30_000, polling: 100 });
      const input = page.locator('[data-testid="indicator"][data-indicator-id="dept-07"] [data-testid="actual-input"]');
      await input.focus();
      await page.evaluate(() => {
        const el = document.activeElement;
        el.setSelectionRange(el.value.length, el.value.length);
      });
      for (const [key, into] of [['7', first], ['Backspace', second]]) {
        await page.evaluate(() => window.__bench.armEdit());
        await page.keyboard.press(key);
        into.push(latencyOf(await page.evaluate(() => window.__bench.editDone)));
      }
      if (requests.some((u) => /-later-[0-9a-f]+\.wasm$/.test(u))) laterFetched += 1;
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    } finally {
      await context.close();
    }
  }
  return { first: summary(first), second: summary(second), runs, laterFetched };
}

async function openAndEdit(browser, server) {
  const runs = [];
  for (let run = 0; run < OPEN_RUNS + 1; run += 1) {
    const { context, page, errors } = await newPage(browser);
    try {
      await page.goto(server.url);
      await page.waitForFunction(() => window.__bench.scored?.done, null, { timeout: 30_000, polling: 100 });
      const cdp = await context.newCDPSession(page);
      const open = await openBig(page, cdp);
      const mem = await memory(page, cdp);
      await editCell(page);
      const edits = await timedKeystrokes(page, KEYS);
      const memAfterEdits = await memory(page, cdp);
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      // The first context is the warm-up.
      if (run > 0) runs.push({ open, mem, memAfterEdits, edits });
    } finally {
      await context.close();
    }
  }
  return runs;
}

// ---------------------------------------------------------------------------------------------
// Where an edit's time goes: a Chromium trace (script / style / layout / paint) and a CPU profile of
// the same build kept with its function names (dist-names: the shipped code, names not stripped).

async function profileEdits(browser, server) {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(server.url);
    await page.waitForFunction(() => window.__bench.scored?.done, null, { timeout: 30_000, polling: 100 });
    const cdp = await context.newCDPSession(page);

    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const opened = await openBig(page, cdp);
    const openTrace = JSON.parse((await browser.stopTracing()).toString('utf8'));

    await editCell(page);
    await warmUp(page);
    const count = 10;
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    for (let k = 0; k < count; k += 1) await keystroke(page, k);
    const editTrace = JSON.parse((await browser.stopTracing()).toString('utf8'));

    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    for (let k = 0; k < count; k += 1) await keystroke(page, k);
    const { profile } = await cdp.send('Profiler.stop');

    const seed = await traceSeedEdits(browser, server, count);
    return {
      seed,
      open: { wall: opened.painted - opened.t0, ...tracePhases(openTrace, 1) },
      phases: tracePhases(editTrace, count),
      cpu: cpuProfile(profile, count),
    };
  } finally {
    await context.close();
  }
}

/** The same traced keystrokes on the seed sample (54 indicators), as the app opens. */
async function traceSeedEdits(browser, server, count) {
  const seed = SCALE[0];
  const { context, page } = await newPage(browser);
  try {
    await page.goto(server.url);
    await page.waitForFunction(() => window.__bench.scored?.done, null, { timeout: 30_000, polling: 100 });
    await editCell(page, seed);
    await warmUp(page, seed);
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const edits = [];
    for (let k = 0; k < count; k += 1) edits.push(await keystroke(page, k, seed));
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
    return { latency: median(edits.map(latencyOf)), ...tracePhases(trace, count) };
  } finally {
    await context.close();
  }
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'blink.user_timing', 'loading'];

/**
 * Main-thread time by phase, divided by `count`, from a devtools.timeline trace of the page's renderer
 * main thread (the CrRendererMain that laid out and painted the most; a fresh context has others).
 */
function tracePhases(trace, count) {
  const events = trace.traceEvents ?? trace;
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  let best = null;
  for (const m of mains) {
    const own = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X');
    const layouts = own.filter((e) => e.name === 'Layout' || e.name === 'Paint').length;
    const busy = own.filter((e) => e.name === 'RunTask').reduce((a, e) => a + (e.dur ?? 0), 0);
    if (!best || layouts > best.layouts || (layouts === best.layouts && busy > best.busy)) best = { pid: m.pid, tid: m.tid, busy, layouts };
  }
  if (!best) return null;
  const main = events.filter((e) => e.pid === best.pid && e.tid === best.tid && e.ph === 'X' && typeof e.dur === 'number');
  const sum = (names) => main.filter((e) => names.includes(e.name)).reduce((a, e) => a + e.dur, 0) / 1000 / count;
  const busy = sum(['RunTask']);
  const style = sum(['UpdateLayoutTree']);
  const layout = sum(['Layout']);
  const paint = sum(['PrePaint', 'Paint', 'Layerize', 'Commit', 'UpdateLayer']);
  const gc = sum(['MinorGC', 'MajorGC']);
  const parse = sum(['ParseHTML', 'ParseAuthorStyleSheet']);
  // Part of "script": V8 compiling the wasm on the main thread, as the bytes stream in and each
  // function on its first call (lazy compilation).
  const compile = sum(['wasm.CompileLazy', 'v8.wasm.compileConsume']);
  // For keystrokes: the key's events (the browser's editing of the input, with the app's input handler
  // nested in them) and the input events alone (the app: reducer, Yew's render, effects such as autosave).
  const type = (e) => e.args?.data?.type;
  const keys = main.filter((e) => e.name === 'EventDispatch' && ['keydown', 'keypress'].includes(type(e)));
  const inputs = main.filter((e) => e.name === 'EventDispatch' && type(e) === 'input');
  const within = (e, outer) => outer.some((o) => o !== e && e.ts >= o.ts && e.ts + e.dur <= o.ts + o.dur);
  const keyTotal = keys.filter((e) => !within(e, keys)).reduce((a, e) => a + e.dur, 0) / 1000 / count;
  const inputTotal = inputs.reduce((a, e) => a + e.dur, 0) / 1000 / count;
  const inputNested = inputs.filter((e) => within(e, keys)).reduce((a, e) => a + e.dur, 0) / 1000 / count;
  return {
    busy,
    script: Math.max(0, busy - style - layout - paint - gc - parse),
    style,
    layout,
    paint,
    gc,
    parse,
    compile,
    ...(keys.length ? { keyEvents: keyTotal, inputHandler: inputTotal, browserEditing: keyTotal - inputNested } : {}),
  };
}

/** Self time per keystroke, by where it ran (wasm by crate) and by function. */
function cpuProfile(profile, keystrokes) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i += 1) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const byFunction = new Map();
  const byGroup = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id).callFrame;
    const name = (frame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}$/, '');
    if (name === '(idle)') continue;
    total += us;
    const wasm = frame.url.endsWith('.wasm') || frame.url.startsWith('wasm://');
    let group;
    let crate;
    if (wasm) {
      crate = crateOf(name);
      group = `wasm: ${crate}`;
    } else if (name === '(program)') {
      crate = 'browser';
      group = '(program): browser work outside any script (style, layout, paint, DOM internals)';
    } else if (name.startsWith('(')) {
      crate = 'browser';
      group = name;
    } else if (frame.url === '') {
      crate = 'browser';
      group = 'browser built-ins called from script (localStorage, TextDecoder, DOM setters…)';
    } else {
      crate = 'js';
      group = 'JS glue (wasm-bindgen)';
    }
    byGroup.set(group, (byGroup.get(group) ?? 0) + us);
    const key = `${crate}|${name}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const toMs = (us) => us / 1000 / keystrokes;
  return {
    totalMs: toMs(total),
    groups: [...byGroup].map(([group, us]) => ({ group, ms: toMs(us) })).sort((a, b) => b.ms - a.ms),
    functions: [...byFunction]
      .map(([key, us]) => ({ crate: key.split('|')[0], name: key.slice(key.indexOf('|') + 1), ms: toMs(us) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 25),
  };
}

/** A sampled CPU profile of one page load of the build with function names, up to the scored table. */
async function profileLoad(browser, server) {
  const { context, page } = await newPage(browser);
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await page.goto(server.url);
    await page.waitForFunction(() => window.__bench.scored?.done, null, { timeout: 30_000, polling: 100 });
    const { profile } = await cdp.send('Profiler.stop');
    return cpuProfile(profile, 1);
  } finally {
    await context.close();
  }
}

/** One traced page load of each app (after the measured ones): main-thread phases up to the scored table. */
async function traceLoad(browser, server) {
  const { context, page } = await newPage(browser);
  try {
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.goto(server.url);
    await page.waitForFunction(() => window.__bench.scored?.done, null, { timeout: 30_000, polling: 100 });
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
    const timing = await page.evaluate(() => {
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      return { wasmReceived: wasm?.responseEnd ?? null, started: window.__bench.started ?? null, ...window.__bench.scored };
    });
    return { timing, phases: tracePhases(trace, 1) };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// What the table's rendering choices buy, measured on the shipped build without changing it: the same
// keystrokes with a stylesheet injected that undoes one of them, and on smaller files. Fewer runs: these
// size the choices, they are not budgets.

const EXPERIMENTS = [
  { id: 'baseline', label: 'as shipped' },
  {
    id: 'no-layers',
    label: 'the table\'s rows without their own paint layers (injected stylesheet)',
    css: '.score-table tbody tr { position: static; z-index: auto; }',
  },
  {
    id: 'chunk-layers',
    label: 'paint layers per chunk of 50 lines instead of per row (injected stylesheet)',
    css: '.score-table tbody tr { position: static; z-index: auto; } .score-table tbody[data-chunk] { position: relative; z-index: 0; }',
  },
  {
    id: 'cell-containment',
    label: 'the table\'s cells with `contain: content`, as the previous round shipped (injected stylesheet)',
    css: '.score-table td { contain: content; }',
  },
];

async function experiments(browser, server, runs, keys) {
  const out = [];
  for (const exp of EXPERIMENTS) {
    const latencies = [];
    const domRows = [];
    for (let run = 0; run < runs; run += 1) {
      const { context, page } = await newPage(browser);
      try {
        if (exp.init) await context.addInitScript(exp.init);
        await page.goto(server.url);
        await page.waitForFunction(() => window.__bench.scored?.done, null, { timeout: 30_000, polling: 100 });
        const cdp = await context.newCDPSession(page);
        await openBig(page, cdp);
        if (exp.css) await page.addStyleTag({ content: exp.css });
        for (const id of exp.fold ?? []) {
          await page.locator(`[data-testid="node"][data-node-id="${id}"] [data-testid="fold"]`).click();
        }
        domRows.push(await page.locator('[data-testid="indicator"]').count());
        await editCell(page);
        latencies.push(...(await timedKeystrokes(page, keys)).map(latencyOf));
      } finally {
        await context.close();
      }
    }
    out.push({ id: exp.id, label: exp.label, rows: domRows[0], median: median(latencies), p95: percentile(latencies, 95), n: latencies.length });
  }
  // The same keystrokes at smaller sizes: how the latency grows with the rows in the table.
  for (const big of SCALE) {
    const latencies = [];
    for (let run = 0; run < runs; run += 1) {
      const { context, page } = await newPage(browser);
      try {
        await page.goto(server.url);
        await page.waitForFunction(() => window.__bench.scored?.done, null, { timeout: 30_000, polling: 100 });
        if (big.file) await openBig(page, null, big);
        await editCell(page, big);
        latencies.push(...(await timedKeystrokes(page, keys, big)).map(latencyOf));
      } finally {
        await context.close();
      }
    }
    const label = big.file ? `${big.indicators} indicators (generated)` : `${big.indicators} indicators: the seed sample itself`;
    out.push({ id: `size-${big.indicators}`, label, rows: big.indicators, median: median(latencies), p95: percentile(latencies, 95), n: latencies.length });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 5: the engine in wasm (the bench build's exported functions), and the reducer step by step.

async function engineWasm(browser, server, fileText) {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(server.url);
    await page.waitForFunction(() => window.__bench.scored?.done, null, { timeout: 30_000, polling: 100 });
    const result = await page.evaluate(
      ([n, runs, text, id, actual]) => {
        const b = window.wasmBindings;
        const timed = (fn, count) => {
          fn();
          const ms = [];
          for (let i = 0; i < count; i += 1) {
            const t = performance.now();
            fn();
            ms.push(performance.now() - t);
          }
          return ms;
        };
        const t = performance.now();
        const count = b.bench_prepare(n);
        const prepareMs = performance.now() - t;
        const score = timed(() => b.bench_score(), runs);
        const wasmMemoryAfter100k = window.__bench.wasm?.memory?.buffer?.byteLength ?? null;
        const total2000 = b.bench_open(text);
        const load = timed(() => b.bench_load(text), runs);
        let k = 0;
        const step = timed(() => b.bench_step(id, k++ % 2 ? actual : actual.slice(0, -1)), runs);
        const rescore = timed(() => b.bench_rescore(), runs);
        const toJson = timed(() => b.bench_to_json(), runs);
        const json = b.bench_to_json();
        const storage = timed(() => localStorage.setItem('bench-probe', 'x'.repeat(json)), runs);
        localStorage.removeItem('bench-probe');
        return { count, prepareMs, score, wasmMemoryAfter100k, total2000, load, step, rescore, toJson, storage };
      },
      [ENGINE_INDICATORS, ENGINE_RUNS, fileText, BIG_META.edit_indicator, BIG_META.edit_actual],
    );
    if (result.count !== ENGINE_INDICATORS) throw new Error(`bench_prepare made ${result.count} indicators`);
    if (result.total2000 !== BIG_META.total && !result.total2000.startsWith(BIG_META.total)) {
      // The engine's exact total may carry trailing zeros the file's display does not.
      if (Number(result.total2000) !== Number(BIG_META.total)) throw new Error(`bench_open total ${result.total2000}, expected ${BIG_META.total}`);
    }
    return result;
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The report

const ms = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const fmt = (s, unit = ' ms', f = ms) => `${f(s.median)}${unit} (${f(s.min)}–${f(s.max)})`;
const verdict = (ok) => (ok ? '**pass**' : '**miss**');
const over = (value, budget) => `${((value / budget - 1) * 100).toFixed(0)} % over`;

function gitState() {
  try {
    const commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    // The report itself, rewritten by every run, does not make the measured code uncommitted.
    const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no', '--', '.', ':!docs/PERFORMANCE.md'], { encoding: 'utf8' }).trim();
    return dirty ? `${commit} with uncommitted changes` : commit;
  } catch {
    return 'unknown';
  }
}

function report(r) {
  const L = [];
  const p = (s = '') => L.push(s);
  const t = r.transfer;
  const B = r.budgets;
  p('# Performance');
  p();
  p('Measured by the benchmark, never by the tests: every figure below is a wall-clock measurement on the');
  p('machine described at the end, on a release build (`opt-level = "z"`, LTO, `wasm-opt -Oz`) served from');
  p('127.0.0.1 to headless Chromium. Figures are **median (min–max)** over the stated number of runs.');
  p();
  p('Reproduce (builds what it needs, takes a few minutes, rewrites this file):');
  p();
  p('```sh');
  p(COMMAND);
  p('BENCH_RUNS=15 BENCH_OPEN_RUNS=7 BENCH_KEYS=40 BENCH_ENGINE_RUNS=11 scripts/bench.sh   # the defaults, spelled out');
  p('```');
  p();
  p(`Measured ${r.when} at ${r.git}, ${r.machine}.`);
  p();
  p('## Budgets');
  p();
  p('| # | figure | measured | budget | verdict |');
  p('|---|---|---|---|---|');
  for (const row of B) p(`| ${row.n} | ${row.figure} | ${row.measured} | ${row.budget} | ${verdict(row.ok)}${row.ok ? '' : ` (${row.by})`} |`);
  p();
  p('## 1. Transfer size');
  p();
  p(`Every file the page loads, each gzipped (\`gzip -9\`), summed; the same set in each of ${RUNS} loads (min = max).`);
  p();
  p('| file | app raw | app gzip | | floor file | floor raw | floor gzip |');
  p('|---|---|---|---|---|---|---|');
  const kinds = (files) => {
    const by = {};
    for (const f of files) {
      const kind = f.rel.endsWith('.wasm') ? 'wasm' : f.rel.endsWith('.js') ? 'js' : f.rel.endsWith('.css') ? 'css' : f.rel.endsWith('.html') ? 'html' : 'other';
      by[kind] ??= { count: 0, raw: 0, gzip: 0 };
      by[kind].count += 1;
      by[kind].raw += f.raw;
      by[kind].gzip += f.gzip;
    }
    return by;
  };
  const ak = kinds(t.appFiles);
  const fk = kinds(t.floorFiles);
  for (const kind of ['html', 'js', 'wasm', 'css', 'other']) {
    if (!ak[kind] && !fk[kind]) continue;
    const a = ak[kind] ?? { count: 0, raw: 0, gzip: 0 };
    const f = fk[kind] ?? { count: 0, raw: 0, gzip: 0 };
    p(`| ${kind} (${a.count}) | ${kb(a.raw)} | ${kb(a.gzip)} | | ${kind} (${f.count}) | ${kb(f.raw)} | ${kb(f.gzip)} |`);
  }
  p(`| **total** | ${kb(t.appRaw)} | **${kb(t.app.median)}** | | **total** | ${kb(t.floorRaw)} | **${kb(t.floor.median)}** |`);
  p();
  p(`Ratio app / floor: **${t.ratio.toFixed(2)}×** (budget 2.5×). No fonts are loaded: the stylesheets use the system's.`);
  p();
  p(
    'Both are built the same way: `trunk build --release`, then split by `scripts/split.mjs` into what the first screen runs, which the page loads, and the rest, which it fetches on the first pointer move, key, touch or drag. ' +
      'Not in the table, because the page does not load them at the start:',
  );
  p();
  for (const [who, files] of [['app', t.later ?? []], ['floor', t.floorLater ?? []]]) {
    for (const f of files) p(`- the ${who}'s second module, ${kb(f.raw)}, ${kb(f.gzip)} gzipped;`);
  }
  const laterApp = (t.later ?? []).reduce((a, f) => a + f.gzip, 0);
  p(`- so a visit to the app that edits has loaded ${kb(t.app.median + laterApp)} gzipped in all, in two steps.`);
  if (t.floorWhole) {
    p();
    p(`The floor kept as one module, as the earlier rounds measured it, loads ${kb(t.floorWhole.gzip)} gzipped: against that floor the app's first load is ${(t.app.median / t.floorWhole.gzip).toFixed(2)}×. The budget's verdict above compares like with like, both split.`);
  }
  p(`The single-file build (\`make single\`) is ${kb(r.single.raw)}, ${kb(r.single.gzip)} gzipped (the wasm inlined as base64 costs about a third more than the binary, gzip takes most of it back).`);
  p();
  p('The floor (`bench/floor/`) is a Yew page with the same crates and features (rust_decimal, serde,');
  p('serde_json with arbitrary_precision and preserve_order) and the same release profile, rendering a');
  p('five-row table and a Decimal total parsed from JSON: the cost of the stack before any of the app.');
  p();
  p('### What each crate contributes to the wasm');
  p();
  const c = r.crates;
  p(`From the name section of the same code kept whole, with its names (\`wasm-opt -Oz -g\` on the Cargo artifact the shipped build was split from). Code ${kb(c.codeBytes)}, data ${kb(c.dataBytes)} (of which the three built-in presets' JSON, embedded by \`include_str!\`, are ${kb(c.presetBytes)}), ${c.functions} functions. Attributed by \`bench/wasm_crates.mjs\` (standard-library generics count for the crate they were instantiated for):`);
  p();
  p('| crate | code | share | functions |');
  p('|---|---|---|---|');
  for (const row of c.crates.slice(0, 16)) p(`| ${row.crate} | ${kb(row.bytes)} | ${((100 * row.bytes) / c.codeBytes).toFixed(1)} % | ${row.functions} |`);
  const rest = c.crates.slice(16);
  if (rest.length) p(`| ${rest.length} others | ${kb(rest.reduce((a, x) => a + x.bytes, 0))} | ${((100 * rest.reduce((a, x) => a + x.bytes, 0)) / c.codeBytes).toFixed(1)} % | ${rest.reduce((a, x) => a + x.functions, 0)} |`);
  p();
  p('Within `jixiao`, by module:');
  p();
  p('| module | code |');
  p('|---|---|');
  for (const row of c.modules.slice(0, 10)) p(`| ${row.module} | ${kb(row.bytes)} |`);
  p();
  p('Largest functions:');
  p();
  p('| bytes | crate | function |');
  p('|---|---|---|');
  for (const f of c.top.slice(0, 10)) p(`| ${f.bytes} | ${f.crate} | \`${f.name.replace(/\|/g, '\\|').slice(0, 150)}\` |`);
  p();
  p('## 2. Time to a scored table');
  p();
  p(`Navigation start to the frame after the seed sample's table and total (\`data-testid="total-computed"\`) appear, for the app and the floor's first render, alternating in the same browser with the app's build taken without its first screen, ${RUNS} fresh contexts each (cold cache, empty storage).`);
  p();
  p(`The app's page draws its first screen before the wasm has arrived: the app's own first frame on the seed, recorded by the build (\`scripts/first_screen.mjs\`), drawn by an inline script when the app is going to start on that sample (no saved work, no English remembered), inert until the running app clears it and draws the same frame live. The first column is when a scored table is first on screen; the second when the running app's is.`);
  p();
  p('| | first on screen (frame drawn) | the running app\'s on screen | DOM has the total | HTML received | the whole table on screen |');
  p('|---|---|---|---|---|---|');
  p(`| app | **${fmt(r.ttst.app)}** | ${fmt(r.ttst.appOwn)} | ${fmt(r.ttst.appDom)} | ${fmt(r.ttst.appHtml)} | ${fmt(r.ttst.appWhole)} |`);
  p(`| the same build without its first screen | ${fmt(r.ttst.plain)} | (the same frame) | | | ${fmt(r.ttst.plainWhole)} |`);
  p(`| floor | **${fmt(r.ttst.floor)}** | (the same frame) | ${fmt(r.ttst.floorDom)} | ${fmt(r.ttst.floorHtml)} | (the same frame) |`);
  if (r.ttst.returning) p(`| the app, a returning visit (its work autosaved, the files cached): no first screen | ${fmt(r.ttst.returning)} | (the same frame) | | | ${fmt(r.ttst.returningWhole)} |`);
  p();
  p(`The app's first frame draws the toolbar, the summary with the total, the review panel and the table's first ${FIRST_FRAME_LINES} lines (more than the 1440 × 900 viewport shows); the next frame draws the table's other lines (\`src/app/window.rs\`, \`FIRST_FRAME_LINES\`). The last column is when that frame is on screen.`);
  p();
  p(`Ratio app / floor (medians): **${r.ttst.ratio.toFixed(2)}×** (budget 1.5×). The running app's own table against the floor: ${(r.ttst.appOwn.median / r.ttst.floor.median).toFixed(2)}×; the same build without its first screen: ${(r.ttst.plain.median / r.ttst.floor.median).toFixed(2)}×.`);
  p();
  p('Where the time goes (medians of the measured loads; then one traced load of each, main thread):');
  p();
  p('| | wasm received | wasm instantiated, \`main\` run (TrunkApplicationStarted) | total in the DOM | frame drawn |');
  p('|---|---|---|---|---|');
  p(`| app | ${ms(r.ttst.appWasm.median)} ms | ${ms(r.ttst.appStarted.median)} ms | ${ms(r.ttst.appDom.median)} ms (first screen) | ${ms(r.ttst.app.median)} ms (first screen), ${ms(r.ttst.appOwn.median)} ms (the app's) |`);
  p(`| the same build without its first screen | | ${ms(r.ttst.plainStarted.median)} ms | | ${ms(r.ttst.plain.median)} ms |`);
  p(`| floor | ${ms(r.ttst.floorWasm.median)} ms | ${ms(r.ttst.floorStarted.median)} ms | ${ms(r.ttst.floorDom.median)} ms | ${ms(r.ttst.floor.median)} ms |`);
  p();
  phaseTable(p, [
    ['app, one traced load', r.ttst.traces.app.phases],
    ['floor, one traced load', r.ttst.traces.floor.phases],
  ]);
  p('## 3. Edit latency at 2,000 indicators');
  p();
  p(`\`bench/out/evaluation-2000.json\` (${BIG_META.indicators} indicators, ${kb(BIG_META.bytes)}) is generated from the seed's own indicators (\`src/bench.rs\`, \`engine_bench generate\`) and opened through the app's file input. Then, in the actual cell of \`${BIG_META.edit_indicator}\` (a copy of dept-07, mid-table), ${KEYS} keystrokes per run alternately delete and retype the last digit of "${BIG_META.edit_actual}", each changing the total; the latency is the keydown's timestamp to the frame drawn after the total's \`data-value\` changed. ${OPEN_RUNS} runs (fresh context each) after a warm-up run; two warm-up keystrokes per run.`);
  p();
  p('| | median | p95 |');
  p('|---|---|---|');
  p(`| keystroke → total on screen, all ${r.edit.all.length} keystrokes pooled | **${ms(r.edit.pooledMedian)} ms** | **${ms(r.edit.pooledP95)} ms** |`);
  p(`| per run (median of runs, min–max) | ${fmt(r.edit.runMedians)} | ${fmt(r.edit.runP95s)} |`);
  p(`| keystroke → the next frame starts (its requestAnimationFrame, pooled) | ${ms(r.edit.frameMedian)} ms | ${ms(r.edit.frameP95)} ms |`);
  p(`| keystroke → total in the DOM (pooled) | ${ms(r.edit.domMedian)} ms | ${ms(r.edit.domP95)} ms |`);
  p();
  if (r.edit.method) {
    p(`For scale, a reference page measured in the same run: the same keystrokes on a page whose input handler only copies the value into the watched element (\`bench/method/index.html\`: the wait for the next frame and its drawing, no app) take **${ms(r.edit.method.median)} ms** median, ${ms(r.edit.method.p95)} ms p95 (${r.edit.method.n} keystrokes). It is a gauge of the machine's state during the run, not a floor to subtract: a page with nothing else to draw can wait longer for its next frame than a busy one.`);
  }
  if (r.firstEdit) {
    const f = r.firstEdit;
    p();
    p(`The first keystroke after the page loads, on the seed (dept-07's actual cell focused without a pointer event, so no background fetch of the split's second module has begun and the keystroke loads it itself: the worst case; ${f.runs} fresh loads, the module fetched in ${f.laterFetched}): **${fmt(f.first)}**; the keystroke after it ${fmt(f.second)}.`);
  }
  p();
  p('## 4. Open latency');
  p();
  p(`The file input's \`change\` event to the frame drawn with the new total and the table's first rows, ${OPEN_RUNS} runs: **${fmt(r.open.painted)}** (total in the DOM: ${fmt(r.open.dom)}). A table this long is windowed: ${r.open.rows ?? 'n/a'} of the ${BIG_META.indicators} indicator rows are drawn at the top, the rest as they are scrolled to (\`src/app/window.rs\`).`);
  p();
  p(`One traced open (${ms(r.profile.open.wall)} ms), main thread:`);
  p();
  phaseTable(p, [['open, 2,000 indicators', r.profile.open]]);
  p('## 5. Engine throughput');
  p();
  p(`\`score()\` on a synthetic evaluation of ${ENGINE_INDICATORS.toLocaleString('en')} indicators (the same generator on both sides, \`jixiao::bench::synthetic\`), ${ENGINE_RUNS} timed runs after one warm-up. Native: \`cargo run --release --features bench --example engine_bench -- score ${ENGINE_INDICATORS} ${ENGINE_RUNS}\`; wasm: the same function exported by a build with the \`bench\` feature (\`bench/out/dist-bench\`, not shipped), timed in the page.`);
  p();
  p('| | score(), 100,000 indicators | per indicator |');
  p('|---|---|---|');
  p(`| native (${r.engine.native.n} runs: ${ENGINE_RUNS} before and ${ENGINE_RUNS} after the wasm ones) | ${fmt(r.engine.native)} | ${((r.engine.native.median / ENGINE_INDICATORS) * 1e6).toFixed(0)} ns |`);
  p(`| wasm (Chromium) | ${fmt(r.engine.wasm)} | ${((r.engine.wasm.median / ENGINE_INDICATORS) * 1e6).toFixed(0)} ns |`);
  p();
  p(`Ratio wasm / native: **${r.engine.ratio.toFixed(2)}×** (budget 3×).`);
  p();
  p('## 6. Memory');
  p();
  p(`After opening the 2,000-indicator file, a forced garbage collection, ${OPEN_RUNS} runs: JS heap used + wasm linear memory = **${fmt(r.memory.total, ' MiB', (v) => (v / 1024 / 1024).toFixed(1))}**.`);
  p();
  p('| | after opening | after the keystrokes too |');
  p('|---|---|---|');
  p(`| JS heap used | ${fmt(r.memory.js, ' MiB', (v) => (v / 1024 / 1024).toFixed(1))} | ${fmt(r.memory.jsAfter, ' MiB', (v) => (v / 1024 / 1024).toFixed(1))} |`);
  p(`| wasm memory | ${fmt(r.memory.wasm, ' MiB', (v) => (v / 1024 / 1024).toFixed(1))} | ${fmt(r.memory.wasmAfter, ' MiB', (v) => (v / 1024 / 1024).toFixed(1))} |`);
  p(`| DOM nodes | ${r.memory.domNodes ?? 'n/a'} | |`);
  if (r.memory.embedder) p(`| not counted: Blink's own heap (the DOM) | ${fmt(r.memory.embedder, ' MiB', (v) => (v / 1024 / 1024).toFixed(1))} | |`);
  p();
  p('Wasm memory only grows (the allocator keeps what it once needed), so it reports the high-water mark.');
  p();
  p('## Where an edit\'s time goes');
  p();
  p('Renderer main thread per keystroke, from a Chromium trace of 10 keystrokes at 2,000 indicators (`devtools.timeline`;');
  p('"script" is everything in tasks that is not style, layout, paint or GC: the wasm, its JS glue, the DOM calls');
  p('and the browser\'s own handling of the key in the input):');
  p();
  phaseTable(p, [
    ['one keystroke, 2,000 indicators', r.profile.phases],
    ['one keystroke, the seed (54 indicators)', r.profile.seed],
  ]);
  p('The same keystrokes by event: the key\'s events (keydown/keypress), in which the browser edits the input');
  p('(with a forced layout of the page) and, nested in them, fires the `input` event the app handles (its');
  p('reducer, Yew\'s render and effects such as the autosave, all synchronous); the rest is the frame.');
  p();
  p('| | edit latency, median | key events | the browser\'s editing | the app\'s input handler | the rest: the frame (style, layout, paint) and other tasks |');
  p('|---|---|---|---|---|---|');
  for (const [label, ph, lat] of [
    ['2,000 indicators', r.profile.phases, r.edit.pooledMedian],
    ['the seed (54 indicators)', r.profile.seed, r.profile.seed?.latency],
  ]) {
    if (!ph?.keyEvents) continue;
    p(`| ${label} | ${ms(lat)} ms | ${ms(ph.keyEvents)} ms | ${ms(ph.browserEditing)} ms | ${ms(ph.inputHandler)} ms | ${ms(ph.busy - ph.keyEvents)} ms |`);
  }
  p();
  p(`The same steps outside Yew and the DOM, per keystroke (median of ${ENGINE_RUNS}), on the opened 2,000-indicator file:`);
  p();
  p('| step | wasm (Chromium) | native |');
  p('|---|---|---|');
  const w = r.reducer.wasm;
  const n = r.reducer.native;
  p(`| the reducer's step (\`AppState::step(Input)\`: clone, apply, score, deltas, changed inputs, losses) | ${ms(median(w.step))} ms | ${ms(median(n.step_ms))} ms |`);
  p(`| of which \`score()\` alone | ${ms(median(w.rescore))} ms | ${ms(median(n.score_ms))} ms |`);
  p(`| the autosave's \`format::to_json\` (runs after every change) | ${ms(median(w.toJson))} ms | ${ms(median(n.to_json_ms))} ms |`);
  p(`| the autosave's \`localStorage.setItem\` of that text | ${ms(median(w.storage))} ms | |`);
  p(`| opening: \`format::load_str\` of the file | ${ms(median(w.load))} ms | ${ms(n.load_ms)} ms |`);
  p();
  const cpu = r.profile.cpu;
  p(`CPU profile of 10 keystrokes (sampling every 0.1 ms; self time per keystroke, ${ms(cpu.totalMs)} ms sampled in all), on \`bench/out/dist-names\`: the shipped build with its function names kept:`);
  p();
  p('| where | ms per keystroke |');
  p('|---|---|');
  for (const g of cpu.groups.slice(0, 12)) p(`| ${g.group} | ${ms(g.ms)} |`);
  p();
  p('| function | crate | ms per keystroke |');
  p('|---|---|---|');
  for (const f of cpu.functions.slice(0, 15)) p(`| \`${f.name.replace(/\|/g, '\\|').slice(0, 140)}\` | ${f.crate} | ${ms(f.ms)} |`);
  p();
  p("## What the table's rendering choices buy");
  p();
  p(`Measured on the shipped build without changing it (${EXPERIMENT_RUNS} runs × ${EXPERIMENT_KEYS} keystrokes each, so rougher than the figures above): with a stylesheet injected that undoes one of the table's rendering choices, and on smaller files.`);
  p();
  p('| variant | indicator rows in the DOM | edit latency, median | p95 |');
  p('|---|---|---|---|');
  for (const e of r.experiments) p(`| ${e.label} | ${e.rows} | ${ms(e.median)} ms | ${ms(e.p95)} ms |`);
  p();
  p(ANALYSIS_MARKER);
  p();
  p('## Machine');
  p();
  p(`${r.machine}; Chromium ${r.chromium} headless (\`${CHROMIUM_ARGS.join(' ')}\`), Node ${process.version}. The machine is shared with`);
  const load = r.load ? ` (load average ${r.load.start.toFixed(1)} when this run started, ${r.load.end.toFixed(1)} when it ended, on ${os.cpus().length} cores)` : '';
  p(`other builds${load}:`);
  p('single runs vary, as the min–max columns show; medians are what the budgets are checked against.');
  p();
  return L.join('\n');
}

function phaseTable(p, rows) {
  p('| | main thread busy | script (of which compiling wasm) | style | layout | paint, layerize, commit | GC | parse |');
  p('|---|---|---|---|---|---|---|---|');
  for (const [label, ph] of rows) {
    if (!ph) continue;
    const compile = ph.compile ? ` (${ms(ph.compile)} ms)` : '';
    p(`| ${label} | ${ms(ph.busy)} ms | ${ms(ph.script)} ms${compile} | ${ms(ph.style)} ms | ${ms(ph.layout)} ms | ${ms(ph.paint)} ms | ${ms(ph.gc)} ms | ${ms(ph.parse)} ms |`);
  }
  p();
}

// The hand-written analysis (why each budget is missed and what would close it) lives in
// bench/analysis.md and is spliced in here, so the generated figures and the reasoning stay side by side.
const ANALYSIS_MARKER = '<!-- analysis -->';

/**
 * The figures bench/analysis.md may quote as {{name}}, so that its reasoning is rewritten with each run's
 * numbers. An unknown name is left as is and reported.
 */
function fillIn(text, r) {
  const crate = (name) => r.crates.crates.find((c) => c.crate === name)?.bytes ?? 0;
  const module = (prefix) => r.crates.modules.filter((m) => m.module.startsWith(prefix)).reduce((a, m) => a + m.bytes, 0);
  const w = r.reducer.wasm;
  const firstModule = r.transfer.appFiles.filter((f) => f.rel.endsWith('.wasm'));
  const later = r.transfer.later ?? [];
  const laterGzip = later.reduce((a, f) => a + f.gzip, 0);
  const vars = {
    transfer_ratio: r.transfer.ratio.toFixed(2),
    app_gzip: kb(r.transfer.app.median),
    floor_gzip: kb(r.transfer.floor.median),
    budget_gzip: kb(2.5 * r.transfer.floor.median),
    excess_gzip: kb(r.transfer.app.median - 2.5 * r.transfer.floor.median),
    wasm_raw: kb(r.transfer.appFiles.filter((f) => f.rel.endsWith('.wasm')).reduce((a, f) => a + f.raw, 0)),
    code: kb(r.crates.codeBytes),
    data: kb(r.crates.dataBytes),
    presets: kb(r.crates.presetBytes),
    yew: kb(crate('yew')),
    std: kb(crate('std')),
    jixiao: kb(crate('jixiao')),
    export_code: kb(module('jixiao::export') + module('jixiao::app::components::export_menu')),
    first_raw: kb(firstModule.reduce((a, f) => a + f.raw, 0)),
    first_gzip: kb(firstModule.reduce((a, f) => a + f.gzip, 0)),
    later_raw: kb(later.reduce((a, f) => a + f.raw, 0)),
    later_gzip: kb(laterGzip),
    with_later_gzip: kb(r.transfer.app.median + laterGzip),
    floor_whole_gzip: r.transfer.floorWhole ? kb(r.transfer.floorWhole.gzip) : 'n/a',
    ratio_whole_floor: r.transfer.floorWhole ? (r.transfer.app.median / r.transfer.floorWhole.gzip).toFixed(2) : 'n/a',
    floor_later_gzip: kb((r.transfer.floorLater ?? []).reduce((a, f) => a + f.gzip, 0)),
    first_edit: r.firstEdit ? ms(r.firstEdit.first.median) : 'n/a',
    first_edit_next: r.firstEdit ? ms(r.firstEdit.second.median) : 'n/a',
    ttst_ratio: r.ttst.ratio.toFixed(2),
    ttst_app: ms(r.ttst.app.median),
    app_html: ms(r.ttst.appHtml.median),
    ttst_floor: ms(r.ttst.floor.median),
    edit_median: ms(r.edit.pooledMedian),
    edit_p95: ms(r.edit.pooledP95),
    edit_dom: ms(r.edit.domMedian),
    open: ms(r.open.painted.median),
    open_dom: ms(r.open.dom.median),
    engine_ratio: r.engine.ratio.toFixed(2),
    engine_native: ms(r.engine.native.median),
    engine_wasm: ms(r.engine.wasm.median),
    memory: (r.memory.total.median / 2 ** 20).toFixed(1),
    memory_js: (r.memory.js.median / 2 ** 20).toFixed(1),
    memory_wasm: (r.memory.wasm.median / 2 ** 20).toFixed(1),
    dom_nodes: String(r.memory.domNodes ?? 'n/a'),
    busy: ms(r.profile.phases?.busy ?? 0),
    script: ms(r.profile.phases?.script ?? 0),
    style: ms(r.profile.phases?.style ?? 0),
    layout: ms(r.profile.phases?.layout ?? 0),
    paint: ms(r.profile.phases?.paint ?? 0),
    gc: ms(r.profile.phases?.gc ?? 0),
    step: ms(median(w.step)),
    score: ms(median(w.rescore)),
    to_json: ms(median(w.toJson)),
    storage: ms(median(w.storage)),
    load: ms(median(w.load)),
    native_step: ms(median(r.reducer.native.step_ms)),
    native_score: ms(median(r.reducer.native.score_ms)),
    app_wasm_received: ms(r.ttst.appWasm.median),
    floor_wasm_received: ms(r.ttst.floorWasm.median),
    app_started: ms(r.ttst.appStarted.median),
    floor_started: ms(r.ttst.floorStarted.median),
    app_dom: ms(r.ttst.appDom.median),
    floor_dom: ms(r.ttst.floorDom.median),
    app_first_frame: ms(r.ttst.app.median - r.ttst.appDom.median),
    app_whole: r.ttst.appWhole ? ms(r.ttst.appWhole.median) : 'n/a',
    app_own: ms(r.ttst.appOwn.median),
    app_own_ratio: (r.ttst.appOwn.median / r.ttst.floor.median).toFixed(2),
    plain: ms(r.ttst.plain.median),
    plain_ratio: (r.ttst.plain.median / r.ttst.floor.median).toFixed(2),
    plain_started: ms(r.ttst.plainStarted.median),
    first_screen_cost: ms(r.ttst.appOwn.median - r.ttst.plain.median),
    returning: r.ttst.returning ? ms(r.ttst.returning.median) : 'n/a',
    returning_ratio: r.ttst.returning ? (r.ttst.returning.median / r.ttst.floor.median).toFixed(2) : 'n/a',
    first_screen_gain: ms(r.ttst.plain.median - r.ttst.app.median),
    app_compile: ms(r.ttst.traces.app.phases?.compile ?? 0),
    floor_compile: ms(r.ttst.traces.floor.phases?.compile ?? 0),
    method_median: r.edit.method ? ms(r.edit.method.median) : 'n/a',
    floor_first_frame: ms(r.ttst.floor.median - r.ttst.floorDom.median),
    open_script: ms(r.profile.open?.script ?? 0),
    open_style: ms(r.profile.open?.style ?? 0),
    open_layout: ms(r.profile.open?.layout ?? 0),
    open_paint: ms(r.profile.open?.paint ?? 0),
    cpu_yew: ms(r.profile.cpu.groups.find((g) => g.group === 'wasm: yew')?.ms ?? 0),
    cpu_jixiao: ms(r.profile.cpu.groups.find((g) => g.group === 'wasm: jixiao')?.ms ?? 0),
    cpu_alloc: ms((r.profile.cpu.groups.find((g) => g.group === 'wasm: dlmalloc')?.ms ?? 0) + (r.profile.cpu.groups.find((g) => g.group === 'wasm: std')?.ms ?? 0)),
    cpu_wasm: ms(r.profile.cpu.groups.filter((g) => g.group.startsWith('wasm:')).reduce((a, g) => a + g.ms, 0)),
    seed_latency: ms(r.profile.seed?.latency ?? 0),
    seed_editing: ms(r.profile.seed?.browserEditing ?? 0),
    seed_handler: ms(r.profile.seed?.inputHandler ?? 0),
    seed_render: ms((r.profile.seed?.style ?? 0) + (r.profile.seed?.layout ?? 0) + (r.profile.seed?.paint ?? 0)),
    seed_frame: ms((r.profile.seed?.busy ?? 0) - (r.profile.seed?.keyEvents ?? 0)),
    big_editing: ms(r.profile.phases?.browserEditing ?? 0),
    big_handler: ms(r.profile.phases?.inputHandler ?? 0),
    big_frame: ms((r.profile.phases?.busy ?? 0) - (r.profile.phases?.keyEvents ?? 0)),
    dom_per_row: String(Math.round((r.memory.domNodes ?? 0) / BIG_META.indicators)),
    blink_heap: r.memory.embedder ? (r.memory.embedder.median / 2 ** 20).toFixed(1) : 'n/a',
  };
  for (const e of r.experiments ?? []) {
    vars[`exp_${e.id.replace(/-/g, '_')}`] = ms(e.median);
    vars[`exp_${e.id.replace(/-/g, '_')}_p95`] = ms(e.p95);
  }
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name) => {
    if (name in vars) return vars[name];
    console.warn(`bench/analysis.md: unknown figure {{${name}}}`);
    return whole;
  });
}

function writeReport(results) {
  let md = report(results);
  const analysisFile = path.join(ROOT, 'bench', 'analysis.md');
  const analysis = fs.existsSync(analysisFile) ? fs.readFileSync(analysisFile, 'utf8').trim() : '';
  md = md.replace(ANALYSIS_MARKER, fillIn(analysis, results));
  fs.writeFileSync(path.join(ROOT, 'docs', 'PERFORMANCE.md'), md + '\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  // Rewrites docs/PERFORMANCE.md from the last run's bench/out/results.json (after editing bench/analysis.md).
  if (process.argv.includes('--report-only')) {
    const results = JSON.parse(fs.readFileSync(path.join(OUT, 'results.json'), 'utf8'));
    writeReport(results);
    return;
  }
  const servers = {};
  let browser = null;
  try {
    withoutFirstScreen(DIRS.app, DIRS.plain);
    for (const [name, dir] of Object.entries(DIRS)) servers[name] = await serve(dir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
    const chromiumVersion = browser.version();

    // For working on this script: BENCH_ONLY=profile,experiments,traceload,openedit,firstedit (and loads, loadprofile) prints those parts and writes nothing.
    if (process.env.BENCH_ONLY) {
      const only = process.env.BENCH_ONLY.split(',');
      const part = {};
      if (only.includes('loads')) {
        const l = await loads(browser, servers.app, servers.floor, servers.plain);
        const pick = (runs, f) => summary(runs.map(f));
        part.loads = {
          app: pick(l.app, (x) => x.scored.painted),
          floor: pick(l.floor, (x) => x.scored.painted),
          appStarted: pick(l.app, (x) => x.nav.started),
          appOwn: pick(l.app, (x) => x.scored.ownPainted),
          plain: pick(l.plain, (x) => x.scored.painted),
          plainStarted: pick(l.plain, (x) => x.nav.started),
          returning: pick(l.returning, (x) => x.scored.painted),
          appWasm: pick(l.app, (x) => x.nav.wasmReceived),
          floorWasm: pick(l.floor, (x) => x.nav.wasmReceived),
          appGzip: l.app[0].files.reduce((a, f) => a + f.gzip, 0),
          floorGzip: l.floor[0].files.reduce((a, f) => a + f.gzip, 0),
        };
        part.loads.ratio = part.loads.app.median / part.loads.floor.median;
        part.loads.transferRatio = part.loads.appGzip / part.loads.floorGzip;
      }
      if (only.includes('firstedit')) part.firstedit = await firstEdits(browser, servers.app);
      if (only.includes('loadprofile')) part.loadprofile = await profileLoad(browser, servers.names);
      if (only.includes('traceload')) part.traceload = { app: await traceLoad(browser, servers.app), floor: await traceLoad(browser, servers.floor) };
      if (only.includes('profile')) part.profile = await profileEdits(browser, servers.names);
      if (only.includes('experiments')) part.experiments = await experiments(browser, servers.app, EXPERIMENT_RUNS, EXPERIMENT_KEYS);
      if (only.includes('openedit')) {
        const runs = await openAndEdit(browser, servers.app);
        const lat = runs.flatMap((r) => r.edits.map(latencyOf));
        part.openedit = {
          open: runs.map((r) => Math.round(r.open.painted - r.open.t0)),
          rowsDrawn: runs.map((r) => r.open.rows),
          editMedian: median(lat),
          editP95: percentile(lat, 95),
          method: await referenceKeystrokes(browser, servers.method),
          domNodes: runs.map((r) => r.mem.domNodes),
        };
      }
      console.log(JSON.stringify(part, null, 2));
      return;
    }

    console.log(`loads: ${RUNS} × app and floor`);
    const l = await loads(browser, servers.app, servers.floor, servers.plain);
    const sumGzip = (run) => run.files.reduce((a, f) => a + f.gzip, 0);
    const sumRaw = (run) => run.files.reduce((a, f) => a + f.raw, 0);
    const transfer = {
      app: summary(l.app.map(sumGzip)),
      floor: summary(l.floor.map(sumGzip)),
      appRaw: sumRaw(l.app[0]),
      floorRaw: sumRaw(l.floor[0]),
      appFiles: l.app[0].files,
      floorFiles: l.floor[0].files,
      // The split's second modules (scripts/split.mjs): shipped, not loaded with the page.
      later: laterModules(DIRS.app),
      floorLater: laterModules(DIRS.floor),
      // The floor as one module, as the earlier rounds measured it.
      floorWhole: wholeBuild(DIRS.floorWhole),
    };
    transfer.ratio = transfer.app.median / transfer.floor.median;
    const ttst = {
      app: summary(l.app.map((x) => x.scored.painted)),
      appDom: summary(l.app.map((x) => x.scored.dom)),
      appWhole: summary(l.app.map((x) => x.scored.whole)),
      appHtml: summary(l.app.map((x) => x.nav.responseEnd)),
      floor: summary(l.floor.map((x) => x.scored.painted)),
      floorDom: summary(l.floor.map((x) => x.scored.dom)),
      floorHtml: summary(l.floor.map((x) => x.nav.responseEnd)),
      appWasm: summary(l.app.map((x) => x.nav.wasmReceived)),
      floorWasm: summary(l.floor.map((x) => x.nav.wasmReceived)),
      appStarted: summary(l.app.map((x) => x.nav.started)),
      floorStarted: summary(l.floor.map((x) => x.nav.started)),
      // The running app's own scored table, with the first screen before it and without.
      appOwn: summary(l.app.map((x) => x.scored.ownPainted)),
      plain: summary(l.plain.map((x) => x.scored.painted)),
      plainWhole: summary(l.plain.map((x) => x.scored.whole)),
      plainStarted: summary(l.plain.map((x) => x.nav.started)),
      returning: summary(l.returning.map((x) => x.scored.painted)),
      returningWhole: summary(l.returning.map((x) => x.scored.whole)),
      firstScreen: l.app.every((x) => x.scored.firstScreen),
    };
    console.log('traced loads: one each');
    ttst.traces = { app: await traceLoad(browser, servers.app), floor: await traceLoad(browser, servers.floor) };
    ttst.ratio = ttst.app.median / ttst.floor.median;

    console.log(`open + edit: ${OPEN_RUNS} runs × ${KEYS} keystrokes`);
    const oe = await openAndEdit(browser, servers.app);
    console.log(`the reference page: ${OPEN_RUNS} runs × ${KEYS} keystrokes`);
    const method = await referenceKeystrokes(browser, servers.method);
    console.log(`the first keystroke after a load: ${OPEN_RUNS} loads`);
    const firstEdit = await firstEdits(browser, servers.app);
    const all = oe.flatMap((r) => r.edits.map(latencyOf));
    const edit = {
      all,
      pooledMedian: median(all),
      pooledP95: percentile(all, 95),
      runMedians: summary(oe.map((r) => median(r.edits.map(latencyOf)))),
      runP95s: summary(oe.map((r) => percentile(r.edits.map(latencyOf), 95))),
      domMedian: median(oe.flatMap((r) => r.edits.map((e) => e.dom - e.t0))),
      domP95: percentile(oe.flatMap((r) => r.edits.map((e) => e.dom - e.t0)), 95),
      frameMedian: median(oe.flatMap((r) => r.edits.map((e) => e.frame - e.t0))),
      frameP95: percentile(oe.flatMap((r) => r.edits.map((e) => e.frame - e.t0)), 95),
      method,
    };
    const open = {
      painted: summary(oe.map((r) => r.open.painted - r.open.t0)),
      dom: summary(oe.map((r) => r.open.dom - r.open.t0)),
      rows: oe[0].open.rows,
    };
    const memory = {
      js: summary(oe.map((r) => r.mem.jsHeapUsed)),
      wasm: summary(oe.map((r) => r.mem.wasmMemory)),
      total: summary(oe.map((r) => r.mem.jsHeapUsed + r.mem.wasmMemory)),
      jsAfter: summary(oe.map((r) => r.memAfterEdits.jsHeapUsed)),
      wasmAfter: summary(oe.map((r) => r.memAfterEdits.wasmMemory)),
      domNodes: oe[0].mem.domNodes,
      embedder: oe[0].mem.embedderHeapUsed == null ? null : summary(oe.map((r) => r.mem.embedderHeapUsed)),
    };

    console.log('profile: trace and CPU profile of 10 keystrokes');
    const profile = await profileEdits(browser, servers.names);

    console.log(`experiments: ${EXPERIMENTS.length} × ${EXPERIMENT_RUNS} runs × ${EXPERIMENT_KEYS} keystrokes`);
    const exps = await experiments(browser, servers.app, EXPERIMENT_RUNS, EXPERIMENT_KEYS);

    // Native and wasm one after the other, native both before and after: the machine's load changes.
    console.log(`engine: ${ENGINE_RUNS} runs at ${ENGINE_INDICATORS} indicators, native, wasm, native`);
    const nativeBefore = native('score', ENGINE_INDICATORS, ENGINE_RUNS);
    const ew = await engineWasm(browser, servers.bench, fs.readFileSync(BIG, 'utf8'));
    const nativeAfter = native('score', ENGINE_INDICATORS, ENGINE_RUNS);
    const NATIVE_REDUCER = native('reducer', BIG, ENGINE_RUNS);
    const engine = { native: summary([...nativeBefore.ms, ...nativeAfter.ms]), wasm: summary(ew.score) };
    engine.ratio = engine.wasm.median / engine.native.median;

    const sizes = crateSizes(NAMES_WASM);
    const data = Buffer.from(sizes.dataSegments);
    const presetBytes = fs
      .readdirSync(path.join(ROOT, 'src', 'presets'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => fs.readFileSync(path.join(ROOT, 'src', 'presets', f)))
      .filter((text) => data.indexOf(text.subarray(0, 256)) >= 0)
      .reduce((a, text) => a + text.length, 0);
    const modules = new Map();
    const wasmNames = (await import('./wasm_crates.mjs')).parseWasm(NAMES_WASM);
    for (const b of wasmNames.bodies) {
      const name = wasmNames.names.get(b.index) ?? '';
      if (crateOf(name) !== 'jixiao') continue;
      const m = /jixiao::((?:app::components::)?[a-z_]+|[a-z_]+)/.exec(name);
      const key = m ? `jixiao::${m[1]}` : 'jixiao (other)';
      modules.set(key, (modules.get(key) ?? 0) + b.size);
    }
    const crates = {
      codeBytes: sizes.codeBytes,
      dataBytes: sizes.dataBytes,
      functions: sizes.functions,
      presetBytes,
      crates: sizes.crates,
      modules: [...modules].map(([module, bytes]) => ({ module, bytes })).sort((a, b) => b.bytes - a.bytes),
      top: topFunctions(NAMES_WASM, 12),
    };
    const singleFile = path.join(ROOT, 'dist-single', 'jixiao.html');
    const single = fs.existsSync(singleFile) ? { raw: fs.statSync(singleFile).size, gzip: gzipSize(singleFile) } : { raw: 0, gzip: 0 };

    const mib = (b) => b / 1024 / 1024;
    const budgets = [
      { n: 1, figure: 'transfer, gzipped, app / floor', measured: `${transfer.ratio.toFixed(2)}× (${kb(transfer.app.median)} / ${kb(transfer.floor.median)}; both split${transfer.floorWhole ? `, ${(transfer.app.median / transfer.floorWhole.gzip).toFixed(2)}× against the floor kept whole` : ''})`, budget: '≤ 2.5×', ok: transfer.ratio <= 2.5, by: over(transfer.ratio, 2.5) },
      { n: 2, figure: 'time to a scored table, app / floor', measured: `${ttst.ratio.toFixed(2)}× (${ms(ttst.app.median)} / ${ms(ttst.floor.median)} ms)`, budget: '≤ 1.5×', ok: ttst.ratio <= 1.5, by: over(ttst.ratio, 1.5) },
      { n: 3, figure: 'edit latency at 2,000 indicators, median', measured: `${ms(edit.pooledMedian)} ms`, budget: '≤ 16 ms', ok: edit.pooledMedian <= 16, by: over(edit.pooledMedian, 16) },
      { n: 3, figure: 'edit latency at 2,000 indicators, p95', measured: `${ms(edit.pooledP95)} ms`, budget: '≤ 33 ms', ok: edit.pooledP95 <= 33, by: over(edit.pooledP95, 33) },
      { n: 4, figure: 'open latency, 2,000 indicators (1.1 MB)', measured: `${ms(open.painted.median)} ms`, budget: '≤ 300 ms', ok: open.painted.median <= 300, by: over(open.painted.median, 300) },
      { n: 5, figure: 'engine, wasm / native, 100,000 indicators', measured: `${engine.ratio.toFixed(2)}× (${ms(engine.wasm.median)} / ${ms(engine.native.median)} ms)`, budget: '≤ 3×', ok: engine.ratio <= 3, by: over(engine.ratio, 3) },
      { n: 6, figure: 'memory after opening, JS heap + wasm', measured: `${mib(memory.total.median).toFixed(1)} MiB`, budget: '≤ 64 MiB', ok: mib(memory.total.median) <= 64, by: over(mib(memory.total.median), 64) },
    ];
    const cpus = os.cpus();
    const results = {
      when: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      git: gitState(),
      machine: `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
      load: { start: LOAD_AT_START, end: os.loadavg()[0] },
      chromium: chromiumVersion,
      budgets,
      transfer,
      ttst,
      edit,
      firstEdit,
      open,
      memory,
      engine,
      reducer: { wasm: ew, native: NATIVE_REDUCER },
      engineWasm: { prepareMs: ew.prepareMs, wasmMemoryAfter100k: ew.wasmMemoryAfter100k },
      profile,
      experiments: exps,
      crates: { ...crates },
      single,
    };
    const { dataSegments, ...savedCrates } = results.crates;
    fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ ...results, crates: savedCrates }, null, 2));
    writeReport(results);
    console.log('\n' + budgets.map((b) => `${b.ok ? 'pass' : 'MISS'}  ${b.figure}: ${b.measured} (budget ${b.budget})`).join('\n'));
    console.log('\nwrote docs/PERFORMANCE.md and bench/out/results.json');
  } finally {
    if (browser) await browser.close().catch(() => {});
    await Promise.all(Object.values(servers).map((s) => s.stop()));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
