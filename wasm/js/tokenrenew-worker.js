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
// "token"|"refresh"}, detach {id, rid}, invalidate {rid}, resume {rid},
// wake (the page became visible, came online or was resumed), pong, bye.
// To a page: reply {id, ok, value|error, stats}, event {rid, type, detail,
// stats, replay}, stats {rid, stats}, ping, dropped.
import "./wasm_exec.js"; // loaded with the worker, in parallel with the runtime loader
import { loadGo } from "./tokenrenew-runtime.js";

const pingMs = 5000; // how often each page is asked whether it is alive
const deadMs = 16000; // a page silent this long is forgotten (three pings)

/** Peer is one connected page: its port and its subscriptions. */
class Peer {
  constructor(port) {
    this.port = port;
    this.subs = new Map(); // rid -> Entry
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
    this.subs = new Set(); // {peer, rid}
    this.handle = null;
    this.last = null; // the latest renewtoken detail, for pages that join later
    this.ready = null; // Promise: the Go renewer is created
  }

  /** The number of distinct pages subscribed. */
  tabs() {
    return new Set([...this.subs].map((s) => s.peer)).size;
  }

  stats() {
    if (!this.handle) return null;
    const s = this.handle.stats();
    return { ...s, lastError: s.lastError ? wireError(s.lastError) : null, tabs: this.tabs(), updatedAt: Date.now() };
  }

  /** Sends an event to every subscriber, with the stats after it. */
  emit(type, detail) {
    const wired = type === "error" ? { ...detail, error: wireError(detail.error) } : detail;
    if (type === "renewtoken") this.last = detail;
    const stats = this.stats();
    for (const { peer, rid } of this.subs) peer.post({ op: "event", rid, type, detail: wired, stats });
  }

  /** Sends fresh stats to every subscriber (the number of tabs changed). */
  publish() {
    const stats = this.stats();
    if (stats) for (const { peer, rid } of this.subs) peer.post({ op: "stats", rid, stats });
  }
}

const peers = new Set();
const entries = new Map(); // configuration key -> Entry
let pinger = null;

// wireError turns an Error into a plain object that survives postMessage
// with its code (structured cloning keeps only an Error's name and message).
function wireError(err) {
  if (!(err instanceof Error)) return { name: "TokenRenewError", message: String(err), code: "network", permanent: false };
  const w = { name: err.name, message: err.message, code: err.code ?? "network", permanent: Boolean(err.permanent) };
  if (err.status !== undefined) w.status = err.status;
  if (err.retryAfterMs !== undefined) w.retryAfterMs = err.retryAfterMs;
  return w;
}

// keyOf names a configuration: every option that shapes the renewer or
// its requests, in a stable order. Where the files are (wasmUrl) and the
// mode do not make renewers different.
function keyOf(options) {
  const norm = (v) => {
    if (v instanceof Uint8Array) return { bytes: Array.from(v) };
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm(v[k])]));
    }
    return v;
  };
  const { mode, wasmUrl, workerUrl, ...rest } = options;
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
    entry.publish();
    return Promise.resolve();
  }
  entries.delete(entry.key);
  return entry.ready.then(() => entry.handle.stop(), () => {}).finally(idle);
}

async function attach(peer, msg) {
  const key = keyOf(msg.options);
  let entry = entries.get(key);
  const joined = entry !== undefined;
  if (!entry) {
    entry = new Entry(key);
    entries.set(key, entry);
    entry.ready = loadGo(msg.options.wasmUrl).then((api) => {
      const h = api.create(msg.options, (type, detail) => entry.emit(type, detail));
      if (h instanceof Error) throw h;
      entry.handle = h;
    });
    entry.ready.catch(() => { if (entries.get(key) === entry) entries.delete(key); });
  }
  entry.subs.add({ peer, rid: msg.rid });
  peer.subs.set(msg.rid, entry);
  try {
    await entry.ready;
  } catch (err) {
    peer.subs.delete(msg.rid);
    for (const s of entry.subs) if (s.peer === peer && s.rid === msg.rid) entry.subs.delete(s);
    throw err;
  }
  peer.post({ op: "reply", id: msg.id, ok: true, stats: entry.stats() });
  if (joined) {
    entry.publish();
    // A page that joins gets the current token as its first renewtoken.
    if (entry.last && entry.handle.stats().valid) {
      peer.post({ op: "event", rid: msg.rid, type: "renewtoken", detail: entry.last, stats: entry.stats(), replay: true });
    }
  }
}

async function call(peer, msg) {
  const entry = peer.subs.get(msg.rid);
  if (!entry) throw Object.assign(new Error("tokenrenew: the renewer is stopped"), { name: "TokenRenewError", code: "stopped", permanent: true });
  await entry.ready;
  const value = await entry.handle[msg.method]();
  return { value, stats: entry.stats() };
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
    (err) => peer.post({ op: "reply", id: msg.id, ok: false, error: wireError(err) }));
  const entry = peer.subs.get(msg.rid);
  switch (msg.op) {
    case "attach":
      attach(peer, msg).catch((err) => peer.post({ op: "reply", id: msg.id, ok: false, error: wireError(err) }));
      break;
    case "call":
      reply(call(peer, msg));
      break;
    case "detach":
      reply(entry ? unsubscribe(entry, peer, msg.rid).then(() => ({})) : Promise.resolve({}));
      break;
    case "invalidate":
      entry?.ready.then(() => entry.handle.invalidate(typeof msg.rejected === "string" ? msg.rejected : ""), () => {});
      break;
    case "resume":
      entry?.ready.then(() => entry.handle.resume(), () => {});
      break;
    case "wake":
      for (const e of new Set(peer.subs.values())) e.ready.then(() => e.handle.resume(), () => {});
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
