#!/usr/bin/env node
// Splits the release build's wasm in two: what the first screen runs, loaded with the page, and the rest
// (editing, export, structure editing, paste, opening files, …), loaded when the user first reaches for
// the mouse or the keyboard. Trunk runs this after every build (Trunk.toml, post_build hook);
// docs/PERFORMANCE.md has the sizes it buys.
//
//   node scripts/split.mjs                 as Trunk's hook: TRUNK_STAGING_DIR, TRUNK_PROFILE from Trunk
//   JIXIAO_SPLIT=0 …                       leave Trunk's single module as it is
//   JIXIAO_SPLIT=1 …                       split, or fail the build (scripts/test.sh, scripts/bench.sh)
//   (unset)                                split when the tools are installed; else, or if splitting
//                                          fails, say so and keep Trunk's one module
//   JIXIAO_SPLIT_KEEP=DIR …                also keep the working files in DIR (the whole module with its
//                                          names, the profile): to see what the first module holds
//
// How, with binaryen's wasm-split (profile-guided, as Emscripten uses it):
//  1. wasm-bindgen once more, on Cargo's artifact, telling it bulk memory is off (see `withoutFeature`).
//  2. An instrumented copy records which functions run; headless Chromium opens it as a first visit
//     does (see STARTS).
//  3. wasm-split keeps those functions in the primary module and moves the rest to a secondary one.
//     Each moved function leaves a placeholder in the function table; the primary imports them.
//  4. The wasm-bindgen glue gets a small loader (`loaderSource`): a placeholder, when called, loads and
//     instantiates the secondary module (it fills the table) and calls the real function. The first
//     pointer move, key, touch or drag event starts fetching it in the background, so that by the time
//     the user's input reaches code outside the first screen it is usually there already. A visit that
//     only reads the figures never downloads it.
//  5. wasm-opt -Oz on both, and the page's integrity hashes for the new files.
//
// Binaryen's wasm-split comes from Debian's `binaryen` package (version 108; scripts/setup.sh test unpacks it
// without installing it, so the npm wasm-opt 132 stays the one on PATH). Version 108 predates two things
// this build has, and the script works around both where it meets them (`withoutFeature`,
// `fixTableExports`).

import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { firstVisitContext, launchChromium, missingBrowser, startServer } from './headless.mjs';
import { leb, sections } from './wasm_binary.mjs';

const MODE = process.env.JIXIAO_SPLIT ?? 'auto';
const WASM_SPLIT = process.env.JIXIAO_WASM_SPLIT ?? path.join(os.homedir(), '.local/lib/jixiao/binaryen/usr/bin/wasm-split');

function log(message) {
  console.log(`split.mjs: ${message}`);
}

function fail(message) {
  console.error(`split.mjs: ${message}`);
  process.exit(1);
}

