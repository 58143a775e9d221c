// The page side of the worker modes: one connection per page and mode to
// tokenrenew-worker.js, carrying every renewer of the page. The page does
// no Go work: it forwards calls and its own lifecycle (visible, online,
// resumed, leaving) and hands the worker's events to its renewers.
// Protocol: see tokenrenew-worker.js.
import { TokenRenewError, renewError } from "./tokenrenew-error.js";
import { defaultLoadTimeoutMs } from "./tokenrenew-options.js";

const connections = new Map(); // mode -> Connection

/**
 * Attaches a renewer with these options to the page's worker of this mode
 * ("shared-worker" or "worker"), starting the worker if needed. Resolves
 * to the renewer's handle once the worker has created or joined it;
 * rejects with code "unsupported" when the worker cannot start, with the
 * worker's error when its load of the module failed or timed out, with
 * "timeout" when the worker did not answer within the load's timeout and
 * a grace (answerGraceMs), and with signal.reason when signal aborts
 * first (the worker is told, and drops the attachment).
 */
export function attach(mode, workerUrl, name, options, deliver, signal) {
  let conn = connections.get(mode);
  if (!conn) {
    conn = new Connection(mode, workerUrl, name);
    connections.set(mode, conn);
    conn.start();
  }
  return conn.attach(options, deliver, signal);
}

// answerGraceMs is how much longer than the load's own timeout a page waits
// for the worker's answer to attach: the worker reports its load's
// timeout itself, so this only ends the wait on a worker that never runs.
const answerGraceMs = 5000;

/** errorFromWire rebuilds an error the worker sent as a plain object. */
export const errorFromWire = (w) => TokenRenewError.from(w);

// The page's copy of the worker's current() must answer at once, and the
// Go renewer runs in the worker: a synchronous call cannot reach it. So the
// two rules the page applies to that copy are stated here, once, as the Go
// engine states them; wasm/current_test.go holds them to the engine.

/**
 * validAt reports whether c, a current() detail, is still valid at nowMs:
 * renewer.Token.ValidAt (a token and an expiry, and now before it). With
 * Date.now()'s whole milliseconds and the detail's expiresAt cut to whole
 * milliseconds, it never says valid where Go would not.
 */
export function validAt(c, nowMs) {
  return c != null && typeof c.token === "string" && c.token !== "" && c.expiresAt != null && nowMs < c.expiresAt;
}

/**
 * drops reports whether invalidate(rejected) drops c, the token held:
 * renewer.Renewer.Invalidate ("" means the current one; another token
 * means one already replaced, which leaves c alone).
 */
export function drops(rejected, c) {
  return c != null && (rejected === "" || rejected === c.token);
}

function unsupported(msg) {
  return renewError("unsupported", msg);
}

class Connection {
  #mode;
  #url;
  #name;
  #worker = null;
  #port = null;
  #up = false; // the worker has answered once
  #pending = new Map(); // id -> {msg, resolve, reject}
  #handles = new Map(); // rid -> RemoteHandle
  #nextId = 1;
  #nextRid = 1;
  #unhook = [];
  #heard = Date.now(); // when the worker last spoke
  #watch = null;

  constructor(mode, url, name) {
    this.#mode = mode;
    this.#url = url;
    this.#name = name;
  }

  /** Starts the worker (or connects to the shared one) and listens to the page. */
  start() {
    this.#open();
    if (!this.#port) return; // it failed: attach rejects, and the next one tries again
    this.#hookPage();
    // The worker pings every 5 s; one silent for 20 s has died (or was
    // replaced): start again. Hidden tabs run this rarely, which is enough.
    this.#watch = setInterval(() => {
      if (this.#port && this.#handles.size > 0 && Date.now() - this.#heard > 20000) this.#reconnect();
    }, 10000);
  }

