// The worker side of tokenrenew: runs the Go runtime off the page's main
// thread, in a SharedWorker shared by every tab of the origin and build, or
// in a dedicated Worker of one page. tokenrenew.js starts it; nothing else
// should.
//
// Each page talks to it over one MessagePort (a SharedWorker's connect
// port, or a port a page hands a dedicated worker in {op: "connect"}).
// Renewers are shared by configuration: every page renewer whose options
// are equal (URL, profile and everything it sends, headers, timings) is a
// subscriber of one Go renewer, so tabs share its fetches, its events and
// its back-off. The worker holds nothing a dead page can orphan: it pings
// every page and forgets one that stops answering, a page says "bye" when
// it goes, and a Go renewer stops when its last subscriber leaves.
//
// Messages from a page: attach {id, rid, options}, call {id, rid, method:
// "token"|"refresh"}, cancel {id} (the page stopped waiting for that call
// or attach),
// detach {id, rid}, invalidate {rid, rejected}, pause {rid}, resume {rid},
// wake (the page became visible, came online or was resumed), sync {rid}
// (the page was frozen and wants the state, not the backlog), pong, bye.
// To a page: reply {id, ok, value|error, stats, current}, event {rid, type,
// detail, stats, current, replay, sent}, stats {rid, stats, current},
// synced {rid, stats, current}, ping, dropped. sent is when the event was
// sent (Date.now()): a page that reads it long after was frozen. current is the renewer's current() (the token and its times and
// extras, or null), so that a page's current() needs no round trip. Errors
// travel as plain objects (toWire) and are rebuilt as TokenRenewError.
import "./wasm_exec.js"; // loaded with the worker, in parallel with the runtime loader
import { loadGo } from "./tokenrenew-runtime.js";
import { stoppedError, toWire } from "./tokenrenew-error.js";

const pingMs = 5000; // how often each page is asked whether it is alive
const deadMs = 16000; // a page silent this long is forgotten (three pings)

/** Peer is one connected page: its port and its subscriptions. */
class Peer {
  constructor(port) {
    this.port = port;
    this.subs = new Map(); // rid -> Entry
    this.calls = new Map(); // call id -> AbortController, while it waits
    this.seen = Date.now();
  }

  post(msg) {
    this.port.postMessage(msg);
  }
}

/** Entry is one Go renewer and the page renewers subscribed to it. */
class Entry {
  constructor(key) {
    this.key = key;
    this.subs = new Set(); // {peer, rid, paused}
    this.paused = false; // every subscriber paused: so is the Go renewer
    this.handle = null;
    this.last = null; // the latest renewtoken detail, for pages that join later
    this.ready = null; // Promise: the Go renewer is created
    this.loader = new AbortController(); // aborted when every page gave up waiting for ready
  }

  /** The number of distinct pages subscribed. */
  tabs() {
    return new Set([...this.subs].map((s) => s.peer)).size;
  }

  stats() {
    if (!this.handle) return null;
    const s = this.handle.stats();
    return { ...s, lastError: s.lastError ? toWire(s.lastError) : null, tabs: this.tabs(), updatedAt: Date.now() };
  }

  /** The state a page keeps: stats and current(). */
  snapshot() {
    return { stats: this.stats(), current: this.handle ? this.handle.current() : null };
  }

  /** Sends an event to every subscriber, with the state after it. */
  emit(type, detail) {
    const wired = type === "error" ? { ...detail, error: toWire(detail.error) } : detail;
    if (type === "renewtoken") this.last = detail;
    const snap = this.snapshot();
    const sent = Date.now();
    for (const { peer, rid } of this.subs) peer.post({ op: "event", rid, type, detail: wired, ...snap, sent });
  }

  /** Sends the state to every subscriber (the number of tabs changed, a token was dropped). */
  publish() {
    if (!this.handle) return;
    const snap = this.snapshot();
    for (const { peer, rid } of this.subs) peer.post({ op: "stats", rid, ...snap });
  }

  /**
   * Pauses the Go renewer once every subscriber has paused, and resumes it
   * when one has not (a tab that joins, or one that resumed).
   */
  syncPause() {
    if (!this.handle) return;
    const all = this.subs.size > 0 && [...this.subs].every((s) => s.paused);
    if (all && !this.paused) this.handle.pause();
    else if (!all && this.paused) this.handle.resume();
    this.paused = all;
  }