function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${(result.stderr || result.stdout || String(result.error)).slice(0, 4000)}`);
  }
  return result.stdout;
}

// --- the two fixes -----------------------------------------------------------------------------

const utf8 = (bytes) => Buffer.from(bytes).toString('utf8');

/**
 * The module with `feature` marked as not used in its target_features section. Told bulk memory is
 * off, wasm-bindgen clears its externref stack slots with `table.set` rather than `table.fill`, an
 * instruction binaryen 108 cannot read. Everything else it generates is the same.
 */
function withoutFeature(bytes, feature) {
  const out = Uint8Array.from(bytes);
  for (const s of sections(out)) {
    if (s.id !== 0) continue;
    let [nameLength, pos] = leb(out, s.body);
    if (utf8(out.subarray(pos, pos + nameLength)) !== 'target_features') continue;
    pos += nameLength;
    let count;
    [count, pos] = leb(out, pos);
    for (let i = 0; i < count; i++) {
      const prefix = pos;
      const [length, start] = leb(out, pos + 1);
      pos = start + length;
      if (utf8(out.subarray(start, pos)) === feature && out[prefix] === 0x2b /* + */) {
        out[prefix] = 0x2d; /* - */
        return out;
      }
    }
  }
  throw new Error(`the module does not declare the '${feature}' feature`);
}

/**
 * Binaryen 108 writes every table export as table 0. The modules here define two tables (wasm-bindgen's
 * output imports none): the function table (0) and wasm-bindgen's externref table (1). Each export is pointed back at
 * the table of its kind: `__wbindgen_externrefs` at the externref one, any other at the function table.
 */
function fixTableExports(file) {
  const bytes = fs.readFileSync(file);
  const all = sections(bytes);
  const tableSection = all.find((s) => s.id === 4);
  if (!tableSection) return;
  let [tables, pos] = leb(bytes, tableSection.body);
  const types = [];
  for (let i = 0; i < tables; i++) {
    types.push(bytes[pos++]);
    pos = skipLimits(bytes, pos);
  }
  if (!types.includes(0x6f)) return;
  if (types.length !== 2) throw new Error(`${file}: expected two tables, found ${types.length}`);
  const exportSection = all.find((s) => s.id === 7);
  let count;
  [count, pos] = leb(bytes, exportSection.body);
  for (let i = 0; i < count; i++) {
    const [length, start] = leb(bytes, pos);
    const name = utf8(bytes.subarray(start, start + length));
    pos = start + length;
    const kind = bytes[pos++];
    const indexAt = pos;
    [, pos] = leb(bytes, pos);
    if (kind !== 1) continue;
    // One byte either way: indices 0 and 1.
    bytes[indexAt] = types.indexOf(name === '__wbindgen_externrefs' ? 0x6f : 0x70);
  }
  fs.writeFileSync(file, bytes);
}

function skipLimits(bytes, pos) {
  const flags = bytes[pos++];
  [, pos] = leb(bytes, pos);
  if (flags & 1) [, pos] = leb(bytes, pos);
  return pos;
}

// --- the loader added to wasm-bindgen's glue -----------------------------------------------------

/**
 * Placeholders for the moved functions, and the loading of the module that has them. `source` is
 * where the bytes come from: a URL next to the glue, or (the single-file build, scripts/single.mjs)
 * the bytes themselves in base64.
 */
function loaderSource(secondaryName) {
  return `
