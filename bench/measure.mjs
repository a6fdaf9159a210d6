#!/usr/bin/env node
// The benchmark's measuring half: run by scripts/bench.sh after it has built everything into bench/out/.
// It drives headless Chromium and writes every figure to bench/out/results.json; bench/report.mjs turns
// that file into docs/PERFORMANCE.md. Never part of the tests (scripts/test.sh): these are wall-clock
// times on a shared machine, and nothing here fails on a slow figure.
//
//   node bench/measure.mjs       (reads bench/out/ and bench/floor/dist, writes bench/out/results.json)
//
// Environment: BENCH_RUNS (page loads of each of app, floor and single file, default 15),
// BENCH_OPEN_RUNS and BENCH_KEYS (opens of the 2,000-indicator file, each followed by that many
// keystrokes; defaults 7 and 40), BENCH_BIG_RUNS (the same at 10,000 indicators, default 5),
// BENCH_ENGINE_RUNS (default 11), BENCH_IMPORT_RUNS (timed imports of the 300-row workbook, default 15),
// BENCH_DESK_RUNS and BENCH_DESK_FILES (drops of that many files on the reviewer's desk, defaults 3 and
// 1,000), BENCH_REVIEW_FILES and BENCH_REVIEW_RUNS (`jixiao review` over that many copies of the sample,
// default 10,000 files, 3 runs). BENCH_ONLY=interactive,edit,profile,engine,import,desk,review measures
// only those parts and prints them (writes nothing; only the builds those parts need must exist;
// `import` alone serves dist/ (trunk build --release) when there is no bench/out/dist-app).
//
// What is measured, in this order (each section of docs/PERFORMANCE.md has the same number):
//   1. time to interactive, throttled: the app, the floor app (bench/floor) and the single file
//      (file://), alternating in one browser; 4. the size of what a visit that edits downloads, taken
//      from the same loads; then one traced and one profiled load for where the time goes;
//   2. and 3. open latency and edit latency at 2,000 and 10,000 indicators, unthrottled; 6. memory;
//   5. the engine in wasm against native.
// Everything is served by scripts/static_server.mjs on 127.0.0.1 (started and stopped here) and driven
// through bench/'s own playwright-core. Each figure is measured in the page, on the page's clock
// (performance.now(), navigation start = 0; an input event's timeStamp). "On screen" is the frame after
// the DOM change: the requestAnimationFrame callback that follows it, then a posted message (which runs
// once that frame's style, layout and paint are done). Every load is a fresh browser context (cold
// HTTP cache, empty localStorage).

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

import { CHROMIUM, CHROMIUM_ARGS, startServer } from '../scripts/headless.mjs';
import { median, percentile, summary } from './stats.mjs';
import { crateOf, crateSizes, parseWasm, topFunctions } from './wasm_crates.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'out');
const { chromium } = createRequire(path.join(ROOT, 'bench', 'package.json'))('playwright-core');

export const CONFIG = {
  runs: Number(process.env.BENCH_RUNS ?? 15),
  openRuns: Number(process.env.BENCH_OPEN_RUNS ?? 7),
  keys: Number(process.env.BENCH_KEYS ?? 40),
  bigRuns: Number(process.env.BENCH_BIG_RUNS ?? 5),
  engineRuns: Number(process.env.BENCH_ENGINE_RUNS ?? 11),
  reviewFiles: Number(process.env.BENCH_REVIEW_FILES ?? 10_000),
  reviewRuns: Number(process.env.BENCH_REVIEW_RUNS ?? 3),
  importRuns: Number(process.env.BENCH_IMPORT_RUNS ?? 15),
  importRows: 300,
  engineIndicators: 100_000,
  deskRuns: Number(process.env.BENCH_DESK_RUNS ?? 3),
  deskFiles: Number(process.env.BENCH_DESK_FILES ?? 1000),
  // The throttled profile of time to interactive, through the DevTools protocol.
  throttle: { cpuRate: 4, latencyMs: 20, mbit: 20 },
  viewport: { width: 1440, height: 900 },
};

const DIRS = {
  app: path.join(OUT, 'dist-app'),
  floor: path.join(ROOT, 'bench', 'floor', 'dist'),
  bench: path.join(OUT, 'dist-bench'),
  names: path.join(OUT, 'dist-names'),
  method: path.join(ROOT, 'bench', 'method'),
};
const SINGLE = path.join(ROOT, 'dist-single', 'jixiao.html');
const NAMES_WASM = path.join(OUT, 'names', 'jixiao-web_bg.wasm');
/** The CLI as it ships (`cargo build --profile cli`, scripts/bench.sh builds it), for `jixiao review`'s figures. */
const CLI_BIN = path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target'), 'cli', 'jixiao');
const NATIVE_BIN = process.env.BENCH_NATIVE_BIN ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target'), 'release', 'examples', 'engine_bench');
const SEED_TOTAL = '97.7794';
/** The seed's cell the time-to-interactive keystroke types into, and the digit it types after "13". */
const SEED_CELL = '[data-testid="indicator"][data-indicator-id="dept-07"] [data-testid="actual-input"]';
const SEED_DIGIT = '4';

