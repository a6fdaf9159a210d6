#!/usr/bin/env node
// One self-contained HTML file from a Trunk release build: the calculator a department can email
// along with its JSON, that opens from disk (file://) and offline, fetching nothing.
//
//   node scripts/single.mjs [DIST] [OUT]      defaults: dist → dist-single/jixiao.html
//
// Reads what Trunk wrote to DIST/index.html and rewrites it:
// - each stylesheet <link> becomes a <style> with the file's content (url(...) inside as data: URLs);
// - Trunk's loader (`import init, * as bindings from './app.js'; await init({ module_or_path: './app_bg.wasm' })`)
//   becomes one inline module script: wasm-bindgen's JS glue in its own function scope, its `export`s
//   turned into the object the loader's `bindings` was, then the loader itself, given the wasm as
//   bytes decoded from base64 instead of a path;
// - the preload hints for the js and wasm go (there is nothing left to fetch).
// Anything else still pointing at a file (src=, href=) is inlined as a data: URL, or the script fails:
// a single file that fetches is worse than no single file. No dependencies beyond Node.

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
  const href = /\bhref=["']([^"']+)["']/i.exec(tag)?.[1];
  if (!href || !isLocal(href)) return tag;
  styles += 1;
  return `<style>\n${inlineCss(distFile(href))}</style>`;
});

// --- preload hints -------------------------------------------------------------------------------

html = html.replace(/<link\b[^>]*\brel=["'](?:modulepreload|preload)["'][^>]*>/gi, '');

// --- anything else that would be fetched (before the scripts go in, so only markup is searched) ---

html = html.replace(/\b(src|href)=(["'])([^"']+)\2/gi, (whole, attr, quote, ref) => {
  if (!isLocal(ref)) return whole;
  return `${attr}=${quote}${dataUrl(distFile(ref))}${quote}`;
});
const leftover = /\b(?:src|href)=["'](?!data:|#)[^"']+["']/i.exec(html);
if (leftover) fail(`the page still refers to a file: ${leftover[0]}`);

// --- the loader and the wasm-bindgen glue --------------------------------------------------------

const loaderRe = /<script type="module">([\s\S]*?)<\/script>/g;
let loaders = 0;
let wasmBytes = 0;
html = html.replace(loaderRe, (whole, body) => {
  const importRe = /import\s+(\w+)\s*,\s*\*\s*as\s+(\w+)\s+from\s+['"]([^'"]+\.js)['"];?/;
  const imported = importRe.exec(body);
  if (!imported) return whole;
  loaders += 1;
  const [importLine, initName, bindingsName, jsRef] = imported;
  const wasmRe = /module_or_path:\s*['"]([^'"]+\.wasm)['"]/;
  const wasmRef = wasmRe.exec(body)?.[1];
  if (!wasmRef) fail(`the loader script names no wasm file:\n${body}`);
  const glue = convertGlue(fs.readFileSync(distFile(jsRef), 'utf8'));
  const wasm = fs.readFileSync(distFile(wasmRef));
  wasmBytes = wasm.length;
  const loader = body
    .replace(importLine, `const ${bindingsName} = __singleGlue;\nconst ${initName} = __singleGlue.default;`)
    .replace(wasmRe, 'module_or_path: __singleWasm()');
  const decoder = [
    `const __singleWasmBase64 = "${wasm.toString('base64')}";`,
    '// The wasm, inlined: decoded once, nothing fetched.',
    'function __singleWasm() {',
    "  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(__singleWasmBase64);",
    '  const text = atob(__singleWasmBase64);',
    '  const bytes = new Uint8Array(text.length);',
    '  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);',
    '  return bytes;',
    '}',
  ].join('\n');
  // The glue in its own scope (its top-level names, such as `wasm`, would clash with the loader's),
  // returning what it exported, as \`import * as bindings\` would have.
  const scoped = `const __singleGlue = (() => {\n${glue.code}\nreturn Object.freeze({ ${glue.bindings.join(', ')} });\n})();`;
  const script = `${scoped}\n${decoder}\n${loader}`.replace(/<\/script/gi, '<\\/script');
  return `<script type="module">\n${script}\n</script>`;
});
if (loaders !== 1) fail(`expected one Trunk loader script in ${indexFile}, found ${loaders}`);

/**
 * wasm-bindgen's `--target web` glue as plain declarations, with what it exported: an inline module
 * script cannot be imported from, so the loader reads the declarations directly.
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
  return { code, bindings, defaultName };
}

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, html);
const size = Buffer.byteLength(html);
const gz = zlib.gzipSync(html, { level: 9 }).length;
console.log(
  `${path.relative(process.cwd(), out)}: ${(size / 1024).toFixed(0)} KiB (${(gz / 1024).toFixed(0)} KiB gzipped); ` +
    `wasm ${(wasmBytes / 1024).toFixed(0)} KiB inlined as base64, ${styles} stylesheets inlined`,
);
