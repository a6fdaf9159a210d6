#!/usr/bin/env node
// One self-contained HTML file from a Trunk release build: the calculator a department can email
// along with its JSON, that opens from disk (file://) and offline, fetching nothing.
//
//   node scripts/single.mjs [DIST] [OUT]      defaults: dist → dist-single/jixiao.html
//
// Reads what Trunk wrote to DIST/index.html and rewrites it:
// - each stylesheet <link> becomes a <style> with the file's content (url(...) inside as data: URLs);
// - the loader becomes one inline module script: wasm-bindgen's JS glue in its own function scope (its
//   `export`s turned into the object `import * as bindings` would have given), the wasm as base64
//   decoded to bytes and handed to the glue's init instead of a path, then the loader's own steps: the
//   boot script tag carrying the hashed names (`<script src="./boot.js" data-js="./app.js"
//   data-wasm="./app_bg.wasm">`, Trunk.toml's pattern_script) has its own file run inline, with its two
//   loads swapped for the inlined glue and wasm (a release build is one wasm module: nothing else);
// - the preload hints go (there is nothing left to fetch);
// - a Content-Security-Policy <meta>, if the page has one, is kept but fitted to the one file: scripts
//   only by the inline scripts' sha256 (plus 'wasm-unsafe-eval'), and `connect-src 'none'`: the page
//   itself then refuses to fetch anything.
// Anything else still pointing at a file (src=, href=) is inlined as a data: URL, or the script fails:
// a single file that fetches is worse than no single file. No dependencies beyond Node.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
const out = path.resolve(process.argv[3] ?? path.join(ROOT, 'dist-single', 'jixiao.html'));

function fail(message) {
  console.error(`single.mjs: ${message}`);
  process.exit(1);
}

const indexFile = path.join(dist, 'index.html');
if (!fs.existsSync(indexFile)) fail(`${indexFile} is missing: build the app first (trunk build --release)`);
let html = fs.readFileSync(indexFile, 'utf8');

