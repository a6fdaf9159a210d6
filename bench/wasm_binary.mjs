// The few pieces of the wasm binary format that bench/wasm_crates.mjs reads.

/** An unsigned LEB128 number at `pos`: its value and the position after it. */
export function leb(bytes, pos) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return [value, pos];
  }
}

/** Each section of a module: its id, where its body starts and where it ends. */
export function sections(bytes) {
  const out = [];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, body] = leb(bytes, pos + 1);
    out.push({ id, body, end: body + size });
    pos = body + size;
  }
  return out;
}
