// tokenrenew: keeps a short-lived access token fresh in the browser (and in
// Node.js), with Go's renewer compiled to WebAssembly and the page's fetch.
//
//   import { createRenewer } from "./tokenrenew.js";
//   const r = await createRenewer({ url, profile: "agora", channel, uid });
//   r.addEventListener("renewtoken", (e) => client.renewToken(e.detail.token));
//   const token = await r.token();
//
// tokenrenew.wasm is loaded once per page, next to this file unless
// options.wasmUrl says otherwise, and shared by every renewer.
import "./wasm_exec.js";

const internal = Symbol("tokenrenew.internal");
let loading; // Promise of the Go API, shared by every renewer of this module

/**
 * Loads and starts tokenrenew.wasm once; later calls return the same
 * Promise. createRenewer calls it: call it yourself only to load early.
 * @param {string|URL|ArrayBuffer|Uint8Array|WebAssembly.Module} [source]
 */
export function load(source) {
  loading ??= start(source ?? new URL("./tokenrenew.wasm", import.meta.url)).catch((err) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

async function start(source) {
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

function stoppedError() {
  const err = new Error("tokenrenew: the renewer is stopped");
  err.name = "TokenRenewError";
  err.code = "stopped";
  err.permanent = true;
  return err;
}

/**
 * Creates a renewer and starts fetching its first token. Events emitted
 * before the returned Promise settles are delivered after it, so listeners
 * added right after `await createRenewer(...)` see every event.
 * @param {import("./tokenrenew.js").RenewerOptions} options
 * @returns {Promise<Renewer>}
 */
export async function createRenewer(options) {
  if (options === null || typeof options !== "object") {
    throw new TypeError("tokenrenew: createRenewer needs an options object");
  }
  const api = await load(options.wasmUrl);
  const r = new Renewer(internal);
  const handle = api.create(options, (type, detail) => r[internal].deliver(type, detail));
  if (handle instanceof Error) {
    throw handle;
  }
  r[internal].attach(handle);
  return r;
}

/**
 * A Renewer keeps one token fresh. It is an EventTarget: "renewtoken",
 * "tokenwillexpire", "tokenexpired" and "error" are CustomEvents whose
 * detail describes what happened. Create it with createRenewer.
 */
export class Renewer extends EventTarget {
  #handle = null;
  #stopping = null;
  #lastStats = null;
  #queue = []; // events waiting for createRenewer to hand the renewer out

  constructor(key) {
    super();
    if (key !== internal) {
      throw new TypeError("tokenrenew: use createRenewer to create a Renewer");
    }
    let ready = false;
    Object.defineProperty(this, internal, {
      value: {
        attach: (handle) => {
          this.#handle = handle;
          setTimeout(() => {
            ready = true;
            const queued = this.#queue;
            this.#queue = [];
            for (const [type, detail] of queued) this.#dispatch(type, detail);
          }, 0);
        },
        deliver: (type, detail) => {
          if (ready) this.#dispatch(type, detail);
          else this.#queue.push([type, detail]);
        },
      },
    });
  }

  #dispatch(type, detail) {
    if (this.#stopping === null) this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** The current token, waiting for a fetch only when none is valid. */
  token() {
    return this.#stopping ? Promise.reject(stoppedError()) : this.#handle.token();
  }

  /** Fetches a new token now (or joins the fetch in progress). */
  refresh() {
    return this.#stopping ? Promise.reject(stoppedError()) : this.#handle.refresh();
  }

  /** Drops the current token, which the media service rejected, and fetches a new one. */
  invalidate() {
    if (!this.#stopping) this.#handle.invalidate();
  }

  /** Checks the clock now and retries a waiting or blocked renewal. */
  resume() {
    if (!this.#stopping) this.#handle.resume();
  }

  /** Counters and the current state; after stop, the state at stop. */
  stats() {
    return this.#stopping ? this.#lastStats : this.#handle.stats();
  }

  /** True once stop has been called. */
  get stopped() {
    return this.#stopping !== null;
  }

  /**
   * Stops renewing, cancels the fetch in progress, removes the page
   * listeners and releases everything; resolves when all is done.
   */
  stop() {
    if (!this.#stopping) {
      this.#lastStats = this.#handle.stats();
      this.#queue = [];
      this.#stopping = this.#handle.stop();
    }
    return this.#stopping;
  }
}