// ---- added by scripts/split.mjs: the functions the first screen does not run live in a second module.
// Calling one of them before that module is here loads it first (synchronously: the caller is wasm and
// cannot wait); the first pointer move, key, touch or drag event fetches it in the background beforehand.
const __jixiaoSplitSource = { url: new URL('./${secondaryName}', import.meta.url) };
const __jixiaoSplit = (() => {
    let compiled = null;
    let instantiated = false;
    let fetching = null;
    let stopFetching = null;
    function bytesNow() {
        if (__jixiaoSplitSource.base64 !== undefined) {
            return Uint8Array.from(atob(__jixiaoSplitSource.base64), (c) => c.charCodeAt(0));
        }
        const request = new XMLHttpRequest();
        request.open('GET', __jixiaoSplitSource.url, false);
        // A synchronous request cannot ask for an ArrayBuffer; this charset keeps each byte a char.
        request.overrideMimeType('text/plain; charset=x-user-defined');
        request.send();
        if (request.status !== 200 && request.status !== 0) {
            throw new Error('could not load ' + __jixiaoSplitSource.url + ': ' + request.status);
        }
        const text = request.responseText;
        const bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
        return bytes;
    }
    function instantiate(module) {
        if (instantiated) return;
        // Its element segment writes the moved functions into the shared table, over the placeholders.
        new WebAssembly.Instance(module, { primary: wasm });
        instantiated = true;
    }
    function loadNow() {
        if (instantiated) return;
        // A background fetch still under way would download the module a second time: stop it.
        if (!compiled && stopFetching) stopFetching.abort();
        try {
            instantiate(compiled ?? new WebAssembly.Module(bytesNow()));
        } catch (error) {
            // The call cannot go on; what the user did last is lost, the work before it is autosaved.
            showFailure();
            throw error;
        }
    }
    // As the panic notice does (src/main.rs): over the page, saying what happened and what to do.
    function showFailure() {
        if (document.querySelector('[data-testid="split-failed"]')) return;
        const cover = document.createElement('div');
        cover.dataset.testid = 'split-failed';
        cover.setAttribute('role', 'alertdialog');
        cover.setAttribute('aria-modal', 'true');
        cover.style.cssText = 'position:fixed;inset:0;z-index:2147483647;display:flex;align-items:center;justify-content:center;background:rgba(255,255,255,.94);color:#1a1a1a;font:16px/1.6 system-ui,sans-serif;text-align:center';
        const box = document.createElement('div');
        box.style.cssText = 'max-width:36rem;padding:1.5rem 2rem;border:2px solid #b42318;border-radius:8px;background:#fff';
        const zh = document.createElement('p');
        zh.style.cssText = 'margin:0 0 .5rem;font-size:1.25rem;font-weight:600';
        zh.textContent = '计算器的其余部分无法加载（网络中断，或页面文件已更新）。请刷新页面；此前的工作已自动保存。';
        const en = document.createElement('p');
        en.lang = 'en';
        en.style.cssText = 'margin:0 0 1rem';
        en.textContent = 'The rest of the calculator could not be loaded (the network is down, or the page was updated). Reload; your work up to now is autosaved.';
        const reload = document.createElement('a');
        reload.href = '';
        reload.dataset.testid = 'split-failed-reload';
        reload.style.fontWeight = '600';
        reload.textContent = '刷新页面 · Reload';
        box.append(zh, en, reload);
        cover.append(box);
        document.body.append(cover);
    }
    function prefetch() {
        if (fetching || instantiated) return;
        stopFetching = new AbortController();
        const module = __jixiaoSplitSource.base64 !== undefined
            ? WebAssembly.compile(bytesNow())
            : WebAssembly.compileStreaming(fetch(__jixiaoSplitSource.url, { signal: stopFetching.signal }));
        fetching = module.then((m) => {
            compiled = m;
            if (wasm !== undefined) instantiate(m);
        }).catch((error) => {
            // Stopped by the synchronous path, or failed: that path loads it when the code is needed.
            if (error.name !== 'AbortError') console.warn('prefetching the second module failed', error);
            fetching = null;
        });
    }
    // Moving the mouse over the page usually comes well before the first click that needs the code.
    for (const type of ['pointermove', 'pointerdown', 'keydown', 'touchstart', 'dragenter']) {
        addEventListener(type, prefetch, { capture: true, once: true, passive: true });
    }
    const placeholders = new Proxy({}, {
        get: (_, index) => (...args) => {
            loadNow();
            return wasm['%table'].get(Number(index))(...args);
        },
    });
    return { placeholders };
})();