  /** Marks the subscriptions of peer (with rid, or all of them) paused or not. */
  setPaused(peer, rid, paused) {
    for (const s of this.subs) if (s.peer === peer && (rid === undefined || s.rid === rid)) s.paused = paused;
    this.syncPause();
  }
}

const peers = new Set();
const entries = new Map(); // configuration key -> Entry
let pinger = null;

// The module starts loading as soon as the worker runs, as it would in a
// page at createRenewer, rather than when the first attach arrives: from
// the wasmUrl the page named in the worker's URL (?wasm=), else the default;
// an empty ?wasm= says the module comes as data with the first attach.
// This wait ends with the first attach, which waits for the load itself; a
// worker no page attaches to ends anyway.
const early = new AbortController();
const named = new URL(self.location.href).searchParams.get("wasm");
if (named !== "") loadGo(named ?? undefined, false, { signal: early.signal }).catch(() => {});

// keyOf names a configuration: every option that shapes the renewer or
// its requests, in a stable order. Where the files are (wasmUrl), the
// mode and how long a load may take do not make renewers different. It
// holds every input of the Go Store key (URL, profile settings, header
// names and values, identity), so tabs of two users never share a
// renewer, and more (timings): a finer rule than the Store key, never a
// coarser one. It is kept in this worker's memory only. Cookies are not
// options: a cookie login is told apart by the identity option, which
// cookie-login apps must pass.
function keyOf(options) {
  const norm = (v) => {
    if (v instanceof Uint8Array) return { bytes: Array.from(v) };
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm(v[k])]));
    }
    return v;
  };
  const { mode, wasmUrl, workerUrl, loadTimeoutMs, ...rest } = options;
  return JSON.stringify(norm(rest));
}

function accept(port) {
  const peer = new Peer(port);
  peers.add(peer);
  port.onmessage = (e) => receive(peer, e.data);
  // Where the browser reports a closed port, forget the page at once.
  port.addEventListener?.("close", () => forget(peer, false));
  port.start?.();
  pinger ??= setInterval(heartbeat, pingMs);
}

function heartbeat() {
  const now = Date.now();
  for (const peer of peers) {
    if (now - peer.seen > deadMs) forget(peer, true);
    else peer.post({ op: "ping" });
  }
}

// forget drops a page and its subscriptions. A page dropped for silence is
// told so: should it come back (it was frozen), it reconnects.
function forget(peer, tell) {
  if (!peers.delete(peer)) return;
  for (const [rid, entry] of peer.subs) unsubscribe(entry, peer, rid);
  peer.subs.clear();
  for (const ac of peer.calls.values()) ac.abort();
  peer.calls.clear();
  if (tell) peer.post({ op: "dropped" });
  else peer.port.close();
  idle();
}

// idle ends the heartbeat, and the worker itself, once no page is left.
function idle() {
  if (peers.size > 0) return;
  clearInterval(pinger);
  pinger = null;
  if (entries.size === 0) self.close();
}

function unsubscribe(entry, peer, rid) {
  for (const s of entry.subs) {
    if (s.peer === peer && s.rid === rid) entry.subs.delete(s);
  }
  peer.subs.delete(rid);
  if (entry.subs.size > 0) {
    entry.syncPause();
    entry.publish();
    return Promise.resolve();
  }
  entries.delete(entry.key);
  return entry.ready.then(() => entry.handle.stop(), () => {}).finally(idle);
}

