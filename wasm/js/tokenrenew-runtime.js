// The Go runtime: loads, compiles and starts tokenrenew.wasm once per
// JavaScript realm (a page, a worker, a Node.js process) and hands back the
// API the Go program leaves on globalThis.__tokenrenew (see wasm/main.go).
// tokenrenew.js imports it in page mode, tokenrenew-worker.js in a worker.

// build names this build: `make wasm` writes the content hash of
// tokenrenew.wasm here and ships the module as tokenrenew.<build>.wasm, so
// the file can be cached for ever. "dev" means the plain tokenrenew.wasm.
export const build = "dev";

/** The default location of the module, next to this file. */
export const defaultWasmUrl = new URL(build === "dev" ? "./tokenrenew.wasm" : `./tokenrenew.${build}.wasm`, import.meta.url);

let loading; // Promise of the Go API, shared by every caller in this realm

/**
 * Loads and starts the Go program once; later calls return the same
 * Promise, whatever source they name. A failed load is forgotten, so the
 * next call tries again.
 * @param {string|URL|ArrayBuffer|Uint8Array|WebAssembly.Module} [source]
 */
export function loadGo(source) {
  loading ??= start(source ?? defaultWasmUrl).catch((err) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

async function start(source) {
  await import("./wasm_exec.js"); // defines globalThis.Go
  const go = new globalThis.Go();
  const instance = await instantiate(source, go.importObject);
  go.run(instance); // runs main until it waits for calls; never settles
  const api = globalThis.__tokenrenew;
  delete globalThis.__tokenrenew;
  if (!api || typeof api.create !== "function") {
    throw new Error("tokenrenew: tokenrenew.wasm did not start");
  }
  return api;
}

async function instantiate(source, imports) {
  if (source instanceof WebAssembly.Module) {
    return WebAssembly.instantiate(source, imports);
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    return (await WebAssembly.instantiate(source, imports)).instance;
  }
  const url = new URL(source, import.meta.url);
  if (url.protocol === "file:") {
    const { readFile } = await import("node:fs/promises");
    return (await WebAssembly.instantiate(await readFile(url), imports)).instance;
  }
  const res = await fetch(url);
  if (!res.ok) {
    throw new Error(`tokenrenew: loading ${url.pathname} answered HTTP ${res.status}`);
  }
  if (WebAssembly.instantiateStreaming && res.headers.get("content-type") === "application/wasm") {
    return (await WebAssembly.instantiateStreaming(res, imports)).instance;
  }
  return (await WebAssembly.instantiate(await res.arrayBuffer(), imports)).instance;
}