function __wbg_get_imports() {
    const imports = __wbg_get_imports_whole();
    imports.placeholder = __jixiaoSplit.placeholders;
    return imports;
}
`;
}

function patchGlue(glue, secondaryName) {
  const declaration = 'function __wbg_get_imports() {';
  if (glue.split(declaration).length !== 2) throw new Error(`the wasm-bindgen glue has no single '${declaration}'`);
  return glue.replace(declaration, 'function __wbg_get_imports_whole() {') + loaderSource(secondaryName);
}

// --- the profile -----------------------------------------------------------------------------------

/**
 * The first visit: the app on its built-in sample, no autosave, in Chinese. Transfer matters on the
 * first visit; on later ones the browser has both modules cached (the second one is fetched on the
 * first input of the first visit), so a start that restores an autosave or speaks English and runs
 * moved code costs a compile, not a download.
 */
const STARTS = [{ label: 'first visit' }];

async function recordProfiles(site, outDir) {
  const server = await startServer(site);
  const browser = await launchChromium();
  const files = [];
  try {
    for (const [i, start] of STARTS.entries()) {
      const context = await firstVisitContext(browser);
      try {
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.addInitScript(() => {
          addEventListener('TrunkApplicationStarted', (e) => {
            window.__splitExports = e.detail.wasm;
          });
        });
        await page.goto(server.url);
        await page.waitForSelector('[data-testid=score-table]:not([data-partial])', { timeout: 30_000 });
        // What runs in the moments after the first screen (timers, the autosave) stays too.
        await page.waitForTimeout(1500);
        if (errors.length) throw new Error(`the instrumented app failed (${start.label}): ${errors.join('; ')}`);
        const bytes = await page.evaluate(() => {
          const w = window.__splitExports;
          const room = 4 * 65536;
          const at = w.memory.grow(4) * 65536;
          const size = w.__write_profile(at, room);
          if (size > room) throw new Error(`the profile needs ${size} bytes`);
          return Array.from(new Uint8Array(w.memory.buffer, at, size));
        });
        const file = path.join(outDir, `start-${i}.prof`);
        fs.writeFileSync(file, Buffer.from(bytes));
        files.push(file);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return files;
}

// --- the build step --------------------------------------------------------------------------------

function missingTools() {
  const missing = [];
  if (!fs.existsSync(WASM_SPLIT)) missing.push(`binaryen's wasm-split (${WASM_SPLIT}; scripts/setup.sh test installs it)`);
  return [...missing, ...missingBrowser()];
}

/**
 * The hashed names Trunk gave the glue and the wasm, from the page's preload links (the app's and the
 * benchmark's floor page both have them), and the binary's name they start with.
 */
function builtNames(html) {
  const js = /<link\b[^>]*rel="modulepreload"[^>]*href="\.\/([^"]+\.js)"/.exec(html)?.[1];
  const wasm = /<link\b[^>]*rel="preload"[^>]*href="\.\/([^"]+_bg\.wasm)"/.exec(html)?.[1];
  // Trunk writes the content hash as `{hash:x}`, without leading zeros: one build in sixteen has fewer digits.
  const bin = js && /^(.+)-[0-9a-f]{1,16}\.js$/.exec(js)?.[1];
  if (!js || !wasm || !bin) throw new Error('index.html does not preload a glue and a wasm named as Trunk names them');
  return { js, wasm, bin };
}