/** A generated evaluation (engine_bench generate N): its file, total, and the cell the edits type into. */
function generated(n) {
  const file = path.join(OUT, `evaluation-${n}.json`);
  const meta = JSON.parse(fs.readFileSync(path.join(OUT, `evaluation-${n}.meta.json`), 'utf8'));
  return { ...meta, file };
}

function native(...args) {
  return JSON.parse(execFileSync(NATIVE_BIN, args.map(String), { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

/**
 * `jixiao review` (the CLI built with `--profile cli`) over `CONFIG.reviewFiles` copies of the sample (engine_bench
 * copies: 100 to a folder, each with its own department), `CONFIG.reviewRuns` times after one warm-up
 * run that fills the page cache: wall time, and user + system CPU time through GNU time.
 */
function reviewFolder() {
  const dir = path.join(OUT, `review-${CONFIG.reviewFiles}`);
  const made = `${dir}.json`; // beside the folder, not in it: the review would read it
  if (!fs.existsSync(made)) {
    fs.rmSync(dir, { recursive: true, force: true });
    const copies = JSON.parse(execFileSync(NATIVE_BIN, ['copies', String(CONFIG.reviewFiles), dir], { encoding: 'utf8' }));
    fs.writeFileSync(made, JSON.stringify(copies));
  }
  const copies = JSON.parse(fs.readFileSync(made, 'utf8'));
  const timed = () => {
    const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', CLI_BIN, 'review', dir, '--format', 'csv'], {
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Exit 1 (an evaluation with findings) is still a run; 2 (a file unreadable) is not what is measured.
    if (run.status !== 0 && run.status !== 1) throw new Error(`jixiao review exited ${run.status}: ${run.stderr}`);
    const [wall, user, sys, maxKib] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
    return { wall: wall * 1000, cpu: (user + sys) * 1000, maxRss: maxKib * 1024 };
  };
  timed();
  const runs = Array.from({ length: CONFIG.reviewRuns }, timed);
  return {
    files: copies.copies,
    bytes: copies.bytes,
    cores: os.cpus().length,
    wall: summary(runs.map((x) => x.wall)),
    cpu: summary(runs.map((x) => x.cpu)),
    maxRss: Math.max(...runs.map((x) => x.maxRss)),
  };
}

const gzipSize = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

// ---------------------------------------------------------------------------------------------
// In-page instrumentation, installed before any of the page's scripts.

const INSTRUMENT = ([cellSelector]) => {
  const B = (window.__bench = {});
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
  const timeout = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms));

  // The load: when the total first has a value (the app's and the floor's), and when the seed's cell
  // the first keystroke goes into is in the DOM (the app only), each with the frame that draws it.
  const loadObserver = new MutationObserver(() => {
    const el = total();
    if (!B.total && el?.getAttribute('data-value')) {
      B.total = { dom: performance.now(), value: el.getAttribute('data-value') };
      afterPaint((frame, painted) => Object.assign(B.total, { frame, painted }));
    }
    if (!B.cell && document.querySelector(cellSelector)) {
      B.cell = { dom: performance.now() };
      afterPaint((frame, painted) => Object.assign(B.cell, { frame, painted }));
    }
    if (B.total && B.cell) loadObserver.disconnect();
  });
  loadObserver.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-value'] });

  /** The seed's cell focused, its caret at the end, and the next keystroke armed. */
  B.armFirstEdit = () => {
    const cell = document.querySelector(cellSelector);
    cell.focus();
    cell.setSelectionRange(cell.value.length, cell.value.length);
    B.armEdit();
  };

  const rows = () => document.querySelectorAll('[data-testid="indicator"]').length;
  /** The indicators the table holds (a long table draws only the rows near the viewport). */
  const tableIndicators = () => Number(document.querySelector('[data-testid="score-table"]')?.getAttribute('data-indicators'));

  /** Resolves when the total reads `expected` and the table holds `expectedRows` indicators with its
   *  first rows drawn, once painted; t0 = the file input's change event. */
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
    B.openDone = Promise.race([done, timeout(60_000, 'open')]);
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
    B.editDone = Promise.race([done, timeout(20_000, 'edit')]);
  };
};

async function newPage(browser) {
  const context = await browser.newContext({ viewport: CONFIG.viewport, locale: 'zh-CN' });
  await context.addInitScript(INSTRUMENT, [SEED_CELL]);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => d.accept().catch(() => {}));
  return { context, page, errors };
}

