// What a .wasm's bytes are: each function's body size from the code section, attributed by the
// name section (Rust's mangled names) to its crate, plus the data segments. Reads the builds
// before wasm-opt (they keep their names): the npm package's and the Worker's.
// Usage: node bench/wasm-size.mjs <file.wasm> (prints JSON); imported by bench/report.mjs.
import { readFileSync } from "node:fs";

/** A LEB128 unsigned integer at `at`: [value, next offset]. */
function uleb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
    shift += 7;
  }
}

/** The crate a mangled (legacy `_ZN…E`) or plain name belongs to; trait impls by their type's crate. */
function crateOf(name) {
  const mangled = /^_ZN(\d+)(.+)$/.exec(name);
  if (!mangled) {
    // Demangled (wasm-bindgen demangles): `<&mut serde_json::…`, `core[1a2b]::…`, `voicehook::…`.
    const path = /^<*(?:&mut |&)?([A-Za-z_0-9]+)(?:\[[0-9a-f]+\])?::/.exec(name);
    return path ? path[1] : "(other)";
  }
  const first = mangled[2].slice(0, Number(mangled[1]));
  if (!first.startsWith("_$LT$")) return first;
  // `<T as Trait>::method`: the crate of T, as written after `_$LT$`.
  const inner = /^_\$LT\$(?:\$RF\$)?(?:mut\$u20\$)?([a-z_0-9]+)/.exec(first);
  return inner ? inner[1] : "(impls)";
}

/** Bytes of code per crate, and of data, in one wasm file. */
export function composition(path) {
  const bytes = readFileSync(path);
  let at = 8;
  let imported = 0;
  let bodies = [];
  let data = 0;
  const names = new Map();
  while (at < bytes.length) {
    const id = bytes[at];
    let size;
    [size, at] = uleb(bytes, at + 1);
    const end = at + size;
    if (id === 2) {
      // Imports: functions imported come first in the function index space.
      let count;
      let p;
      [count, p] = uleb(bytes, at);
      for (let i = 0; i < count; i++) {
        for (let s = 0; s < 2; s++) {
          let length;
          [length, p] = uleb(bytes, p);
          p += length;
        }
        const kind = bytes[p++];
        if (kind === 0) {
          imported++;
          [, p] = uleb(bytes, p);
        } else if (kind === 1) {
          p += 1;
          const flags = bytes[p++];
          [, p] = uleb(bytes, p);
          if (flags & 1) [, p] = uleb(bytes, p);
        } else if (kind === 2) {
          const flags = bytes[p++];
          [, p] = uleb(bytes, p);
          if (flags & 1) [, p] = uleb(bytes, p);
        } else if (kind === 3) {
          p += 2;
        } else {
          [, p] = uleb(bytes, p);
        }
      }
    } else if (id === 10) {
      let count;
      let p;
      [count, p] = uleb(bytes, at);
      bodies = [];
      for (let i = 0; i < count; i++) {
        let length;
        [length, p] = uleb(bytes, p);
        bodies.push(length);
        p += length;
      }
    } else if (id === 11) {
      data += size;
    } else if (id === 0) {
      let length;
      let p;
      [length, p] = uleb(bytes, at);
      const name = bytes.subarray(p, p + length).toString("utf8");
      p += length;
      while (name === "name" && p < end) {
        const sub = bytes[p];
        let subSize;
        [subSize, p] = uleb(bytes, p + 1);
        const subEnd = p + subSize;
        if (sub === 1) {
          let count;
          [count, p] = uleb(bytes, p);
          for (let i = 0; i < count; i++) {
            let index;
            let nameLength;
            [index, p] = uleb(bytes, p);
            [nameLength, p] = uleb(bytes, p);
            names.set(index, bytes.subarray(p, p + nameLength).toString("utf8"));
            p += nameLength;
          }
        }
        p = subEnd;
      }
    }
    at = end;
  }
  const crates = {};
  bodies.forEach((length, i) => {
    const crate = crateOf(names.get(imported + i) ?? "(unnamed)");
    crates[crate] = (crates[crate] ?? 0) + length;
  });
  const code = bodies.reduce((a, b) => a + b, 0);
  return { file: path, total: bytes.length, code, data, crates };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = composition(process.argv[2]);
  const top = Object.entries(result.crates).sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log(JSON.stringify({ ...result, crates: Object.fromEntries(top) }, null, 2));
}