function sri(bytes) {
  return `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;
}

/** The page's integrity hash for `name`, replaced by the one of its new content. */
function updateIntegrity(html, name, bytes) {
  let found = false;
  const out = html.replace(/<link\b[^>]*>/g, (tag) => {
    if (!tag.includes(`"./${name}"`)) return tag;
    found = true;
    return tag.replace(/integrity="[^"]*"/, `integrity="${sri(bytes)}"`);
  });
  if (!found) throw new Error(`index.html does not preload ${name}`);
  return out;
}

async function split({ staging, targetDir }) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-split-'));
  try {
    const indexFile = path.join(staging, 'index.html');
    let html = fs.readFileSync(indexFile, 'utf8');
    const names = builtNames(html);
    const artifact = path.join(targetDir, 'wasm32-unknown-unknown/release', `${names.bin}.wasm`);
    if (!fs.existsSync(artifact)) throw new Error(`Cargo's artifact ${artifact} is missing`);

    // 1. wasm-bindgen on Cargo's artifact, bulk memory marked off.
    fs.writeFileSync(path.join(work, 'raw.wasm'), withoutFeature(fs.readFileSync(artifact), 'bulk-memory'));
    run('wasm-bindgen', ['--target=web', '--no-typescript', `--out-dir=${path.join(work, 'bindgen')}`, '--out-name=app', path.join(work, 'raw.wasm')]);
    const whole = path.join(work, 'bindgen/app_bg.wasm');
    const glue = fs.readFileSync(path.join(work, 'bindgen/app.js'), 'utf8');

    // 2. The instrumented copy, served as the app, opened the ways the app starts.
    const instrumented = path.join(work, 'instrumented.wasm');
    run(WASM_SPLIT, ['--instrument', '-all', whole, '-o', instrumented]);
    fixTableExports(instrumented);
    const site = path.join(work, 'site');
    fs.cpSync(staging, site, { recursive: true });
    fs.copyFileSync(instrumented, path.join(site, names.wasm));
    fs.writeFileSync(path.join(site, names.js), glue);
    fs.writeFileSync(path.join(site, 'index.html'), html.replace(/ integrity="[^"]*"/g, ''));
    const profiles = await recordProfiles(site, work);
    const profile = path.join(work, 'merged.prof');
    run(WASM_SPLIT, ['--merge-profiles', ...profiles, '-o', profile]);

    // 3. The split, then 5. wasm-opt on each half.
    const primary = path.join(work, 'primary.wasm');
    const secondary = path.join(work, 'secondary.wasm');
    run(WASM_SPLIT, ['--split', '-all', '--profile', profile, whole, '-o1', primary, '-o2', secondary, '--export-prefix=%', '--placeholder-namespace=placeholder', '--import-namespace=primary']);
    fixTableExports(primary);
    for (const file of [primary, secondary]) run('wasm-opt', ['-Oz', '--enable-reference-types', file, '-o', file]);

    // 4. The glue with its loader; the second module named after its content, as Trunk names files.
    const secondaryBytes = fs.readFileSync(secondary);
    const secondaryName = names.wasm.replace(/_bg\.wasm$/, '') + `-later-${crypto.createHash('sha256').update(secondaryBytes).digest('hex').slice(0, 16)}.wasm`;
    const primaryBytes = fs.readFileSync(primary);
    const patched = patchGlue(glue, secondaryName);
    // The loader is generated from a template string: at least it must parse (the E2E tests run it).
    fs.writeFileSync(path.join(work, 'glue-check.mjs'), patched);
    run(process.execPath, ['--check', path.join(work, 'glue-check.mjs')]);
    fs.writeFileSync(path.join(staging, names.wasm), primaryBytes);
    fs.writeFileSync(path.join(staging, secondaryName), secondaryBytes);
    fs.writeFileSync(path.join(staging, names.js), patched);
    html = updateIntegrity(html, names.wasm, primaryBytes);
    html = updateIntegrity(html, names.js, Buffer.from(patched));
    fs.writeFileSync(indexFile, html);
    const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
    log(`loaded with the page ${kib(primaryBytes.length)}, later ${kib(secondaryBytes.length)} (${secondaryName})`);
  } finally {
    if (process.env.JIXIAO_SPLIT_KEEP) fs.cpSync(work, process.env.JIXIAO_SPLIT_KEEP, { recursive: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  if (MODE === '0') return;
  if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') return;
  const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
  if (!staging) fail('no staging directory: run as Trunk\'s post_build hook, or pass one');
  // Trunk runs the hook in the directory of its Trunk.toml: the app's, or the benchmark's floor's.
  const targetDir = path.resolve(process.env.CARGO_TARGET_DIR ?? 'target');
  const missing = missingTools();
  if (missing.length) {
    const message = `not splitting the wasm: missing ${missing.join(', ')}`;
    if (MODE === '1') fail(message);
    log(`${message}; the build keeps one module`);
    return;
  }
  try {
    await split({ staging, targetDir });
  } catch (error) {
    // Splitting is an optimisation: unless it was asked for, a failure leaves Trunk's one module.
    if (MODE === '1') fail(error.stack ?? String(error));
    log(`splitting failed, the build keeps one module: ${error.stack ?? error}`);
  }
}

await main();
