// What the split's first module is made of, and what taking parts of it out would save, gzipped.
// By hand, not part of `make bench` (docs/PERFORMANCE.md quotes its figures with the commit).
//
//   JIXIAO_SPLIT=1 JIXIAO_FIRST_SCREEN=0 JIXIAO_SPLIT_KEEP=/tmp/split trunk build --release --dist /tmp/dist
//   node bench/first_module.mjs /tmp/split ['label=REGEX' ...]
//
// The kept working files hold the whole module and the profile; the split is redone with names kept
// (`wasm-split -g`, then `wasm-opt -Oz -g`), which leaves the same code as the shipped first module.
// Each 'label=REGEX' replaces the bodies of the functions whose names match with a trap, and the label
// `data` zeroes the data section; the line says what the shipped module's gzip would lose. An estimate
// of what the code is worth, not a working module.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { leb } from '../scripts/wasm_binary.mjs';
import { crateSizes, parseWasm, topFunctions } from './wasm_crates.mjs';

const WASM_SPLIT = process.env.JIXIAO_WASM_SPLIT ?? path.join(os.homedir(), '.local/lib/jixiao/binaryen/usr/bin/wasm-split');
const VIEWS = 'CompStateInner<COMP> as yew::html::component::lifecycle::Stateful>::view';
const DEFAULT_CUTS = [
  `views=${VIEWS.replace(/[<>]/g, '.')}`,
  'loader=^<?(jixiao::format|serde_json|indexmap)',
  `views+loader=(${VIEWS.replace(/[<>]/g, '.')}|^<?(jixiao::format|serde_json|indexmap))`,
  'data',
];

function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.error}`);
}

function uleb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}

/** The module without custom sections, the matching function bodies a trap, the data zeroed if asked. */
function cut(bytes, names, importedFuncs, pattern, zeroData) {
  const parts = [bytes.subarray(0, 8)];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, start] = leb(bytes, pos + 1);
    const end = start + size;
    if (id === 10 && pattern) {
      let [count, at] = leb(bytes, start);
      const entries = [uleb(count)];
      for (let i = 0; i < count; i += 1) {
        const [bodySize, bodyStart] = leb(bytes, at);
        at = bodyStart + bodySize;
        const trap = pattern.test(names.get(importedFuncs + i) ?? '');
        entries.push(trap ? Buffer.from([3, 0, 0x00, 0x0b]) : bytes.subarray(bodyStart - uleb(bodySize).length, at));
      }
      const body = Buffer.concat(entries);
      parts.push(Buffer.from([10]), uleb(body.length), body);
    } else if (id === 11 && zeroData) {
      parts.push(Buffer.from([11]), uleb(size), Buffer.alloc(size));
    } else if (id !== 0) {
      parts.push(bytes.subarray(pos, end));
    }
    pos = end;
  }
  return Buffer.concat(parts);
}

const kept = process.argv[2];
if (!kept || !fs.existsSync(path.join(kept, 'merged.prof'))) {
  console.error('usage: node bench/first_module.mjs KEPT_SPLIT_DIR [label=REGEX | data ...] (see the header)');
  process.exit(2);
}
const named = path.join(kept, 'first-named.wasm');
const scratch = path.join(kept, 'first-named-split');
fs.mkdirSync(scratch, { recursive: true });
run(WASM_SPLIT, ['-g', '--split', '-all', '--profile', path.join(kept, 'merged.prof'), path.join(kept, 'bindgen/app_bg.wasm'),
  '-o1', path.join(scratch, 'p.wasm'), '-o2', path.join(scratch, 's.wasm'), '--export-prefix=%', '--placeholder-namespace=placeholder', '--import-namespace=primary']);
run('wasm-opt', ['-Oz', '-g', '--enable-reference-types', path.join(scratch, 'p.wasm'), '-o', named]);

const sizes = crateSizes(named);
console.log(`first module: code ${sizes.codeBytes} bytes in ${sizes.functions} functions, data ${sizes.dataBytes}`);
for (const c of sizes.crates.slice(0, 10)) console.log(`${String(c.bytes).padStart(9)}  ${c.crate}`);
const views = topFunctions(named, 1e6).filter((f) => f.name.includes(VIEWS));
console.log(`${String(views.reduce((sum, f) => sum + f.bytes, 0)).padStart(9)}  of Yew's: the component views (${views.length})`);

// The shipped module has the same code; its exports keep short names, as the -g split's do not.
const shipped = fs.readFileSync(path.join(kept, 'primary.wasm'));
const { names, importedFuncs } = parseWasm(named);
const gzip = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;
const base = gzip(cut(shipped, names, importedFuncs, null, false));
console.log(`shipped first module, gzipped (zlib 9): ${base}`);
for (const spec of process.argv.length > 3 ? process.argv.slice(3) : DEFAULT_CUTS) {
  const [label, regex] = spec.split(/=(.*)/s);
  const pattern = regex ? new RegExp(regex) : null;
  const less = base - gzip(cut(shipped, names, importedFuncs, pattern, label === 'data'));
  console.log(`${label.padEnd(16)} saves ${(less / 1024).toFixed(1)} KiB gzipped`);
}