const waitFor = (page, fn, timeout = 60_000) => page.waitForFunction(fn, null, { timeout, polling: 'raf' });

// ---------------------------------------------------------------------------------------------
// 1 and 4: time to interactive under the throttled profile, and what the visit downloaded.

/** CPU 4× slower, network 20 Mbit/s each way with 20 ms latency: set on the page before it navigates. */
async function throttle(cdp) {
  const { cpuRate, latencyMs, mbit } = CONFIG.throttle;
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: latencyMs,
    downloadThroughput: (mbit * 1e6) / 8,
    uploadThroughput: (mbit * 1e6) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
}

/**
 * One throttled visit. The app and the single file: navigation to the frame that shows the total
 * re-scored by a digit typed into the seed's dept-07 actual cell, typed as soon as the cell is in the
 * DOM. The floor: navigation to the frame that first shows its total. `target`: { kind, url, dir }.
 */
async function interactiveOnce(browser, target, { trace = false, profile = false } = {}) {
  const { context, page, errors } = await newPage(browser);
  const responses = [];
  page.on('response', (r) => responses.push(r.url()));
  try {
    const cdp = await context.newCDPSession(page);
    await throttle(cdp);
    if (trace) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await page.goto(target.url, { waitUntil: 'commit' });
    let edit = null;
    if (target.kind === 'floor') {
      await waitFor(page, () => window.__bench.total?.painted);
    } else {
      await waitFor(page, () => window.__bench.cell);
      await page.evaluate(() => window.__bench.armFirstEdit());
      await page.keyboard.press(SEED_DIGIT);
      edit = await page.evaluate(() => window.__bench.editDone);
      if (edit.value === SEED_TOTAL) throw new Error('the keystroke did not re-score the total');
    }
    const traced = trace ? JSON.parse((await browser.stopTracing()).toString('utf8')) : null;
    const profiled = profile ? (await cdp.send('Profiler.stop')).profile : null;
    const b = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      const B = window.__bench;
      return { html: n?.responseEnd ?? null, wasmReceived: wasm?.responseEnd ?? null, started: B.started ?? null, total: B.total, cell: B.cell ?? null };
    });
    if (target.kind !== 'floor' && b.total.value !== SEED_TOTAL) throw new Error(`the app's total is ${b.total.value}, not the seed's ${SEED_TOTAL}`);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const files = target.dir
      ? responses
          .filter((u) => u.startsWith(target.url))
          .map((u) => {
            const rel = decodeURIComponent(new URL(u).pathname).replace(/^\//, '') || 'index.html';
            const file = path.join(target.dir, rel);
            return { rel, raw: fs.statSync(file).size, gzip: gzipSize(file) };
          })
      : [];
    return {
      ...b,
      edit,
      // The figure: the re-scored total on screen (app, single file), the first total on screen (floor).
      interactive: edit ? edit.painted : b.total.painted,
      files,
      trace: traced ? tracePhases(traced, 1) : null,
      profile: profiled ? loadProfile(profiled) : null,
    };
  } finally {
    await context.close();
  }
}

async function interactive(browser, targets) {
  const out = Object.fromEntries(targets.map((t) => [t.kind, []]));
  // One warm-up each (the browser's first page pays for process start-up), not counted.
  for (const t of targets) await interactiveOnce(browser, t);
  for (let i = 0; i < CONFIG.runs; i += 1) {
    // Each in each position in turn.
    for (let k = 0; k < targets.length; k += 1) {
      const t = targets[(i + k) % targets.length];
      out[t.kind].push(await interactiveOnce(browser, t));
    }
    process.stdout.write(`  load round ${i + 1}/${CONFIG.runs}\r`);
  }
  process.stdout.write('\n');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Where the time goes: a Chromium trace (script / style / layout / paint, compiling wasm), and a CPU
// profile of the build kept with its function names (dist-names: the shipped code, names not stripped).

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
  const compile = sum(['wasm.CompileLazy', 'v8.wasm.compileConsume', 'v8.wasm.compileLazy']);
  // The same on every thread of the renderer: streaming compilation runs on background threads.
  const compileAll =
    events
      .filter((e) => e.pid === best.pid && e.ph === 'X' && typeof e.dur === 'number' && /wasm.*compil|compil.*wasm/i.test(e.name))
      .reduce((a, e) => a + e.dur, 0) /
    1000 /
    count;
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
    compileAll,
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

/**
 * A load's CPU profile by what the app was doing: each sample goes to the innermost frame on its stack
 * that names one of these steps (so scoring called from Yew's render counts as scoring), else to
 * what it ran in (the browser outside script, the JS glue, other wasm).
 */
const LOAD_STEPS = [
  ['parsing the sample (jixiao::format, serde_json)', /^<?(jixiao::format|serde_json|indexmap)/],
  ['scoring (jixiao::domain)', /^<?jixiao::domain/],
  ["the app's state and components (jixiao::app)", /^<?jixiao::app/],
  ['Yew: building and diffing the virtual DOM, creating the DOM', /^<?yew/],
];
function loadProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (id) => (byId.get(id).callFrame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}$/, '');
  const isWasm = (id) => {
    const url = byId.get(id).callFrame.url;
    return url.endsWith('.wasm') || url.startsWith('wasm://');
  };
  const cache = new Map();
  const stepOf = (leaf) => {
    if (cache.has(leaf)) return cache.get(leaf);
    let step = null;
    for (let id = leaf; id !== undefined && !step; id = parent.get(id)) {
      if (!isWasm(id)) continue;
      step = LOAD_STEPS.find(([, re]) => re.test(name(id)))?.[0] ?? null;
    }
    if (!step) {
      const n = name(leaf);
      if (isWasm(leaf)) step = 'other wasm (std, allocator, …)';
      else if (n === '(program)') step = '(program): the browser outside script: parsing, style, layout, paint, compiling wasm';
      else if (n === '(garbage collector)') step = '(garbage collector)';
      else step = "JS: boot.js, wasm-bindgen's glue, DOM calls";
    }
    cache.set(leaf, step);
    return step;
  };
  const steps = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    const id = profile.samples[i];
    if (name(id) === '(idle)') continue;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    total += dt;
    const step = stepOf(id);
    steps.set(step, (steps.get(step) ?? 0) + dt);
  }
  return { totalMs: total, steps: [...steps].map(([step, ms]) => ({ step, ms })).sort((a, b) => b.ms - a.ms) };
}

