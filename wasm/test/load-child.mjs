// Run by node.test.mjs, in a realm of its own (one Go runtime starts per
// realm): tries to load tokenrenew.wasm from each source given as an
// argument, in order, and prints one JSON line per attempt with what the
// loader rejected with, or "started". A source "bytes:junk" is bytes that
// are no WebAssembly, "bytes:empty" an empty module that is not Go's;
// "no-fetch:URL" is URL in a runtime without fetch; "default" is the module
// next to the loader.
import { loadGo } from "../../dist/tokenrenew-runtime.js";
import { TokenRenewError } from "../../dist/tokenrenew-error.js";

const data = {
  "bytes:junk": new Uint8Array([1, 2, 3, 4]),
  "bytes:empty": new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
};

for (const arg of process.argv.slice(2)) {
  const noFetch = arg.startsWith("no-fetch:");
  const source = arg === "default" ? undefined : data[arg] ?? (noFetch ? arg.slice("no-fetch:".length) : arg);
  const fetch = globalThis.fetch;
  if (noFetch) globalThis.fetch = undefined;
  try {
    await loadGo(source);
    console.log(JSON.stringify({ source: arg, started: true }));
  } catch (err) {
    console.log(JSON.stringify({
      source: arg, instance: err instanceof TokenRenewError, code: err?.code, permanent: err?.permanent,
      status: err?.status, message: String(err?.message),
    }));
  } finally {
    globalThis.fetch = fetch;
  }
}
