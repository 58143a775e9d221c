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
import { TokenRenewError, renewError, stoppedError } from "./tokenrenew-error.js";
import { checkOptions, loaderOptions, optionsError } from "./tokenrenew-options.js";

export { TokenRenewError };

// build names this build (see tokenrenew-runtime.js); it names the
// SharedWorker too, so tabs of two builds never share one.
const build = "dev";

const internal = Symbol("tokenrenew.internal");
const modes = ["shared-worker", "worker", "page"];

/**
 * Loads and starts tokenrenew.wasm in this page (or Node.js process) once;
 * later calls return the same Promise. A later call that names another
 * source than the first rejects with code "invalid_options": a page runs
 * one Go runtime, so every renewer of the page uses the first module.
 * createRenewer calls it in page mode: call it yourself only to load early
 * in page mode. A load that fails, or takes longer than timeoutMs (default
 * 30000; code "timeout"), rejects with a TokenRenewError and is forgotten:
 * the next call starts a fresh one. signal ends this call's wait (it
 * rejects with signal.reason), and cancels the load once no one else waits.
 * @param {string|URL|ArrayBuffer|Uint8Array|WebAssembly.Module} [source]
 * @param {{signal?: AbortSignal, timeoutMs?: number}} [options]
 */
export async function load(source, options) {
  const { signal, timeoutMs } = loadOptions(options);
  const { loadGo } = await import("./tokenrenew-runtime.js");
  return loadGo(source, true, { signal, timeoutMs }).catch((err) => {
    throw signal?.aborted && err === signal.reason ? err : TokenRenewError.from(err);
  });
}

// loadOptions checks the second argument of load and createRenewer.
function loadOptions(options) {
  const signal = callSignal(options, "load");
  const timeoutMs = options?.timeoutMs;
  if (timeoutMs !== undefined && !(typeof timeoutMs === "number" && timeoutMs > 0 && timeoutMs <= 1e12)) {
    throw optionsError("timeoutMs", "the load's timeoutMs must be a positive number of milliseconds");
  }
  return { signal, timeoutMs };
}

/** The modes this realm can run, best first. */
function available() {
  return modes.filter((m) => m === "page" ||
    (m === "shared-worker" ? typeof SharedWorker === "function" : typeof Worker === "function"));
}

/**
 * Creates a renewer and starts fetching its first token. Events emitted
 * before the returned Promise settles are delivered after it, so listeners
 * added right after `await createRenewer(...)` see every event. Rejects with
 * a TokenRenewError: code "invalid_options" naming an unknown option, one
 * of the wrong type or otherwise unusable (see checkOptions), or settings
 * the token server would refuse; "timeout"
 * when tokenrenew.wasm did not load within options.loadTimeoutMs (default
 * 30000), or another code for a load that failed, with what the download
 * said as cause. A failed load is not joined again: the next createRenewer,
 * in this tab or another, starts a fresh one. init.signal ends the wait: the
 * Promise rejects with signal.reason, and the load (in the page, or the
 * worker's) is cancelled once no other renewer waits for it.
 * @param {import("./tokenrenew.js").RenewerOptions} options
 * @param {{signal?: AbortSignal}} [init]
 * @returns {Promise<Renewer>}
 */
export async function createRenewer(options, init) {
  checkOptions(options);
  const signal = callSignal(init, "createRenewer");
  signal?.throwIfAborted();
  options = { ...options };
  for (const k of ["url", "workerUrl"]) if (options[k] instanceof URL) options[k] = options[k].href;
  for (const k of Object.keys(options)) if (options[k] == null) delete options[k];
  const mode = options.mode ?? "auto";
  const can = available();
  if (mode !== "auto" && !can.includes(mode)) {
    throw renewError("unsupported", `mode "${mode}" is not available here`);
  }
  const tries = mode === "auto" ? can : [mode];
  for (const m of tries) {
    try {
      return await createIn(m, options, signal);
    } catch (err) {
      if (err?.code !== "unsupported" || m === tries.at(-1)) throw err;
    }
  }
}

// goOptions returns options without those only this module reads.
function goOptions(options) {
  const rest = { ...options };
  for (const k of loaderOptions) delete rest[k];
  return rest;
}

// workerWasm is the wasmUrl the page's workers were first given; another
// one later is refused, as load refuses it in page mode.
let workerWasm;

function claimWorkerWasm(url) {
  if (url === undefined) return;
  workerWasm ??= url;
  if (workerWasm !== url) {
    throw renewError("invalid_options", `the workers of this page load tokenrenew.wasm from ${workerWasm}; ` +
      `options.wasmUrl cannot name another module (${url})`);
  }
}