// ---------------------------------------------------------------------------------------------
// 2, 3 and 6: open a generated file, memory, then keystrokes in one of its cells (unthrottled).

async function openBig(page, big) {
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
    // Blink's own heap (the DOM), where Chromium reports it: outside the budget's "JS heap".
    embedderHeapUsed: heap.embedderHeapUsedSize ?? null,
    wasmMemory: wasm,
    domNodes: dom?.nodes ?? null,
  };
}

async function editCell(page, big) {
  const input = page.locator(`[data-testid="indicator"][data-indicator-id="${big.edit_indicator}"] [data-testid="actual-input"]`);
  // A long table draws the rows near the viewport: scroll down a screen at a time until the row is drawn.
  for (let screens = 0; (await input.count()) === 0; screens += 1) {
    if (screens > 5000) throw new Error(`${big.edit_indicator} never drawn`);
    await page.evaluate(() => window.scrollBy(0, window.innerHeight));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  }
  await input.scrollIntoViewIfNeeded();
  await input.click();
  await page.keyboard.press('End');
  return input;
}

/** One keystroke: alternately deletes the last digit of the actual and types it back, so each changes the total. */
async function keystroke(page, i, big) {
  await page.evaluate(() => window.__bench.armEdit());
  await page.keyboard.press(i % 2 === 0 ? 'Backspace' : big.edit_actual.slice(-1));
  return page.evaluate(() => window.__bench.editDone);
}

/** Two keystrokes to warm up, not counted (the first edit also creates the undo history and the autosave). */
async function warmUp(page, big) {
  await keystroke(page, 0, big);
  await keystroke(page, 1, big);
}

async function timedKeystrokes(page, count, big) {
  await warmUp(page, big);
  const edits = [];
  for (let k = 0; k < count; k += 1) edits.push(await keystroke(page, k, big));
  return edits;
}

/** A keystroke's latency: its keydown to the frame drawn with the new total. */
const latencyOf = (e) => e.painted - e.t0;

/** Opens `big` in a fresh page `runs` times (after one warm-up run), each followed by `keys` keystrokes. */
async function openAndEdit(browser, server, big, runs, keys) {
  const out = [];
  for (let run = 0; run < runs + 1; run += 1) {
    const { context, page, errors } = await newPage(browser);
    try {
      await page.goto(server.url);
      await waitFor(page, () => window.__bench.total?.painted);
      const cdp = await context.newCDPSession(page);
      const open = await openBig(page, big);
      const mem = await memory(page, cdp);
      await editCell(page, big);
      const edits = await timedKeystrokes(page, keys, big);
      const memAfterEdits = await memory(page, cdp);
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      if (run > 0) out.push({ open, mem, memAfterEdits, edits });
    } finally {
      await context.close();
    }
  }
  return out;
}