  #open() {
    this.#up = false;
    this.#heard = Date.now();
    let w;
    try {
      if (this.#mode === "shared-worker") {
        w = new SharedWorker(this.#url, { type: "module", name: this.#name });
        this.#port = w.port;
      } else {
        w = new Worker(this.#url, { type: "module", name: this.#name });
        const ch = new MessageChannel();
        w.postMessage({ op: "connect" }, [ch.port2]);
        this.#port = ch.port1;
      }
    } catch (err) {
      this.#worker = null;
      this.#port = null;
      this.#fail(unsupported(`cannot start a ${this.#mode}: ${err.message}`));
      return;
    }
    this.#worker = w;
    w.addEventListener("error", (e) => {
      if (!this.#up && this.#worker === w) this.#fail(unsupported(`the ${this.#mode} failed to start${e.message ? ": " + e.message : ""}`));
    });
    this.#port.onmessage = (e) => this.#receive(e.data);
  }

  // fail rejects everything waiting on a worker that did not start, and
  // forgets the connection: the next renewer tries again.
  #fail(err) {
    if (connections.get(this.#mode) === this) connections.delete(this.#mode);
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    this.#handles.clear();
    this.#shutdown();
    for (const p of pending) p.reject(err);
  }

  #hookPage() {
    if (typeof window === "undefined" || typeof document === "undefined") return;
    const on = (target, type, fn) => {
      target.addEventListener(type, fn);
      this.#unhook.push(() => target.removeEventListener(type, fn));
    };
    const wake = () => this.post({ op: "wake" });
    on(document, "visibilitychange", () => { if (document.visibilityState === "visible") wake(); });
    on(document, "resume", wake); // the page was frozen and runs again
    on(window, "online", wake);
    // Leaving (or entering the back/forward cache): say so, so the worker
    // need not wait for missed pings; coming back from the cache: reattach.
    on(window, "pagehide", () => {
      this.post({ op: "bye" });
      this.#close();
    });
    on(window, "pageshow", (e) => { if (e.persisted) this.#reconnect(); });
  }

  #close() {
    this.#port?.close();
    if (this.#worker && this.#mode === "worker") this.#worker.terminate();
    this.#port = null;
    this.#worker = null;
  }

  // reconnect opens a new port (and worker, if the old one is gone) and
  // attaches every renewer again: after the worker forgot a frozen page,
  // or after the back/forward cache.
  #reconnect() {
    this.#close();
    this.#open();
    for (const h of this.#handles.values()) {
      this.#send({ op: "attach", rid: h.rid, options: h.options }).then((r) => h.caughtUp(r), (err) => {
        h.deliver("error", { error: err, code: err.code, permanent: Boolean(err.permanent) });
      });
    }
    for (const [id, p] of this.#pending) {
      if (p.msg.op === "detach") {
        this.#pending.delete(id);
        p.resolve({});
      } else if (p.msg.op === "call") {
        this.post(p.msg);
      }
    }
  }

  post(msg) {
    this.#port?.postMessage(msg);
  }

  // send posts msg and resolves with the worker's reply. When signal
  // aborts first, the worker is told to end the call's wait ("cancel") and
  // the reply, should it come, is dropped.
  #send(msg, signal) {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      msg = { ...msg, id };
      let settle = (fn) => fn;
      if (signal) {
        const abort = () => {
          if (!this.#pending.delete(id)) return;
          this.post({ op: "cancel", id });
          reject(signal.reason);
        };
        signal.addEventListener("abort", abort, { once: true });
        settle = (fn) => (v) => { signal.removeEventListener("abort", abort); fn(v); };
      }
      this.#pending.set(id, { msg, resolve: settle(resolve), reject: settle(reject) });
      try {
        if (!this.#port) throw unsupported(`the ${this.#mode} is not running`);
        this.#port.postMessage(msg);
      } catch (err) {
        this.#pending.get(id)?.reject(err.name === "DataCloneError"
          ? renewError("invalid_options", `options cannot be sent to a worker: ${err.message}`)
          : err);
        this.#pending.delete(id);
      }
    });
  }

  async attach(options, deliver, signal) {
    const h = new RemoteHandle(this, this.#nextRid++, options, deliver, this.#mode);
    this.#handles.set(h.rid, h);
    const ms = (options.loadTimeoutMs ?? defaultLoadTimeoutMs) + answerGraceMs;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(renewError("timeout",
      `the ${this.#mode} did not answer within ${ms / 1000} s`, { permanent: false })), ms);
    const abort = () => ac.abort(signal.reason);
    signal?.addEventListener("abort", abort, { once: true });
    try {
      h.update(await this.#send({ op: "attach", rid: h.rid, options }, ac.signal));
      return h;
    } catch (err) {
      this.#handles.delete(h.rid);
      this.#closeIfIdle();
      throw err;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    }
  }

  call(rid, method, signal) {
    return this.#send({ op: "call", rid, method }, signal).then((r) => {
      this.#handles.get(rid)?.update(r);
      return r.value;
    });
  }

  async detach(rid) {
    this.#handles.delete(rid);
    await this.#send({ op: "detach", rid }).catch(() => {});
    this.#closeIfIdle();
  }

  // closeIfIdle lets the worker go once the page has no renewer left.
  #closeIfIdle() {
    if (this.#handles.size > 0 || this.#pending.size > 0) return;
    if (connections.get(this.#mode) === this) connections.delete(this.#mode);
    this.post({ op: "bye" });
    this.#shutdown();
  }

  // shutdown closes the connection for good.
  #shutdown() {
    this.#close();
    clearInterval(this.#watch);
    for (const f of this.#unhook) f();
    this.#unhook = [];
  }

  #receive(msg) {
    this.#up = true;
    this.#heard = Date.now();
    const h = this.#handles.get(msg.rid);
    switch (msg.op) {
      case "reply": {
        const p = this.#pending.get(msg.id);
        if (!p) return;
        this.#pending.delete(msg.id);
        if (msg.ok) p.resolve(msg);
        else p.reject(errorFromWire(msg.error));
        return;
      }
      case "event":
        if (h) h.event(msg);
        return;
      case "stats":
        h?.update(msg);
        return;
      case "synced":
        h?.caughtUp(msg);
        return;
      case "ping":
        this.post({ op: "pong" });
        return;
      case "dropped":
        this.#reconnect();
        return;
    }
  }
}

// staleMs is how old an event may be when the page reads it before the page
// counts as having been frozen (or blocked) meanwhile: it then catches up
// instead of replaying the backlog.
const staleMs = 1000;

/**
 * RemoteHandle is one page renewer's view of its renewer in the worker.
 *
 * A page that was frozen (or too busy to read its port) finds the worker's
 * events of that time queued. It does not replay them: at the first event
 * older than staleMs, or a renewtoken for a token already expired, it
 * drops that event and the rest of the backlog, asks the worker for the
 * state ("sync", answered after everything sent before it), and then
 * delivers the current token as one renewtoken whose detail.skipped counts
 * the tokens of the backlog it did not deliver. A page the worker forgot
 * meanwhile catches up the same way from its new attachment's answer.
 */
class RemoteHandle {
  constructor(conn, rid, options, deliver, mode) {
    this.conn = conn;
    this.rid = rid;
    this.options = options;
    this.deliver = deliver;
    this.mode = mode;
    this.snapshot = null;
    this.cur = null; // the worker's current(), as of its latest message
    this.lastToken = null;
    this.backlog = null; // while catching up: the tokens of the renewtokens dropped
  }

  /** update keeps the stats and current token a message of the worker carries. */
  update(msg) {
    if (msg.stats) this.snapshot = msg.stats;
    if (msg.current !== undefined) this.cur = msg.current;
  }

  event(msg) {
    const { type, replay } = msg;
    let { detail } = msg;
    this.update(msg);
    const now = Date.now();
    if (this.backlog === null && !replay &&
        (now - (msg.sent ?? now) > staleMs || (type === "renewtoken" && !validAt(detail, now)))) {
      this.backlog = new Set();
      this.conn.post({ op: "sync", rid: this.rid });
    }
    if (this.backlog !== null) {
      if (type === "renewtoken") this.backlog.add(detail.token);
      return;
    }
    if (type === "renewtoken") {
      // A page that (re)joins is sent the current token; skip it if this
      // page has it already.
      if (replay && detail.token === this.lastToken) return;
      this.lastToken = detail.token;
    }
    if (type === "error") detail = { ...detail, error: errorFromWire(detail.error) };
    this.deliver(type, detail);
  }

  /**
   * caughtUp ends a catch-up with the worker's state in msg (a "synced"
   * or the answer to a new attachment): the current token, unless this
   * page has it, as a renewtoken with skipped.
   */
  caughtUp(msg) {
    this.update(msg);
    const backlog = this.backlog;
    if (backlog === null) return;
    this.backlog = null;
    const c = this.cur;
    if (!validAt(c, Date.now()) || c.token === this.lastToken) return;
    backlog.delete(c.token);
    this.lastToken = c.token;
    this.deliver("renewtoken", { ...c, extra: { ...c.extra }, skipped: backlog.size });
  }

  token(signal) { return this.conn.call(this.rid, "token", signal); }
  refresh(signal) { return this.conn.call(this.rid, "refresh", signal); }

  current() {
    const c = this.cur;
    return validAt(c, Date.now()) ? { ...c, extra: { ...c.extra } } : null;
  }

  invalidate(rejected) {
    // Dropped here at once, as in page mode; the worker confirms.
    if (drops(rejected, this.cur)) this.cur = null;
    this.conn.post({ op: "invalidate", rid: this.rid, rejected });
  }

  pause() { this.conn.post({ op: "pause", rid: this.rid }); }
  resume() { this.conn.post({ op: "resume", rid: this.rid }); }
  stop() { return this.conn.detach(this.rid); }

  stats() {
    const s = this.snapshot ?? {};
    return { ...s, lastError: s.lastError ? errorFromWire(s.lastError) : null, mode: this.mode };
  }
}
