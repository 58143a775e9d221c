// The Go runtime: loads, compiles and starts tokenrenew.wasm once per
// JavaScript realm (a page, a worker, a Node.js process) and hands back the
// API the Go program leaves on globalThis.__tokenrenew (see wasm/main.go).
// tokenrenew.js imports it in page mode, tokenrenew-worker.js in a worker.
import { TokenRenewError, renewError } from "./tokenrenew-error.js";
import { defaultLoadTimeoutMs } from "./tokenrenew-options.js";

// build names this build: `make wasm` writes the content hash of
// tokenrenew.wasm here and ships the module as tokenrenew.<build>.wasm, so
// the file can be cached for ever. "dev" means the plain tokenrenew.wasm.
export const build = "dev";

/** The default location of the module, next to this file. */
export const defaultWasmUrl = new URL(build === "dev" ? "./tokenrenew.wasm" : `./tokenrenew.${build}.wasm`, import.meta.url);


let loading; // the load in progress or done: {promise, controller, waiters}
let loadedFrom; // the source of that load: a URL's href, or the bytes or module given

// sourceKey names source for comparison: URLs by their absolute form, data by identity.
function sourceKey(source) {
  return isData(source) ? source : new URL(source ?? defaultWasmUrl, import.meta.url).href;
}

/**
 * Loads and starts the Go program once; later calls return the same
 * result. With strict, a later call that names another source than the
 * first rejects (code "invalid_options") rather than quietly run the first
 * module; without it (the worker, whose pages all belong to one build),
 * the source of later calls is not looked at. A failed load is forgotten,
 * so the next call starts a fresh one instead of joining it. It rejects
 * with a TokenRenewError: code "http_status" with the status for an HTTP
 * answer other than 2xx (permanent but for 408, 425, 429 and 5xx other
 * than 501 and 505, as the renewer judges a token server's), "network" for
 * a download that failed (transient), "timeout" (transient, with what the
 * download was waiting for as cause) when this call waited longer than
 * timeoutMs (default defaultLoadTimeoutMs), "unsupported" without fetch,
 * and "internal" for a module that cannot be read (a missing file is
 * permanent), does not compile or link (not tokenrenew's, or built by
 * another Go than wasm_exec.js), or did not start (permanent).
 *
 * signal ends this call's wait: it rejects with signal.reason. A load still
 * in progress when every call waiting for it has given up (its signal
 * aborted, or its timeout passed) is cancelled, its download aborted, and
 * forgotten.
 * @param {string|URL|ArrayBuffer|Uint8Array|WebAssembly.Module} [source]
 * @param {boolean} [strict]
 * @param {{signal?: AbortSignal, timeoutMs?: number}} [options]
 */
export function loadGo(source, strict = false, { signal, timeoutMs } = {}) {
  if (loading) {
    if (strict && source !== undefined && sourceKey(source) !== loadedFrom) {
      const what = (k) => (typeof k === "string" ? k : "the module given as data");
      return Promise.reject(renewError("invalid_options", `tokenrenew.wasm is already loaded in this realm from ` +
        `${what(loadedFrom)}; one Go runtime runs per page, so it cannot also be loaded from ${what(sourceKey(source))}`));
    }
  } else {
    loadedFrom = sourceKey(source);
    loading = begin(source ?? defaultWasmUrl);
  }
  return wait(loading, signal, timeoutMs ?? defaultLoadTimeoutMs);
}

// begin starts a load; a load that fails is forgotten.
function begin(source) {
  const load = { controller: new AbortController(), waiters: 0, done: false, promise: null,
    stage: { at: "request", failure: undefined } }; // how far it came, and what failed
  load.promise = start(source, load.controller.signal, load.stage).then((api) => {
    load.done = true;
    return api;
  }, (err) => {
    load.done = true;
    forget(load);
    throw err;
  });
  load.promise.catch(() => {}); // each waiter reports it
  return load;
}

// stalls says what a load that timed out was waiting for, by stage.at.
const stalls = {
  request: "the server did not answer the module's request",
  body: "the module's download stalled after the server's answer",
  compile: "the module did not compile in time",
};

// seconds writes ms for a person: "30 s", "1.5 s".
function seconds(ms) {
  return `${Math.round(ms / 100) / 10} s`;
}

function forget(load) {
  if (loading !== load) return;
  loading = undefined;
  loadedFrom = undefined;
}