/** The figures of a set of open-and-edit runs. */
function editFigures(runs) {
  const all = runs.flatMap((r) => r.edits.map(latencyOf));
  const dom = runs.flatMap((r) => r.edits.map((e) => e.dom - e.t0));
  return {
    n: all.length,
    median: median(all),
    p95: percentile(all, 95),
    runMedians: summary(runs.map((r) => median(r.edits.map(latencyOf)))),
    domMedian: median(dom),
    domP95: percentile(dom, 95),
    open: summary(runs.map((r) => r.open.painted - r.open.t0)),
    openDom: summary(runs.map((r) => r.open.dom - r.open.t0)),
    rowsDrawn: runs[0].open.rows,
    memory: {
      js: summary(runs.map((r) => r.mem.jsHeapUsed)),
      wasm: summary(runs.map((r) => r.mem.wasmMemory)),
      total: summary(runs.map((r) => r.mem.jsHeapUsed + r.mem.wasmMemory)),
      jsAfter: summary(runs.map((r) => r.memAfterEdits.jsHeapUsed)),
      wasmAfter: summary(runs.map((r) => r.memAfterEdits.wasmMemory)),
      domNodes: runs[0].mem.domNodes,
      embedder: runs[0].mem.embedderHeapUsed == null ? null : summary(runs.map((r) => r.mem.embedderHeapUsed)),
    },
  };
}

/** The reference page (bench/method/index.html): the same keystrokes on a page that only copies the
 *  value into the watched element, in the same browser and run as the app's: a gauge of the machine. */
async function referenceKeystrokes(browser, server, runs, keys) {
  const latencies = [];
  const big = { edit_actual: '13' };
  for (let run = 0; run < runs; run += 1) {
    const { context, page } = await newPage(browser);
    try {
      await page.goto(server.url);
      await page.locator('[data-testid="actual-input"]').click();
      await page.keyboard.press('End');
      latencies.push(...(await timedKeystrokes(page, keys, big)).map(latencyOf));
    } finally {
      await context.close();
    }
  }
  return { median: median(latencies), p95: percentile(latencies, 95), n: latencies.length };
}

/** A trace and a CPU profile of 10 keystrokes at `big` indicators, on the build with names. */
async function profileEdits(browser, server, big) {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(server.url);
    await waitFor(page, () => window.__bench.total?.painted);
    const cdp = await context.newCDPSession(page);
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const opened = await openBig(page, big);
    const openTrace = JSON.parse((await browser.stopTracing()).toString('utf8'));

    await editCell(page, big);
    await warmUp(page, big);
    const count = 10;
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    for (let k = 0; k < count; k += 1) await keystroke(page, k, big);
    const editTrace = JSON.parse((await browser.stopTracing()).toString('utf8'));

    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    for (let k = 0; k < count; k += 1) await keystroke(page, k, big);
    const { profile } = await cdp.send('Profiler.stop');
    return {
      open: { wall: opened.painted - opened.t0, ...tracePhases(openTrace, 1) },
      phases: tracePhases(editTrace, count),
      cpu: cpuProfile(profile, count),
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 5: the engine in wasm (the bench build's exported functions), and the reducer step by step.

async function engineWasm(browser, server, big) {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(server.url);
    await waitFor(page, () => window.__bench.total?.painted);
    const fileText = fs.readFileSync(big.file, 'utf8');
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
        const count = b.bench_prepare(n);
        const score = timed(() => b.bench_score(), runs);
        const total = b.bench_open(text);
        const load = timed(() => b.bench_load(text), runs);
        let k = 0;
        const step = timed(() => b.bench_step(id, k++ % 2 ? actual : actual.slice(0, -1)), runs);
        const rescore = timed(() => b.bench_rescore(), runs);
        const toJson = timed(() => b.bench_to_json(), runs);
        const json = b.bench_to_json();
        const storage = timed(() => localStorage.setItem('bench-probe', 'x'.repeat(json)), runs);
        localStorage.removeItem('bench-probe');
        return { count, score, total, load, step, rescore, toJson, storage };
      },
      [CONFIG.engineIndicators, CONFIG.engineRuns, fileText, big.edit_indicator, big.edit_actual],
    );
    if (result.count !== CONFIG.engineIndicators) throw new Error(`bench_prepare made ${result.count} indicators`);
    if (Number(result.total) !== Number(big.total)) throw new Error(`bench_open total ${result.total}, expected ${big.total}`);
    return result;
  } finally {
    await context.close();
  }
}

