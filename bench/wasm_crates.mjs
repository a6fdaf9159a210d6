// What each crate contributes to a wasm file, from its name section (a build kept with names: wasm-opt
// -g). No dependencies: reads the sections directly (bench/wasm_binary.mjs).
//
//   node bench/wasm_crates.mjs FILE.wasm [TOP]
//
// Each function body in the code section is attributed to a crate by its demangled name: the crate of
// the path it starts with (`yew::dom_bundle::…` → yew; `<serde_json::Value as …>::fmt` → serde_json).
// Standard-library generics instantiated for another crate's types (`core::ptr::drop_in_place<yew::…>`)
// count for that crate, since that crate is why they exist. Names wasm-opt left out are "(no name)".

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

import { leb } from './wasm_binary.mjs';

const STD = new Set(['core', 'alloc', 'std']);
const PRIMITIVES = new Set(['str', 'bool', 'char', 'u8', 'u16', 'u32', 'u64', 'u128', 'usize', 'i8', 'i16', 'i32', 'i64', 'i128', 'isize', 'f32', 'f64', '_', 'T', 'dyn']);

function reader(bytes) {
  let pos = 0;
  const r = {
    get pos() {
      return pos;
    },
    set pos(v) {
      pos = v;
    },
    byte: () => bytes[pos++],
    u32() {
      const [value, next] = leb(bytes, pos);
      pos = next;
      return value;
    },
    str() {
      const len = r.u32();
      const s = Buffer.from(bytes.subarray(pos, pos + len)).toString('utf8');
      pos += len;
      return s;
    },
    limits() {
      const flags = r.byte();
      r.u32();
      if (flags & 1) r.u32();
    },
  };
  return r;
}

/** Sections, imported function count, function body sizes and names. */
export function parseWasm(file) {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const r = reader(bytes);
  r.pos = 8;
  const sections = [];
  let importedFuncs = 0;
  const bodies = [];
  const names = new Map();
  let dataBytes = 0;
  let dataSegments = [];
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    const end = start + size;
    let name = null;
    if (id === 0) {
      name = r.str();
      if (name === 'name') {
        while (r.pos < end) {
          const sub = r.byte();
          const subSize = r.u32();
          const subEnd = r.pos + subSize;
          if (sub === 1) {
            const count = r.u32();
            for (let i = 0; i < count; i += 1) {
              const index = r.u32();
              names.set(index, r.str());
            }
          }
          r.pos = subEnd;
        }
      }
    } else if (id === 2) {
      const count = r.u32();
      for (let i = 0; i < count; i += 1) {
        r.str();
        r.str();
        const kind = r.byte();
        if (kind === 0) {
          r.u32();
          importedFuncs += 1;
        } else if (kind === 1) {
          r.byte();
          r.limits();
        } else if (kind === 2) r.limits();
        else if (kind === 3) {
          r.byte();
          r.byte();
        } else if (kind === 4) {
          r.byte();
          r.u32();
        }
      }
    } else if (id === 10) {
      const count = r.u32();
      for (let i = 0; i < count; i += 1) {
        const entryStart = r.pos;
        const bodySize = r.u32();
        const bodyStart = r.pos;
        // The body and its size prefix: what removing the function would save.
        bodies.push({ index: importedFuncs + i, size: bodySize + (bodyStart - entryStart) });
        r.pos = bodyStart + bodySize;
      }
    } else if (id === 11) {
      dataBytes = size;
      dataSegments = bytes.subarray(start, end);
    }
    sections.push({ id, name, size });
    r.pos = end;
  }
  return { bytes, sections, importedFuncs, bodies, names, dataBytes, dataSegments };
}

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'];

/** The crate a demangled Rust symbol belongs to (see the header). */
export function crateOf(rawName) {
  if (!rawName) return '(no name)';
  // Legacy mangling ends in a hash; v0 (the precompiled std) puts one after each crate: core[c59…].
  const name = rawName.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{8,16}\]/g, '');
  if (/^(__wbg_|__wbindgen|__externref|Closure\(|Ref\(|[A-Za-z]+\(.*\) -> .* shim$)/.test(name) || /^<?wasm_bindgen::/.test(name)) {
    return 'wasm-bindgen';
  }
  if (name === 'main' || name.startsWith('jixiao_web::')) return 'jixiao';
  if (/^(memcpy|memmove|memset|memcmp|bcmp|__multi3|__[a-z]+[0-9]|__rust_|__rustc|__rdl_|__rg_|round|fmin|fmax|rust_begin_unwind|rust_panic|_ZN)/.test(name)) {
    return 'std';
  }
  // The roots of the paths in the name: an identifier followed by `::` at the start of a path.
  const roots = [...name.matchAll(/(?:^|[<\s(&,[*])([A-Za-z_][A-Za-z0-9_]*)::/g)]
    .map((m) => m[1])
    .filter((root) => !PRIMITIVES.has(root));
  if (roots.length === 0) return /^<?(str|bool|char|[iuf](8|16|32|64|128|size))\b/.test(name) ? 'std' : '(other)';
  const crate = STD.has(roots[0]) ? roots.find((root) => !STD.has(root)) ?? 'std' : roots[0];
  return crate === 'wasm_bindgen' ? 'wasm-bindgen' : crate;
}

/** Bytes by crate (code only), the data section, and the rest of the file. */
export function crateSizes(file) {
  const wasm = parseWasm(file);
  const byCrate = new Map();
  let named = 0;
  let codeBytes = 0;
  for (const body of wasm.bodies) {
    const name = wasm.names.get(body.index);
    if (name) named += 1;
    const crate = crateOf(name);
    const entry = byCrate.get(crate) ?? { crate, bytes: 0, functions: 0 };
    entry.bytes += body.size;
    entry.functions += 1;
    byCrate.set(crate, entry);
    codeBytes += body.size;
  }
  const sections = wasm.sections.map((s) => ({ section: s.id === 0 ? `custom:${s.name}` : SECTION_NAMES[s.id] ?? String(s.id), bytes: s.size }));
  return {
    file,
    fileBytes: wasm.bytes.length,
    functions: wasm.bodies.length,
    named,
    codeBytes,
    dataBytes: wasm.dataBytes,
    dataSegments: wasm.dataSegments,
    crates: [...byCrate.values()].sort((a, b) => b.bytes - a.bytes),
    sections,
  };
}

/** The largest functions, with their crate. */
export function topFunctions(file, count = 20) {
  const wasm = parseWasm(file);
  return wasm.bodies
    .map((b) => ({ name: (wasm.names.get(b.index) ?? '(no name)').replace(/::h[0-9a-f]{16}$/, ''), bytes: b.size }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count)
    .map((f) => ({ ...f, crate: crateOf(f.name) }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/wasm_crates.mjs FILE.wasm [TOP]');
    process.exit(2);
  }
  const sizes = crateSizes(file);
  console.log(`${file}: ${sizes.fileBytes} bytes, code ${sizes.codeBytes}, data ${sizes.dataBytes}, ${sizes.functions} functions (${sizes.named} named)`);
  for (const c of sizes.crates.slice(0, Number(process.argv[3] ?? 25))) {
    console.log(`${String(c.bytes).padStart(9)}  ${((100 * c.bytes) / sizes.codeBytes).toFixed(1).padStart(5)}%  ${String(c.functions).padStart(5)} fn  ${c.crate}`);
  }
  console.log('largest functions:');
  for (const f of topFunctions(file, 15)) console.log(`${String(f.bytes).padStart(9)}  ${f.crate.padEnd(16)} ${f.name.slice(0, 140)}`);
}