/** A file the page refers to ("./x.css"), inside DIST only. */
function distFile(ref) {
  const clean = decodeURIComponent(ref.replace(/^\.\//, '').split(/[?#]/)[0]);
  const file = path.resolve(dist, clean);
  if (!file.startsWith(dist + path.sep) || !fs.existsSync(file)) fail(`the page refers to ${ref}, which is not in ${dist}`);
  return file;
}

const MIME = {
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

function dataUrl(file) {
  const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  return `data:${type};base64,${fs.readFileSync(file).toString('base64')}`;
}

const isLocal = (ref) => !/^(data:|blob:|[a-z][a-z0-9+.-]*:|#|\/\/)/i.test(ref);

/** The attributes of one start tag, by name. */
function attributes(tag) {
  const attrs = {};
  for (const m of tag.matchAll(/\s([\w:-]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) attrs[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return attrs;
}

// --- stylesheets ---------------------------------------------------------------------------------

function inlineCss(file) {
  const dir = path.dirname(file);
  const css = fs.readFileSync(file, 'utf8').replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (whole, quote, ref) => {
    if (!isLocal(ref)) return whole;
    const target = path.resolve(dir, ref.split(/[?#]/)[0]);
    if (!target.startsWith(dist + path.sep) || !fs.existsSync(target)) fail(`${file} refers to ${ref}, which is not in ${dist}`);
    return `url("${dataUrl(target)}")`;
  });
  // A stylesheet cannot end the <style> element early.
  return css.replace(/<\/style/gi, '<\\/style');
}

let styles = 0;
html = html.replace(/<link\b[^>]*\brel=["']stylesheet["'][^>]*>/gi, (tag) => {
  const { href, media } = attributes(tag);
  if (!href || !isLocal(href)) return tag;
  styles += 1;
  // A print stylesheet stays a print stylesheet.
  return `<style${media ? ` media="${media}"` : ''}>\n${inlineCss(distFile(href))}</style>`;
});

// --- preload hints -------------------------------------------------------------------------------

html = html.replace(/<link\b[^>]*\brel=["'](?:modulepreload|preload)["'][^>]*>/gi, '');

// --- the loader: found and taken out first, put back inline at the end ---------------------------

const LOADER_MARK = '<!--single-file-loader-->';
let loader = null;

// A boot script naming the glue and the wasm on its tag (boot.js): its own steps, inline, with its two
// loads swapped for what this file carries.
html = html.replace(/<script\b[^>]*>\s*<\/script>/gi, (tag) => {
  const attrs = attributes(tag);
  if (!attrs['data-js'] || !attrs['data-wasm'] || !attrs.src) return tag;
  if (loader) fail('the page has two loaders');
  let steps = fs.readFileSync(distFile(attrs.src), 'utf8');
  for (const [load, inline] of [
    ['await import(new URL(tag.dataset.js, base).href)', '__singleGlue'],
    ['new URL(tag.dataset.wasm, base).href', '__singleWasm()'],
  ]) {
    if (steps.split(load).length !== 2) fail(`${attrs.src} no longer loads with \`${load}\` (once): update scripts/single.mjs`);
    steps = steps.replace(load, inline);
  }
  // The single file has no such tag: nothing else may read it.
  if (/\btag\.[A-Za-z_$]/.test(steps)) fail(`${attrs.src} reads its tag beyond the two loads: update scripts/single.mjs`);
  loader = { jsRef: attrs['data-js'], wasmRef: attrs['data-wasm'], steps };
  return LOADER_MARK;
});
if (!loader) fail(`no loader found in ${indexFile}: no <script src data-js data-wasm> tag (Trunk.toml's pattern_script)`);

// --- anything else that would be fetched (only markup is left to search) -------------------------

html = html.replace(/\b(src|href)=(["'])([^"']+)\2/gi, (whole, attr, quote, ref) => {
  if (!isLocal(ref)) return whole;
  return `${attr}=${quote}${dataUrl(distFile(ref))}${quote}`;
});
const leftover = /\b(?:src|href)=["'](?!data:|#)[^"']+["']/i.exec(html);
if (leftover) fail(`the page still refers to a file: ${leftover[0]}`);

// --- the inline loader ---------------------------------------------------------------------------

/**
 * wasm-bindgen's `--target web` glue with its exports collected: an inline module script cannot be
 * imported from, so the loader reads them from the object the scoped glue returns.
 */
function convertGlue(source) {
  const bindings = [];
  let defaultName = null;
  let code = source.replace(/^export\s*\{([^}]*)\};?\s*$/gm, (_, list) => {
    for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [local, exported = local] = item.split(/\s+as\s+/).map((s) => s.trim());
      if (exported === 'default') defaultName = local;
      else bindings.push(exported === local ? local : `${exported}: ${local}`);
    }
    return '';
  });
  code = code.replace(/^export\s+default\s+(\w+);?\s*$/gm, (_, local) => {
    defaultName = local;
    return '';
  });
  code = code.replace(/^export\s+((?:async\s+)?function\*?|class|const|let|var)\s+([\w$]+)/gm, (_, kind, name) => {
    bindings.push(name);
    return `${kind} ${name}`;
  });
  if (!defaultName) fail('the wasm-bindgen glue has no default export (its init function)');
  if (/^\s*(import|export)\b/m.test(code)) fail('the wasm-bindgen glue has an import or export this script does not handle');
  bindings.push(`default: ${defaultName}`);
  return { code, bindings };
}

const glue = convertGlue(fs.readFileSync(distFile(loader.jsRef), 'utf8'));
const wasm = fs.readFileSync(distFile(loader.wasmRef));
const script = [
  '// The single-file build (scripts/single.mjs): wasm-bindgen\'s glue in its own scope (its top-level',
  '// names, such as `wasm`, would clash with the loader\'s), returning what it exported.',
  `const __singleGlue = (() => {\n${glue.code}\nreturn Object.freeze({ ${glue.bindings.join(', ')} });\n})();`,
  `const __singleWasmBase64 = "${wasm.toString('base64')}";`,
  '// The wasm, inlined: decoded once, nothing fetched.',
  'function __singleWasm() {',
  "  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(__singleWasmBase64);",
  '  const text = atob(__singleWasmBase64);',
  '  const bytes = new Uint8Array(text.length);',
  '  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);',
  '  return bytes;',
  '}',
  loader.steps,
]
  .join('\n')
  .replace(/<\/script/gi, '<\\/script');
html = html.replace(LOADER_MARK, () => `<script type="module">${script}</script>`);

// --- the page's Content-Security-Policy, fitted to one file --------------------------------------

const sha256 = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;
html = html.replace(/(<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=)(?:"([^"]*)"|'([^']*)')/i, (whole, start, double, single) => {
  const policy = double ?? single;
  const quote = double === undefined ? "'" : '"';
  const directives = new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
  // Scripts: the inline one (the loader), by its hash; nothing by URL.
  const scriptSrc = (directives.get('script-src') ?? directives.get('default-src') ?? []).filter((v) => v !== "'self'" && !/^https?:|^'sha/.test(v));
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => sha256(m[1]));
  directives.set('script-src', [...inline, ...scriptSrc.filter((v) => v === "'wasm-unsafe-eval'" || v === "'unsafe-eval'")]);
  if (!directives.get('script-src').includes("'wasm-unsafe-eval'")) directives.get('script-src').push("'wasm-unsafe-eval'");
  // Styles: the inlined stylesheets, unless inline styles are allowed already.
  const styleSrc = directives.get('style-src') ?? directives.get('default-src') ?? [];
  if (!styleSrc.includes("'unsafe-inline'")) {
    const hashes = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => sha256(m[1]));
    directives.set('style-src', [...styleSrc, ...hashes]);
  }
  // Nothing to fetch: the page refuses to.
  directives.set('connect-src', ["'none'"]);
  const fitted = [...directives].map(([name, values]) => [name, ...values].join(' ')).join('; ');
  return `${start}${quote}${fitted}${quote}`;
});

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, html);
const size = Buffer.byteLength(html);
const gz = zlib.gzipSync(html, { level: 9 }).length;
console.log(
  `${path.relative(process.cwd(), out)}: ${(size / 1024).toFixed(0)} KiB (${(gz / 1024).toFixed(0)} KiB gzipped); ` +
    `wasm ${(wasm.length / 1024).toFixed(0)} KiB inlined as base64, ${styles} stylesheets inlined`,
);