/** What each crate contributes to the wasm, from the build kept with its names. */
function crateFigures() {
  const sizes = crateSizes(NAMES_WASM);
  const data = Buffer.from(sizes.dataSegments);
  const presetBytes = fs
    .readdirSync(path.join(ROOT, 'src', 'presets'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => fs.readFileSync(path.join(ROOT, 'src', 'presets', f)))
    .filter((text) => data.indexOf(text.subarray(0, 256)) >= 0)
    .reduce((a, text) => a + text.length, 0);
  const modules = new Map();
  const wasmNames = parseWasm(NAMES_WASM);
  for (const b of wasmNames.bodies) {
    const name = wasmNames.names.get(b.index) ?? '';
    if (crateOf(name) !== 'jixiao') continue;
    const m = /jixiao::((?:app::components::)?[a-z_]+|[a-z_]+)/.exec(name);
    const key = m ? `jixiao::${m[1]}` : 'jixiao (other)';
    modules.set(key, (modules.get(key) ?? 0) + b.size);
  }
  return {
    codeBytes: sizes.codeBytes,
    dataBytes: sizes.dataBytes,
    functions: sizes.functions,
    presetBytes,
    crates: sizes.crates,
    modules: [...modules].map(([module, bytes]) => ({ module, bytes })).sort((a, b) => b.bytes - a.bytes),
    top: topFunctions(NAMES_WASM, 12),
  };
}

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

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Workbook import: a 300-row workbook (written by rust_xlsxwriter: examples/workbook_fixtures.rs)
// dropped on the page until its preview is on screen, once the import worker is loaded (one untimed
// import first fetches and starts it); and the worker's size beside the page's.

function workbookFixture() {
  const dir = path.join(OUT, 'workbooks');
  const file = path.join(dir, 'rows-300.xlsx');
  if (!fs.existsSync(file)) {
    execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'workbook_fixtures', '--', dir], { cwd: ROOT, stdio: 'inherit' });
  }
  return file;
}

/** Drops the workbook kept in the page; resolves when the preview is on screen: { t0, dom, painted, rows }. */
async function timedImport(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('import: no preview after 20 s')), 20_000);
        const observer = new MutationObserver(() => {
          const preview = document.querySelector('[data-testid="import-preview"]');
          if (!preview) return;
          const dom = performance.now();
          observer.disconnect();
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              clearTimeout(timer);
              resolve({ t0, dom, painted: performance.now(), rows: preview.querySelectorAll('[data-testid="import-row"]').length });
            };
            channel.port2.postMessage(0);
          });
        });
        observer.observe(document.body, { subtree: true, childList: true });
        const transfer = new DataTransfer();
        transfer.items.add(new File([window.__workbook], 'rows-300.xlsx'));
        const t0 = performance.now();
        document.querySelector('[data-testid="page"]').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }),
  );
}

async function importWorkbook(browser, server) {
  const file = workbookFixture();
  const { context, page, errors } = await newPage(browser);
  try {
    await page.goto(server.url);
    await waitFor(page, () => window.__bench.total?.painted);
    await page.evaluate((bytes) => (window.__workbook = new Uint8Array(bytes)), [...fs.readFileSync(file)]);
    const runs = [];
    // The first import fetches and starts the worker: not timed.
    for (let run = 0; run < CONFIG.importRuns + 1; run += 1) {
      const once = await timedImport(page);
      await page.locator('[data-testid="import-cancel"]').click();
      await page.locator('[data-testid="import-preview"]').waitFor({ state: 'detached' });
      if (once.rows < CONFIG.importRows) throw new Error(`the preview shows ${once.rows} rows, not ${CONFIG.importRows}`);
      if (run > 0) runs.push(once);
    }
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const files = (suffix) => fs.readdirSync(server.dir).filter((f) => f.endsWith(suffix));
    const size = (f) => ({ file: f, raw: fs.statSync(path.join(server.dir, f)).size, gzip: gzipSize(path.join(server.dir, f)) });
    return {
      rows: CONFIG.importRows,
      workbookBytes: fs.statSync(file).size,
      painted: summary(runs.map((x) => x.painted - x.t0)),
      dom: summary(runs.map((x) => x.dom - x.t0)),
      worker: files('.wasm').filter((f) => f.startsWith('jixiao-import')).map(size),
      page: files('.wasm').filter((f) => f.startsWith('jixiao-web')).map(size),
    };
  } finally {
    await context.close();
  }
}

// 7: the reviewer's desk. `files` evaluations of the sample's size (the seed, each under its own unit's
// name, so none is another's duplicate or version) given to the desk's file input at once. Timed in the
// page from the input's change event to the first frame in which every row shows every figure (a
// computed total on each, nothing still reading); the longest task (PerformanceObserver longtask)
// between the two says whether the page stayed responsive.