// wait waits for load for at most timeoutMs, or until signal aborts; the
// last waiter to give up on a load in progress cancels it.
function wait(load, signal, timeoutMs) {
  if (signal?.aborted) return Promise.reject(signal.reason);
  load.waiters++;
  return new Promise((resolve, reject) => {
    let timer;
    let waiting = true;
    const end = () => {
      waiting = false;
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
      load.waiters--;
    };
    const giveUp = (err) => {
      if (!waiting) return;
      end();
      reject(err);
      if (load.waiters === 0 && !load.done) {
        forget(load);
        load.controller.abort(err);
      }
    };
    const abort = () => giveUp(signal.reason);
    timer = setTimeout(() => giveUp(renewError("timeout", `tokenrenew.wasm did not load within ${seconds(timeoutMs)}`, {
      permanent: false, cause: load.stage.failure ?? renewError("network", stalls[load.stage.at], { permanent: false }),
    })), timeoutMs);
    signal?.addEventListener("abort", abort, { once: true });
    load.promise.then((api) => {
      if (!waiting) return;
      end();
      resolve(api);
    }, (err) => {
      if (!waiting) return;
      end();
      reject(err);
    });
  });
}

async function start(source, signal, stage) {
  // The download starts first, in parallel with loading wasm_exec.js.
  const download = isData(source) ? null : fetchModule(source, signal);
  download?.catch((err) => { stage.failure = err; });
  await import("./wasm_exec.js"); // defines globalThis.Go
  const go = new globalThis.Go();
  const instance = await instantiate(source, download, go.importObject, stage).catch((err) => {
    stage.failure = loadFailure(err);
    throw stage.failure;
  });
  if (signal.aborted) throw signal.reason; // too late: the caller has given up; start no Go
  const running = go.run(instance); // runs main until it waits for calls; never settles
  const api = globalThis.__tokenrenew;
  delete globalThis.__tokenrenew;
  if (!api || typeof api.create !== "function") {
    running.catch(() => {}); // why it stopped is wasm_exec.js's business; that it did is reported here
    throw renewError("internal", "tokenrenew.wasm did not start: not tokenrenew's module, or built by another Go than wasm_exec.js");
  }
  return api;
}

// loadFailure turns an error of downloading or compiling the module into a
// TokenRenewError: a module that does not compile or link is "internal" and
// permanent, a body that could not be read is the network's.
function loadFailure(err) {
  if (err instanceof TokenRenewError) return err;
  if (err instanceof WebAssembly.CompileError || err instanceof WebAssembly.LinkError ||
    err instanceof WebAssembly.RuntimeError) {
    return renewError("internal", `tokenrenew.wasm cannot be used: ${err.message}`);
  }
  return renewError("network", `loading tokenrenew.wasm failed: ${err?.message ?? err}`, { permanent: false });
}

// temporary reports whether an HTTP status may pass, as the renewer's
// StatusError.Temporary says of a token server's: 408, 425, 429 and 5xx
// other than 501 and 505. The loader runs before Go does, so it cannot ask;
// TestLoaderStatusRuleIsTheEngines (wasm/current_test.go) holds the two together.
export const temporary = (s) => s === 408 || s === 425 || s === 429 || (s >= 500 && s !== 501 && s !== 505);

// missingFile holds the file-system errors no retry mends: no such file, or
// one this process may not read.
const missingFile = new Set(["ENOENT", "ENOTDIR", "EISDIR", "EACCES", "EPERM"]);

function isData(source) {
  return source instanceof WebAssembly.Module || source instanceof ArrayBuffer || ArrayBuffer.isView(source);
}

// fetchModule fetches the module: a Response, or the bytes of a file: URL.
async function fetchModule(source, signal) {
  const url = new URL(source, import.meta.url);
  if (url.protocol === "file:") {
    const { readFile } = await import("node:fs/promises");
    return readFile(url).catch((err) => {
      throw renewError("internal", `cannot read ${url.pathname}: ${err.message}`, { permanent: missingFile.has(err.code) });
    });
  }
  if (typeof fetch !== "function") {
    throw renewError("unsupported", "this JavaScript runtime has no fetch to load tokenrenew.wasm with");
  }
  const res = await fetch(url, { signal }).catch((err) => {
    throw renewError("network", `loading ${url.pathname} failed: ${err.message}`, { permanent: false, cause: err });
  });
  if (!res.ok) {
    throw renewError("http_status", `loading ${url.pathname} answered HTTP ${res.status}`,
      { status: res.status, permanent: !temporary(res.status) });
  }
  return res;
}

async function instantiate(source, download, imports, stage) {
  if (source instanceof WebAssembly.Module) {
    return WebAssembly.instantiate(source, imports);
  }
  if (!download) {
    return (await WebAssembly.instantiate(source, imports)).instance;
  }
  const got = await download;
  stage.at = "body";
  if (!(got instanceof Response)) {
    stage.at = "compile";
    return (await WebAssembly.instantiate(got, imports)).instance;
  }
  if (WebAssembly.instantiateStreaming && got.headers.get("content-type") === "application/wasm") {
    return (await WebAssembly.instantiateStreaming(got, imports)).instance;
  }
  return (await WebAssembly.instantiate(await got.arrayBuffer(), imports)).instance;
}
