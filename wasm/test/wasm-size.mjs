// make wasm-size-profile: where the bytes of tokenrenew.wasm go. Reads a Go
// js/wasm module built with its symbols (no -ldflags=-s -w, so that the
// name section names every function) and prints the code bytes of each
// package, largest first, with the data section and the gzip -9 size of
// the code and data sections:
//   node wasm/test/wasm-size.mjs dist/tokenrenew.symbols.wasm [rows]
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const [file, rows = "40"] = process.argv.slice(2);
const b = readFileSync(file);
let i = 8;
const leb = () => {
  let r = 0;
  let shift = 0;
  for (;;) {
    const x = b[i++];
    r += (x & 0x7f) * 2 ** shift;
    shift += 7;
    if (x < 0x80) return r;
  }
};
const name = () => {
  const n = leb();
  const s = b.toString("utf8", i, i + n);
  i += n;
  return s;
};
let imported = 0;
const bodies = [];
const names = new Map();
const sections = {};
while (i < b.length) {
  const id = b[i++];
  const size = leb();
  const end = i + size;
  sections[id] = (sections[id] ?? 0) + size;
  if (id === 2) { // imports: functions imported take the first indices
    for (let n = leb(); n > 0; n--) {
      name();
      name();
      const kind = b[i++];
      if (kind === 0) { leb(); imported++; } else if (kind === 3) { i += 2; } else {
        if (kind === 1) i++;
        const flags = b[i++];
        leb();
        if (flags & 1) leb();
      }
    }
  } else if (id === 10) {
    for (let n = leb(); n > 0; n--) {
      const start = i;
      const len = leb();
      bodies.push(i - start + len);
      i += len;
    }
  } else if (id === 0 && name() === "name") {
    while (i < end) {
      const sub = b[i++];
      const subEnd = leb() + i;
      if (sub === 1) {
        for (let n = leb(); n > 0; n--) {
          const idx = leb();
          names.set(idx, name());
        }
      }
      i = subEnd;
    }
  }
  i = end;
}
// pkg is the package of a function as Go's wasm names it
// ("github.com_tokenrenew_tokenrenew_renewer.New", "net_url.Parse").
const pkg = (fn) => {
  const from = fn.startsWith("github.com_") ? "github.com_".length : 0;
  const dot = fn.indexOf(".", from);
  return (dot > 0 ? fn.slice(0, dot) : fn).replace(/^[(*]+/, "");
};
const byPkg = new Map();
bodies.forEach((n, k) => {
  const p = pkg(names.get(k + imported) ?? "?");
  byPkg.set(p, (byPkg.get(p) ?? 0) + n);
});
const section = (id) => {
  let j = 8;
  let found = Buffer.alloc(0);
  while (j < b.length) {
    const sid = b[j++];
    let size = 0;
    let shift = 0;
    for (;;) { const x = b[j++]; size += (x & 0x7f) * 2 ** shift; shift += 7; if (x < 0x80) break; }
    if (sid === id) found = b.subarray(j, j + size);
    j += size;
  }
  return found;
};
const code = bodies.reduce((a, n) => a + n, 0);
console.log(`${file}: ${b.length} bytes; code ${code} bytes in ${bodies.length} functions (gzip -9 ${gzipSync(section(10), { level: 9 }).length}); ` +
  `data ${sections[11] ?? 0} bytes (gzip -9 ${gzipSync(section(11), { level: 9 }).length}); name section ${b.length - code - (sections[11] ?? 0)} bytes and the rest`);
console.log("code bytes  package");
for (const [p, n] of [...byPkg].sort((x, y) => y[1] - x[1]).slice(0, Number(rows))) {
  console.log(`${String(n).padStart(10)}  ${p.replaceAll("_", "/").replace("github.com/tokenrenew/tokenrenew/", "tokenrenew/")}`);
}