async function createIn(mode, options, signal) {
  const r = new Renewer(internal);
  const deliver = (type, detail) => r[internal].deliver(type, detail);
  const timeoutMs = options.loadTimeoutMs;
  let handle;
  if (mode === "page") {
    handle = pageHandle(await load(options.wasmUrl, { signal, timeoutMs }), goOptions(options), deliver);
  } else {
    const workerUrl = new URL(options.workerUrl ?? "./tokenrenew-worker.js", import.meta.url);
    const rest = goOptions(options);
    const wasm = options.wasmUrl;
    if (wasm !== undefined && !(wasm instanceof ArrayBuffer || ArrayBuffer.isView(wasm) || wasm instanceof WebAssembly.Module)) {
      rest.wasmUrl = new URL(wasm, import.meta.url).href;
      claimWorkerWasm(rest.wasmUrl);
      workerUrl.searchParams.set("wasm", rest.wasmUrl); // so that the worker starts loading it at once
    } else if (wasm !== undefined) {
      rest.wasmUrl = wasm;
      workerUrl.searchParams.set("wasm", ""); // the module comes with the first attach: none to start early
    }
    if (timeoutMs !== undefined) rest.loadTimeoutMs = timeoutMs;
    handle = await attach(mode, workerUrl, `tokenrenew@${build}`, rest, deliver, signal);
  }
  r[internal].attach(handle);
  return r;
}

// pageHandle wraps the Go handle of a renewer running in this page; every
// Error of the Go runtime is rebuilt as a TokenRenewError.
function pageHandle(api, options, deliver) {
  const h = api.create(options, (type, detail) => {
    if (type === "error") detail = { ...detail, error: TokenRenewError.from(detail.error) };
    deliver(type, detail);
  });
  if (h instanceof Error) {
    throw TokenRenewError.from(h);
  }
  const rebuilt = (err) => { throw TokenRenewError.from(err); };
  return {
    token: (signal) => h.token(signal).catch(rebuilt),
    refresh: (signal) => h.refresh(signal).catch(rebuilt),
    current: () => h.current(),
    invalidate: (rejected) => h.invalidate(rejected),
    pause: () => h.pause(),
    resume: () => h.resume(),
    stop: () => h.stop(),
    stats: () => {
      const s = h.stats();
      return { ...s, lastError: s.lastError ? TokenRenewError.from(s.lastError) : null, mode: "page", tabs: 1, updatedAt: Date.now() };
    },
  };
}

// callSignal returns the signal of a token() or refresh() options object,
// or of createRenewer's second argument (what says which).
function callSignal(options, what = "the call") {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== "object") {
    throw optionsError(undefined, `${what}'s last argument must be an object such as { signal }`);
  }
  const { signal } = options;
  if (signal !== undefined && signal !== null &&
      (typeof signal.aborted !== "boolean" || typeof signal.addEventListener !== "function")) {
    throw optionsError("signal", "signal must be an AbortSignal");
  }
  return signal ?? undefined;
}

// withSignal runs call(signal), rejecting with signal.reason as soon as
// signal aborts; call's own result is then ignored.
function withSignal(signal, call) {
  if (signal === undefined) return call(undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    call(signal).then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
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

  #call(method, options) {
    let signal;
    try {
      signal = callSignal(options);
    } catch (err) {
      return Promise.reject(err);
    }
    if (this.#stopping) return Promise.reject(stoppedError());
    return withSignal(signal, (s) => this.#handle[method](s));
  }

  /**
   * The current token, waiting for a fetch only when none is valid. With
   * options.signal, the wait ends when the signal aborts: the Promise
   * rejects with the signal's reason, and the fetch goes on for the others.
   */
  token(options) {
    return this.#call("token", options);
  }

  /** Fetches a new token now (or joins the fetch in progress); options.signal as token(). */
  refresh(options) {
    return this.#call("refresh", options);
  }

  /**
   * The token held now with its times and extras, or null when none is
   * valid; it never waits. In a worker mode, from the worker's latest
   * message, as stats().
   */
  current() {
    return this.#stopping ? null : this.#handle.current();
  }

  /**
   * Drops the token the media service rejected and fetches a new one. Pass the rejected
   * token: if it was already replaced, nothing happens; without it, the current one.
   */
  invalidate(rejected) {
    if (rejected !== undefined && typeof rejected !== "string") {
      throw optionsError(undefined, "invalidate takes the rejected token (a string) or nothing");
    }
    if (!this.#stopping) this.#handle.invalidate(rejected ?? "");
  }

  /**
   * Stops renewing on its own (no scheduled renewal, no retry, no timer)
   * until resume() or the page becomes visible again: for a page hidden for
   * long. token() and refresh() still fetch when called. In
   * "shared-worker" mode the shared renewer pauses once every tab using it
   * has paused.
   */
  pause() {
    if (!this.#stopping) this.#handle.pause();
  }

  /** Checks the clock now and retries a waiting or blocked renewal; ends a pause. */
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

// `await using r = await createRenewer(...)` stops the renewer at the end
// of the block; `using` starts stopping it (no event is dispatched after),
// without waiting. Where the symbols are missing, call stop().
if (typeof Symbol.asyncDispose === "symbol") {
  Object.defineProperty(Renewer.prototype, Symbol.asyncDispose, {
    value: function asyncDispose() { return this.stop(); }, writable: true, configurable: true,
  });
}
if (typeof Symbol.dispose === "symbol") {
  Object.defineProperty(Renewer.prototype, Symbol.dispose, {
    value: function dispose() { this.stop().catch(() => {}); }, writable: true, configurable: true,
  });
}
