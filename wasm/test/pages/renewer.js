// The browser tests' and benchmarks' page: one renewer, every event kept in
// window.seen, main-thread long tasks in window.longTasks. Query parameters:
// url (the token endpoint), profile (default json), mode (default auto),
// workerUrl, identity, credentials.
import { createRenewer } from "/dist/tokenrenew.js";

const params = new URLSearchParams(location.search);
const longTasks = [];
window.longTasks = longTasks;
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: "longtask", buffered: true });
} catch { /* no longtask timing here */ }

window.seen = [];
const t0 = performance.now();
try {
  const options = { url: params.get("url"), profile: params.get("profile") || "json",
    minBackoffMs: 100, maxBackoffMs: 400 };
  if (params.get("mode")) options.mode = params.get("mode");
  if (params.get("workerUrl")) options.workerUrl = params.get("workerUrl");
  if (params.get("identity")) options.identity = params.get("identity");
  if (params.get("credentials")) options.credentials = params.get("credentials");
  const r = await createRenewer(options);
  for (const type of ["renewtoken", "tokenwillexpire", "tokenexpired", "error"]) {
    r.addEventListener(type, (e) => window.seen.push({ type, at: Date.now(), token: e.detail.token,
      code: e.detail.code, retryAfterMs: e.detail.error?.retryAfterMs, expiresAt: e.detail.expiresAt,
      skipped: e.detail.skipped }));
  }
  window.renewer = r;
  await r.token();
  window.firstTokenMs = performance.now() - t0;
  window.createdAt = t0;
  document.getElementById("status").textContent = `running in ${r.stats().mode}`;
} catch (err) {
  window.failed = `${err.code}: ${err.message}`;
  document.getElementById("status").textContent = window.failed;
}
