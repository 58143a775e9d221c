// The Go runtime: loads, compiles and starts tokenrenew.wasm once per
// JavaScript realm (a page, a worker, a Node.js process) and hands back the
// API the Go program leaves on globalThis.__tokenrenew (see wasm/main.go).
// tokenrenew.js imports it in page mode, tokenrenew-worker.js in a worker.
import { renewError } from "./tokenrenew-error.js";

// build names this build: `make wasm` writes the content hash of
// tokenrenew.wasm here and ships the module as tokenrenew.<build>.wasm, so
// the file can be cached for ever. "dev" means the plain tokenrenew.wasm.
export const build = "dev";

/** The default location of the module, next to this file. */
export const defaultWasmUrl = new URL(build === "dev" ? "./tokenrenew.wasm" : `./tokenrenew.${build}.wasm`, import.meta.url);

let loading; // Promise of the Go API, shared by every caller in this realm
let loadedFrom; // the source of that load: a URL's href, or the bytes or module given

// sourceKey names source for comparison: URLs by their absolute form, data by identity.
function sourceKey(source) {
  return isData(source) ? source : new URL(source ?? defaultWasmUrl, import.meta.url).href;
}

/**
 * Loads and starts the Go program once; later calls return the same
 * Promise. With strict, a later call that names another source than the
 * first rejects (code "invalid_options") rather than quietly run the first
 * module; without it (the worker, whose pages all belong to one build),
 * the source of later calls is not looked at. A failed load is forgotten,
 * so the next call tries again.
 * @param {string|URL|ArrayBuffer|Uint8Array|WebAssembly.Module} [source]
 * @param {boolean} [strict]
 */
export function loadGo(source, strict = false) {
  if (loading) {
    if (strict && source !== undefined && sourceKey(source) !== loadedFrom) {
      const what = (k) => (typeof k === "string" ? k : "the module given as data");
      return Promise.reject(renewError("invalid_options", `tokenrenew.wasm is already loaded in this realm from ` +
        `${what(loadedFrom)}; one Go runtime runs per page, so it cannot also be loaded from ${what(sourceKey(source))}`));
    }
    return loading;
  }
  loadedFrom = sourceKey(source);
  loading = start(source ?? defaultWasmUrl).catch((err) => {
    loading = undefined;
    loadedFrom = undefined;
    throw err;
  });
  return loading;
}

async function start(source) {
  // The download starts first, in parallel with loading wasm_exec.js.
  const download = isData(source) ? null : fetchModule(source);
  download?.catch(() => {}); // reported below, where it is awaited
  await import("./wasm_exec.js"); // defines globalThis.Go
  const go = new globalThis.Go();
  const instance = await instantiate(source, download, go.importObject);
  go.run(instance); // runs main until it waits for calls; never settles
  const api = globalThis.__tokenrenew;
  delete globalThis.__tokenrenew;
  if (!api || typeof api.create !== "function") {
    throw new Error("tokenrenew: tokenrenew.wasm did not start");
  }
  return api;
}

function isData(source) {
  return source instanceof WebAssembly.Module || source instanceof ArrayBuffer || ArrayBuffer.isView(source);
}

// fetchModule fetches the module: a Response, or the bytes of a file: URL.
async function fetchModule(source) {
  const url = new URL(source, import.meta.url);
  if (url.protocol === "file:") {
    const { readFile } = await import("node:fs/promises");
    return readFile(url);
  }
  const res = await fetch(url);
  if (!res.ok) {
    throw new Error(`tokenrenew: loading ${url.pathname} answered HTTP ${res.status}`);
  }
  return res;
}

async function instantiate(source, download, imports) {
  if (source instanceof WebAssembly.Module) {
    return WebAssembly.instantiate(source, imports);
  }
  if (!download) {
    return (await WebAssembly.instantiate(source, imports)).instance;
  }
  const got = await download;
  if (!(got instanceof Response)) {
    return (await WebAssembly.instantiate(got, imports)).instance;
  }
  if (WebAssembly.instantiateStreaming && got.headers.get("content-type") === "application/wasm") {
    return (await WebAssembly.instantiateStreaming(got, imports)).instance;
  }
  return (await WebAssembly.instantiate(await got.arrayBuffer(), imports)).instance;
}