// attach subscribes a page's renewer to the Go renewer of its options,
// creating it (and loading the module, bounded by options.loadTimeoutMs)
// when no page has. A load that fails or times out fails every waiting
// attach and is forgotten with its entry: the next attach, from any page,
// starts afresh. A page that stops waiting (cancel) is unsubscribed; once
// no page waits for an entry's load, the entry goes and its load is
// cancelled unless another entry waits for it.
async function attach(peer, msg) {
  const key = keyOf(msg.options);
  let entry = entries.get(key);
  const joined = entry !== undefined;
  if (!entry) {
    entry = new Entry(key);
    entries.set(key, entry);
    const { mode, wasmUrl, workerUrl, loadTimeoutMs, ...options } = msg.options; // read by the loader, not Go
    const made = entry;
    entry.ready = loadGo(wasmUrl, false, { timeoutMs: loadTimeoutMs, signal: entry.loader.signal }).then((api) => {
      const h = api.create(options, (type, detail) => made.emit(type, detail));
      if (h instanceof Error) throw h;
      made.handle = h;
    });
    entry.ready.catch(() => { if (entries.get(key) === made) entries.delete(key); });
  }
  early.abort(); // the entry waits for the load now
  const sub = { peer, rid: msg.rid, paused: false };
  entry.subs.add(sub);
  peer.subs.set(msg.rid, entry);
  const ac = new AbortController();
  peer.calls.set(msg.id, ac);
  const leave = () => {
    entry.subs.delete(sub);
    if (peer.subs.get(msg.rid) === entry) peer.subs.delete(msg.rid);
  };
  const gaveUp = () => {
    leave();
    if (entry.subs.size === 0 && !entry.handle && entries.get(key) === entry) {
      entries.delete(key);
      entry.loader.abort(stoppedError());
    }
  };
  ac.signal.addEventListener("abort", gaveUp, { once: true });
  try {
    await entry.ready;
  } catch (err) {
    leave();
    throw err;
  } finally {
    peer.calls.delete(msg.id);
    ac.signal.removeEventListener("abort", gaveUp);
  }
  if (ac.signal.aborted) return;
  entry.syncPause(); // a tab that joins a paused renewer wants it running
  peer.post({ op: "reply", id: msg.id, ok: true, ...entry.snapshot() });
  if (joined) {
    entry.publish();
    // A page that joins gets the current token as its first renewtoken.
    if (entry.last && entry.handle.stats().valid) {
      peer.post({ op: "event", rid: msg.rid, type: "renewtoken", detail: entry.last, ...entry.snapshot(), replay: true, sent: Date.now() });
    }
  }
}

// call runs token or refresh for a page; the page may stop waiting
// ("cancel"), which ends this call's wait in Go but no fetch.
async function call(peer, msg) {
  const entry = peer.subs.get(msg.rid);
  if (!entry) throw stoppedError();
  await entry.ready;
  const ac = new AbortController();
  peer.calls.set(msg.id, ac);
  try {
    const value = await entry.handle[msg.method](ac.signal);
    return { value, ...entry.snapshot() };
  } finally {
    peer.calls.delete(msg.id);
  }
}

function receive(peer, msg) {
  peer.seen = Date.now();
  if (!peers.has(peer) && msg.op !== "bye") {
    // A page forgotten while frozen speaks again: it reconnects on
    // "dropped"; until then it is told again.
    peer.post({ op: "dropped" });
    return;
  }
  const reply = (p) => p.then(
    (r) => peer.post({ op: "reply", id: msg.id, ok: true, ...r }),
    (err) => peer.post({ op: "reply", id: msg.id, ok: false, error: toWire(err) }));
  const entry = peer.subs.get(msg.rid);
  switch (msg.op) {
    case "attach":
      attach(peer, msg).catch((err) => peer.post({ op: "reply", id: msg.id, ok: false, error: toWire(err) }));
      break;
    case "call":
      reply(call(peer, msg));
      break;
    case "detach":
      reply(entry ? unsubscribe(entry, peer, msg.rid).then(() => ({})) : Promise.resolve({}));
      break;
    case "cancel":
      peer.calls.get(msg.id)?.abort();
      break;
    case "invalidate":
      entry?.ready.then(() => {
        entry.handle.invalidate(typeof msg.rejected === "string" ? msg.rejected : "");
        entry.publish(); // every page's current() drops the token
      }, () => {});
      break;
    case "pause":
      entry?.ready.then(() => entry.setPaused(peer, msg.rid, true), () => {});
      break;
    case "resume":
      entry?.ready.then(() => { entry.setPaused(peer, msg.rid, false); entry.handle.resume(); }, () => {});
      break;
    case "sync": // after everything sent before: the port keeps the order
      peer.post({ op: "synced", rid: msg.rid, ...(entry?.snapshot() ?? { stats: null, current: null }) });
      break;
    case "wake":
      for (const e of new Set(peer.subs.values())) {
        e.ready.then(() => { e.setPaused(peer, undefined, false); e.handle.resume(); }, () => {});
      }
      break;
    case "bye":
      forget(peer, false);
      break;
  }
}

self.addEventListener("connect", (e) => accept(e.ports[0])); // SharedWorker
self.addEventListener("message", (e) => { // dedicated Worker
  if (e.data?.op === "connect" && e.ports[0]) accept(e.ports[0]);
});
// A worker has no document, but it does learn that the network is back.
self.addEventListener("online", () => {
  for (const e of entries.values()) e.ready.then(() => e.handle.resume(), () => {});
});