const DESK_WATCH = () => {
  window.__desk = { longest: 0, tasks: 0, handover: 0, start: null, done: null };
  new PerformanceObserver((list) => {
    const d = window.__desk;
    for (const entry of list.getEntries()) {
      if (d.start === null || (d.done !== null && entry.startTime > d.done)) continue;
      // The task that hands the files to the page (the browser making a File of each path, then the
      // change event) began before the clock started: the browser's, reported apart.
      if (entry.startTime < d.start) {
        d.handover = Math.max(d.handover, entry.duration);
        continue;
      }
      d.tasks += 1;
      d.longest = Math.max(d.longest, entry.duration);
    }
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener(
    'change',
    (event) => {
      if (event.target?.dataset?.testid !== 'desk-files') return;
      const want = event.target.files.length;
      window.__desk.start = performance.now();
      // Every row counted and nothing still reading, then (only then: it is a query of every row) every
      // row drawn with its computed total (a long desk draws the rows near the viewport, the others
      // as the reviewer scrolls to them).
      const all = () => {
        const rows = document.querySelectorAll('[data-testid="desk-row"]');
        return rows.length > 0 && [...rows].every((row) => row.querySelector('[data-testid="desk-total"]')?.dataset.value);
      };
      const check = () => {
        const count = document.querySelector('[data-testid="desk-count"]');
        if (count?.dataset.total === String(want) && !document.querySelector('[data-testid="desk-progress"]') && all()) {
          window.__desk.done = performance.now();
          return;
        }
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    },
    true,
  );
};

async function deskDrops(browser, server, runs, count) {
  const seed = JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'presets', 'seed-2023.json'), 'utf8'));
  // On disk: the browser reads them as it would a reviewer's files (and the driver passes paths).
  const dir = path.join(OUT, 'desk-files');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const files = Array.from({ length: count }, (_, i) => {
    const evaluation = { ...seed, meta: { ...seed.meta, department: `${seed.meta.department}（第 ${i + 1} 单位）` } };
    const file = path.join(dir, `evaluation-${String(i + 1).padStart(4, '0')}.json`);
    fs.writeFileSync(file, JSON.stringify(evaluation, null, 2));
    return file;
  });
  const list = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: CONFIG.viewport, locale: 'zh-CN' });
    await context.addInitScript(DESK_WATCH);
    const page = await context.newPage();
    try {
      await page.goto(server.url);
      await page.locator('[data-testid="open-desk"]').click();
      await page.locator('[data-testid="desk-files"]').setInputFiles(files);
      await page.waitForFunction(() => window.__desk.done !== null, null, { timeout: 120_000, polling: 200 });
      const figures = await page.evaluate(() => window.__desk);
      list.push({ listed: figures.done - figures.start, longest: figures.longest, tasks: figures.tasks, handover: figures.handover });
      console.log(`  run ${run + 1}: every row in ${(figures.done - figures.start).toFixed(0)} ms, longest task ${figures.longest.toFixed(0)} ms (the hand-over ${figures.handover.toFixed(0)} ms)`);
    } finally {
      await context.close();
    }
  }
  return {
    files: count,
    bytesEach: fs.statSync(files[0]).size,
    listed: summary(list.map((x) => x.listed)),
    longest: summary(list.map((x) => x.longest)),
    longTasks: summary(list.map((x) => x.tasks)),
    handover: summary(list.map((x) => x.handover)),
  };
}

