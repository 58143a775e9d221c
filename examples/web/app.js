// The demo page: one renewer against a token server, every event shown as
// it happens, and where the renewer runs (a SharedWorker shared by every tab
// of this page, a dedicated Worker, or the page). Query parameters: server
// (default http://127.0.0.1:8080), profile (default agora), channel, uid,
// mode (auto, shared-worker, worker, page; default auto).
//
// `make test-wasm` type-checks this file against tokenrenew.d.ts (tsc
// --strict with checkJs): the JSDoc comments below are all it needs.
import { createRenewer, TokenRenewError } from "../../dist/tokenrenew.js";

/** @typedef {import("../../dist/tokenrenew.js").Profile} Profile */
/** @typedef {import("../../dist/tokenrenew.js").RenewerOptions} RenewerOptions */
/** @typedef {import("../../dist/tokenrenew.js").Renewer} Renewer */

const params = new URLSearchParams(location.search);
const server = (params.get("server") || "http://127.0.0.1:8080").replace(/\/$/, "");
/** @type {Record<string, string>} the token route of each profile on `tokenctl serve` */
const paths = { agora: "/getToken", dolby: "/token", roomservice: "/auth", json: "/json", text: "/text" };
const profile = /** @type {Profile} */ (params.get("profile") || "agora");
/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

let renewals = 0;
let hadToken = false;

$("server").textContent = server;
$("profile").textContent = profile;

/**
 * @param {string} kind
 * @param {string} what
 */
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

/**
 * @param {string} text
 * @param {"ok" | "wait" | "bad"} kind
 */
function state(text, kind) {
  $("state").textContent = text;
  $("state").className = `pill pill-${kind}`;
}

/**
 * format names what kind of token it is, from its shape.
 * @param {string} token
 */
function format(token) {
  if (token.startsWith("007")) return "Agora AccessToken2";
  if (token.startsWith("006")) return "Agora AccessToken";
  if (token.split(".").length === 3) return "JWT";
  return "opaque";
}

/** @param {string} t */
const short = (t) => (t.length > 28 ? `${t.slice(0, 18)}…${t.slice(-6)}` : t);
/** @param {number} ms */
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** @type {Renewer | null} */
let renewer = null;

// tick shows the countdown of the token held now: current() is synchronous
// in every mode, so it can run every frame.
function tick() {
  const now = renewer?.current();
  if (now) {
    const left = Math.max(0, now.expiresAt - Date.now());
    const life = now.expiresAt - now.issuedAt;
    $("countdown").textContent = secs(left);
    $("bar").style.width = `${Math.min(100, (100 * left) / life)}%`;
    $("bar").classList.toggle("late", left < life / 4);
  } else if (hadToken) {
    $("countdown").textContent = renewer?.stopped ? "—" : "expired";
    $("bar").style.width = "0";
  }
  requestAnimationFrame(tick);
}

// Each profile takes its own options (createRenewer refuses the others'):
// a channel and uid for Agora, a room for Room Service.
const common = { url: server + (paths[profile] || ""),
  mode: /** @type {RenewerOptions["mode"]} */ (params.get("mode") || "auto") };
/** @type {RenewerOptions} */
const opts = profile === "agora"
  ? { ...common, profile, channel: params.get("channel") || "demo", uid: params.get("uid") || "4242" }
  : profile === "roomservice" ? { ...common, profile, room: "demo" } : { ...common, profile };

/**
 * where shows where the renewer runs and how many tabs share it.
 * @param {Renewer} r
 */
function where(r) {
  const s = r.stats();
  $("mode").textContent = s.mode;
  $("tabs").textContent = String(s.tabs);
  $("fetches").textContent = String(s.fetches);
}

/** @param {unknown} err */
function describe(err) {
  if (err instanceof TokenRenewError) return `${err.code}${err.status ? ` (HTTP ${err.status})` : ""}: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

try {
  const r = await createRenewer(opts);
  renewer = r;
  where(r);
  setInterval(() => { if (!r.stopped) where(r); }, 1000);
  r.addEventListener("renewtoken", (e) => {
    const d = e.detail;
    hadToken = true;
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
    log("action", "refresh requested (given up after 10 s)");
    try {
      await r.refresh({ signal: AbortSignal.timeout(10000) });
    } catch (err) {
      log("error", `refresh: ${describe(err)}`);
    }
  };
  $("invalidate").onclick = () => {
    log("action", "token invalidated: the media service rejected it");
    r.invalidate(r.current()?.token);
  };
  $("stop").onclick = async () => {
    await r.stop();
    state("stopped", "bad");
    for (const id of ["refresh", "invalidate", "stop"]) /** @type {HTMLButtonElement} */ ($(id)).disabled = true;
    log("action", r.stats().mode === "shared-worker"
      ? "this tab detached; the shared renewer stops when no tab uses it" : "renewer stopped");
  };
  Object.assign(globalThis, { renewer: r }); // for the console
} catch (err) {
  state("error", "bad");
  log("error", describe(err));
}
requestAnimationFrame(tick);
