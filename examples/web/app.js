// The demo page: one renewer against a token server, every event shown as
// it happens, and where the renewer runs (a SharedWorker shared by every tab
// of this page, a dedicated Worker, or the page). Query parameters: server
// (default http://127.0.0.1:8080), profile (default agora), channel, uid,
// mode (auto, shared-worker, worker, page; default auto).
import { createRenewer } from "../../dist/tokenrenew.js";

const params = new URLSearchParams(location.search);
const server = (params.get("server") || "http://127.0.0.1:8080").replace(/\/$/, "");
const profile = params.get("profile") || "agora";
const paths = { agora: "/getToken", dolby: "/token", roomservice: "/auth", json: "/json", text: "/text" };
const $ = (id) => document.getElementById(id);

let current = null; // { token, issuedAt, expiresAt, expirySource }
let renewals = 0;

$("server").textContent = server;
$("profile").textContent = profile;

function log(kind, what) {
  const li = document.createElement("li");
  li.className = kind;
  const time = document.createElement("time");
  time.textContent = new Date().toLocaleTimeString([], { hour12: false });
  const k = document.createElement("span");
  k.className = "kind";
  k.textContent = kind;
  const w = document.createElement("span");
  w.className = "what";
  w.textContent = what;
  li.append(time, k, w);
  $("log").prepend(li);
}

function state(text, kind) {
  $("state").textContent = text;
  $("state").className = `pill pill-${kind}`;
}

// format names what kind of token it is, from its shape.
function format(token) {
  if (token.startsWith("007")) return "Agora AccessToken2";
  if (token.startsWith("006")) return "Agora AccessToken";
  if (token.split(".").length === 3) return "JWT";
  return "opaque";
}

const short = (t) => (t.length > 28 ? `${t.slice(0, 18)}…${t.slice(-6)}` : t);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function tick() {
  if (current) {
    const left = Math.max(0, current.expiresAt - Date.now());
    const life = current.expiresAt - current.issuedAt;
    $("countdown").textContent = left > 0 ? secs(left) : "expired";
    $("bar").style.width = `${Math.min(100, (100 * left) / life)}%`;
    $("bar").classList.toggle("late", left < life / 4);
  }
  requestAnimationFrame(tick);
}

const opts = { url: server + (paths[profile] || ""), profile, channel: params.get("channel") || "demo",
  uid: params.get("uid") || "4242", room: "demo", mode: params.get("mode") || "auto" };

// where shows where the renewer runs and how many tabs share it.
function where(r) {
  const s = r.stats();
  $("mode").textContent = s.mode;
  $("tabs").textContent = String(s.tabs);
  $("fetches").textContent = String(s.fetches);
}

try {
  const r = await createRenewer(opts);
  where(r);
  setInterval(() => { if (!r.stopped) where(r); }, 1000);
  r.addEventListener("renewtoken", (e) => {
    const d = e.detail;
    current = d;
    renewals++;
    $("token").textContent = short(d.token);
    $("format").textContent = format(d.token);
    $("source").textContent = d.expirySource;
    $("renewals").textContent = String(renewals);
    state("valid", "ok");
    log("renewtoken", `new token, lives ${secs(d.expiresAt - d.issuedAt)} (expiry from ${d.expirySource})`);
    where(r);
  });
  r.addEventListener("tokenwillexpire", (e) => {
    state("expiring", "wait");
    log("tokenwillexpire", `expires in ${secs(e.detail.leftMs)}, renewal is late`);
  });
  r.addEventListener("tokenexpired", () => {
    state("expired", "bad");
    log("tokenexpired", "the token expired before a new one arrived");
  });
  r.addEventListener("error", (e) => {
    const { code, permanent, error } = e.detail;
    if (permanent) state("blocked", "bad");
    log("error", `${code}${permanent ? " (permanent)" : ", retrying"}: ${error.message}`);
  });
  $("refresh").onclick = async () => {
    log("action", "refresh requested");
    try { await r.refresh(); } catch (err) { log("error", `refresh: ${err.code}: ${err.message}`); }
  };
  $("invalidate").onclick = () => {
    log("action", "token invalidated: the media service rejected it");
    r.invalidate();
  };
  $("stop").onclick = async () => {
    await r.stop();
    current = null;
    state("stopped", "bad");
    $("countdown").textContent = "—";
    $("bar").style.width = "0";
    for (const id of ["refresh", "invalidate", "stop"]) $(id).disabled = true;
    log("action", r.stats().mode === "shared-worker"
      ? "this tab detached; the shared renewer stops when no tab uses it" : "renewer stopped");
  };
  globalThis.renewer = r; // for the console
} catch (err) {
  state("error", "bad");
  log("error", `${err.code || "error"}: ${err.message}`);
}
requestAnimationFrame(tick);