async function main() {
  const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : null;
  const want = (part) => !only || only.includes(part);
  const loadAtStart = os.loadavg()[0];
  const servers = {};
  let browser = null;
  try {
    // With BENCH_ONLY, a build that is not there is not served (the desk needs only the app).
    for (const [name, dir] of Object.entries(DIRS)) {
      if (only && !fs.existsSync(path.join(dir, 'index.html'))) continue;
      servers[name] = { ...(await startServer(dir)), dir };
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
    const r = { config: CONFIG };

    if (want('interactive')) {
      const targets = [
        { kind: 'app', url: servers.app.url, dir: DIRS.app },
        { kind: 'floor', url: servers.floor.url, dir: DIRS.floor },
        ...(fs.existsSync(SINGLE) ? [{ kind: 'single', url: pathToFileURL(SINGLE).href, dir: null }] : []),
      ];
      console.log(`time to interactive, throttled: ${CONFIG.runs} × ${targets.map((t) => t.kind).join(', ')}`);
      const runs = await interactive(browser, targets);
      const pick = (list, f) => (list.every((x) => f(x) != null) ? summary(list.map(f)) : null);
      const figures = (list) => ({
        interactive: pick(list, (x) => x.interactive),
        html: pick(list, (x) => x.html),
        wasmReceived: pick(list, (x) => x.wasmReceived),
        started: pick(list, (x) => x.started),
        totalDom: pick(list, (x) => x.total.dom),
        totalPainted: pick(list, (x) => x.total.painted),
        cellDom: pick(list, (x) => x.cell?.dom),
        keydown: pick(list, (x) => x.edit?.t0),
        reaction: pick(list, (x) => (x.edit ? x.edit.t0 - x.cell.dom : null)),
        keystroke: pick(list, (x) => (x.edit ? x.edit.painted - x.edit.t0 : null)),
        // As if the key had come the moment the cell was in the DOM (the harness's reaction left out).
        interactiveAtOnce: pick(list, (x) => (x.edit ? x.cell.dom + x.edit.painted - x.edit.t0 : null)),
      });
      r.interactive = Object.fromEntries(Object.entries(runs).map(([kind, list]) => [kind, figures(list)]));
      r.interactive.ratio = r.interactive.app.interactive.median / r.interactive.floor.interactive.median;
      if (r.interactive.single) r.interactive.singleRatio = r.interactive.single.interactive.median / r.interactive.floor.interactive.median;
      r.size = {
        app: runs.app[0].files,
        floor: runs.floor[0].files,
        // The same set of files in every load (else the report says so).
        appSame: runs.app.every((x) => x.files.map((f) => f.rel).join() === runs.app[0].files.map((f) => f.rel).join()),
        single: fs.existsSync(SINGLE) ? { raw: fs.statSync(SINGLE).size, gzip: gzipSize(SINGLE) } : null,
      };
      console.log('time to interactive: one traced load each, one profiled load of the build with names');
      r.interactive.traces = {
        app: (await interactiveOnce(browser, targets[0], { trace: true })).trace,
        floor: (await interactiveOnce(browser, targets[1], { trace: true })).trace,
      };
      r.interactive.profile = (await interactiveOnce(browser, { kind: 'app', url: servers.names.url, dir: DIRS.names }, { profile: true })).profile;
    }

    if (want('edit')) {
      const big = generated(2000);
      const huge = generated(10000);
      console.log(`open + edit at 2,000 indicators: ${CONFIG.openRuns} runs × ${CONFIG.keys} keystrokes`);
      r.edit2000 = { meta: big, ...editFigures(await openAndEdit(browser, servers.app, big, CONFIG.openRuns, CONFIG.keys)) };
      console.log(`open + edit at 10,000 indicators: ${CONFIG.bigRuns} runs × ${CONFIG.keys} keystrokes`);
      r.edit10000 = { meta: huge, ...editFigures(await openAndEdit(browser, servers.app, huge, CONFIG.bigRuns, CONFIG.keys)) };
      console.log(`the reference page: ${CONFIG.openRuns} runs × ${CONFIG.keys} keystrokes`);
      r.method = await referenceKeystrokes(browser, servers.method, CONFIG.openRuns, CONFIG.keys);
    }

    if (want('profile')) {
      console.log('where an edit goes: trace and CPU profile of 10 keystrokes at 2,000 and at 10,000 indicators');
      r.profile2000 = await profileEdits(browser, servers.names, generated(2000));
      r.profile10000 = await profileEdits(browser, servers.names, generated(10000));
    }

    if (want('engine')) {
      // Native and wasm one after the other, native both before and after: the machine's load changes.
      console.log(`engine: ${CONFIG.engineRuns} runs at ${CONFIG.engineIndicators} indicators, native, wasm, native`);
      const big = generated(2000);
      const nativeBefore = native('score', CONFIG.engineIndicators, CONFIG.engineRuns);
      const wasm = await engineWasm(browser, servers.bench, big);
      const nativeAfter = native('score', CONFIG.engineIndicators, CONFIG.engineRuns);
      r.engine = { native: summary([...nativeBefore.ms, ...nativeAfter.ms]), wasm: summary(wasm.score) };
      r.engine.ratio = r.engine.wasm.median / r.engine.native.median;
      r.reducer = { wasm, native: native('reducer', big.file, CONFIG.engineRuns) };
      r.crates = crateFigures();
    }

    if (want('review')) {
      console.log(`jixiao review: ${CONFIG.reviewFiles.toLocaleString('en')} copies of the sample, ${CONFIG.reviewRuns} runs`);
      r.review = reviewFolder();
    }

    if (want('import')) {
      const app = servers.app ?? { ...(await startServer(path.join(ROOT, 'dist'))), dir: path.join(ROOT, 'dist') };
      servers.importApp = servers.app ? undefined : app;
      console.log(`workbook import: ${CONFIG.importRuns} imports of a ${CONFIG.importRows}-row workbook, the worker loaded`);
      r.import = await importWorkbook(browser, app);
    }

    if (want('desk')) {
      console.log(`the reviewer's desk: ${CONFIG.deskRuns} drops of ${CONFIG.deskFiles} evaluations of the sample's size`);
      r.desk = await deskDrops(browser, servers.app, CONFIG.deskRuns, CONFIG.deskFiles);
    }

    if (only) {
      console.log(JSON.stringify(r, null, 2));
      return;
    }
    const cpus = os.cpus();
    r.when = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
    r.git = gitState();
    r.machine = `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`;
    r.load = { start: loadAtStart, end: os.loadavg()[0], cores: cpus.length };
    r.chromium = browser.version();
    r.chromiumArgs = CHROMIUM_ARGS;
    r.node = process.version;
    fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(r, null, 2));
    console.log('wrote bench/out/results.json');
  } finally {
    if (browser) await browser.close().catch(() => {});
    await Promise.all(Object.values(servers).filter(Boolean).map((s) => s.stop()));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
