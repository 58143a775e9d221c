// tokenrenew: keeps a short-lived access token fresh in the browser (and in
// Node.js), with Go's renewer compiled to WebAssembly and the page's fetch.
//
//   import { createRenewer } from "./tokenrenew.js";
//   const r = await createRenewer({ url, profile: "agora", channel, uid });
//   r.addEventListener("renewtoken", (e) => client.renewToken(e.detail.token));
//   const token = await r.token();
//
// Where it runs (options.mode, default "auto", the first that works):
//   "shared-worker"  one SharedWorker per origin and build runs the Go
//                    runtime for every tab; tabs asking for the same
//                    configuration share one renewer, its fetches and events;
//   "worker"         a dedicated Worker per page runs it;
//   "page"           the page itself runs it (Node.js, or no workers).
// In the worker modes the page loads no wasm and does no Go work.
// tokenrenew.wasm is next to this file unless options.wasmUrl says otherwise;
// the worker is tokenrenew-worker.js next to this file unless
// options.workerUrl says otherwise.
import { attach } from "./tokenrenew-remote.js";

// build names this build (see tokenrenew-runtime.js); it names the
// SharedWorker too, so tabs of two builds never share one.
const build = "dev";

const internal = Symbol("tokenrenew.internal");
const modes = ["shared-worker", "worker", "page"];

/**
 * Loads and starts tokenrenew.wasm in this page (or Node.js process) once;
 * later calls return the same Promise. createRenewer calls it in page mode:
 * call it yourself only to load early in page mode.
 * @param {string|URL|ArrayBuffer|Uint8Array|WebAssembly.Module} [source]
 */
export async function load(source) {
  const { loadGo } = await import("./tokenrenew-runtime.js");
  return loadGo(source);
}

function renewError(code, msg) {
  const err = new Error(`tokenrenew: ${msg}`);
  err.name = "TokenRenewError";
  err.code = code;
  err.permanent = true;
  return err;
}

function stoppedError() {
  return renewError("stopped", "the renewer is stopped");
}

/** The modes this realm can run, best first. */
function available() {
  return modes.filter((m) => m === "page" ||
    (m === "shared-worker" ? typeof SharedWorker === "function" : typeof Worker === "function"));
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
  const mode = options.mode ?? "auto";
  if (mode !== "auto" && !modes.includes(mode)) {
    throw renewError("invalid_options", 'options.mode must be "auto", "shared-worker", "worker" or "page"');
  }
  const can = available();
  if (mode !== "auto" && !can.includes(mode)) {
    throw renewError("unsupported", `mode "${mode}" is not available here`);
  }
  const tries = mode === "auto" ? can : [mode];
  for (const m of tries) {
    try {
      return await createIn(m, options);
    } catch (err) {
      if (err?.code !== "unsupported" || m === tries.at(-1)) throw err;
    }
  }
}

async function createIn(mode, options) {
  const r = new Renewer(internal);
  const deliver = (type, detail) => r[internal].deliver(type, detail);
  let handle;
  if (mode === "page") {
    handle = pageHandle(await load(options.wasmUrl), options, deliver);
  } else {
    const workerUrl = new URL(options.workerUrl ?? "./tokenrenew-worker.js", import.meta.url);
    const { mode: _m, workerUrl: _w, ...rest } = options;
    if (rest.wasmUrl !== undefined && !(rest.wasmUrl instanceof ArrayBuffer || ArrayBuffer.isView(rest.wasmUrl))) {
      rest.wasmUrl = new URL(rest.wasmUrl, import.meta.url).href;
    }
    handle = await attach(mode, workerUrl, `tokenrenew@${build}`, rest, deliver);
  }
  r[internal].attach(handle);
  return r;
}

// pageHandle wraps the Go handle of a renewer running in this page.
function pageHandle(api, options, deliver) {
  const h = api.create(options, deliver);
  if (h instanceof Error) {
    throw h;
  }
  return {
    token: () => h.token(),
    refresh: () => h.refresh(),
    invalidate: (rejected) => h.invalidate(rejected),
    resume: () => h.resume(),
    stop: () => h.stop(),
    stats: () => ({ ...h.stats(), mode: "page", tabs: 1, updatedAt: Date.now() }),
  };
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

  /**
   * Drops the token the media service rejected and fetches a new one. Pass the rejected
   * token: if it was already replaced, nothing happens; without it, the current one.
   */
  invalidate(rejected) {
    if (!this.#stopping) this.#handle.invalidate(typeof rejected === "string" ? rejected : "");
  }

  /** Checks the clock now and retries a waiting or blocked renewal. */
  resume() {
    if (!this.#stopping) this.#handle.resume();
  }

  /**
   * Counters and the current state, with the mode and the number of tabs
   * sharing the renewer; after stop, the state at stop. In a worker mode,
   * the worker's latest snapshot (see updatedAt).
   */
  stats() {
    return this.#stopping ? this.#lastStats : this.#handle.stats();
  }

  /** True once stop has been called. */
  get stopped() {
    return this.#stopping !== null;
  }

  /**
   * Stops renewing, cancels the fetch in progress, removes the page
   * listeners and releases everything; resolves when all is done. In a
   * worker mode it detaches this renewer from the worker's: that one stops
   * when no tab uses it, and the worker ends with the page's (dedicated)
   * or every tab's (shared) last renewer.
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
