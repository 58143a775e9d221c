// make bench-web: tokenrenew in headless Chromium, in-page mode against the
// SharedWorker mode (the default where it exists). Prints a table, writes
// it to dist/bench-web.md and one JSON line per row to dist/bench-web.jsonl:
// {"metric", "page", "worker", "unit", "goal"}.
//
// Parts (all by default, or those named as arguments): sizes startup tabs
// hidden stall.
//
// Environment: BENCH_WEB_SECONDS (the window of each tab-count run, default
// 40; the goal is 120), BENCH_WEB_TABS (default 1,3,10), BENCH_WEB_RUNS
// (start-up runs per mode, default 3; medians are shown).
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { hiddenTarget, launch, processesUsing, sleep, until, workerTargets } from "./chromium.mjs";
import { root, startTokenServer } from "./server.mjs";
import { startStatic } from "./static.mjs";

const seconds = Number(process.env.BENCH_WEB_SECONDS || 40);
const tabCounts = (process.env.BENCH_WEB_TABS || "1,3,10").split(",").map(Number);
const runs = Number(process.env.BENCH_WEB_RUNS || 3);
const modes = { page: "page", worker: "shared-worker" };
// BENCH_WEB_MODES=worker (or page) runs one side only, for a quick look.
const only1 = process.env.BENCH_WEB_MODES;
const rows = [];
const began = Date.now();
const load = loadavg()[0];

const log = (msg) => console.error(`bench-web ${((Date.now() - began) / 1000).toFixed(0)}s: ${msg}`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };
const round = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

function row(metric, page, worker, unit, goal = "") {
  rows.push({ metric, page, worker, unit, goal });
  log(`${metric}: page ${page}, worker ${worker} ${unit}`);
}

// pss sums the proportional set size of every process of the browser, MB.
function pss(profileDir) {
  let kb = 0;
  for (const pid of processesUsing(profileDir)) {
    try {
      kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))[1]);
    } catch { /* gone */ }
  }
  return kb / 1024;
}

const fetchesOf = async (tokens) => (await (await fetch(`${tokens.url}/_control/stats`)).json()).total;
const urlFor = (site, tokens, mode) => `${site.url}/wasm/test/pages/renewer.html?mode=${mode}&url=${encodeURIComponent(tokens.url + "/json")}`;

async function open(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.firstTokenMs !== undefined || window.failed !== undefined, null, { timeout: 60000 });
  const failed = await page.evaluate(() => window.failed);
  if (failed) throw new Error(failed);
  return page;
}

const longTasksSince = (page, since) => page.evaluate((t) => window.longTasks.filter((e) => e.start >= t).map((e) => e.ms), since);
const sentTotal = (site) => [...site.sent.values()].reduce((a, b) => a + b, 0);

// startup: time from createRenewer to the first token, cold (fresh
// profile), after a reload, and in a new tab while the first is open; the
// main thread's long tasks while loading and over a few renewals.
async function startup(mode, { plain = false, renewalWindow = 0 } = {}) {
  const site = await startStatic(0, "127.0.0.1", { plain });
  const tokens = await startTokenServer("--ttl", "6s", "--cors-origin", site.url);
  const browser = await launch();
  try {
    const url = urlFor(site, tokens, mode);
    const page = await open(browser.context, url);
    const cold = await page.evaluate(() => window.firstTokenMs);
    const coldBytes = sentTotal(site);
    const loadTasks = await longTasksSince(page, 0);
    const before = sentTotal(site);
    await page.reload();
    await page.waitForFunction(() => window.firstTokenMs !== undefined, null, { timeout: 60000 });
    const reload = await page.evaluate(() => window.firstTokenMs);
    const reloadBytes = sentTotal(site) - before;
    const tab = await open(browser.context, url);
    const newTab = await tab.evaluate(() => window.firstTokenMs);
    let renewTasks = null;
    if (renewalWindow > 0) {
      const mark = await page.evaluate(() => performance.now());
      await sleep(renewalWindow * 1000);
      renewTasks = await longTasksSince(page, mark);
    }
    return { cold, reload, newTab, loadTasks, renewTasks, coldBytes, reloadBytes };
  } finally {
    await browser.close();
    await Promise.all([tokens.stop(), site.stop()]);
  }
}

async function startupRows() {
  const res = { page: [], worker: [] };
  for (let i = 0; i < runs; i++) {
    for (const [k, mode] of Object.entries(modes)) {
      res[k].push(await startup(mode, { renewalWindow: i === 0 ? 15 : 0 }));
    }
  }
  const med = (k, f) => round(median(res[k].map(f)), 0);
  row("createRenewer to first token, cold cache (fresh profile)", med("page", (r) => r.cold), med("worker", (r) => r.cold), "ms");
  row("… after a reload", med("page", (r) => r.reload), med("worker", (r) => r.reload), "ms");
  row("… in a new tab, the first still open", med("page", (r) => r.newTab), med("worker", (r) => r.newTab), "ms");
  const maxOf = (xs) => (xs.length ? round(Math.max(...xs), 0) : 0);
  row("main-thread long tasks while loading, longest (over all runs)", maxOf(res.page.flatMap((r) => r.loadTasks)), maxOf(res.worker.flatMap((r) => r.loadTasks)), "ms", "worker: none > 50");
  row("… count", res.page.flatMap((r) => r.loadTasks).length, res.worker.flatMap((r) => r.loadTasks).length, "tasks", "worker: 0");
  row("main-thread long tasks over 15 s of 6 s tokens, longest", maxOf(res.page[0].renewTasks), maxOf(res.worker[0].renewTasks), "ms", "worker: none > 50");
  row("bytes sent to a cold load (this server: gzip, or br where the browser asks)", med("page", (r) => r.coldBytes), med("worker", (r) => r.coldBytes), "bytes");
  row("bytes sent to a reload (hashed wasm immutable, the rest revalidated)", med("page", (r) => r.reloadBytes), med("worker", (r) => r.reloadBytes), "bytes");
  const plain = {};
  for (const [k, mode] of Object.entries(modes)) plain[k] = await startup(mode, { plain: true });
  row("served no-store, uncompressed: first token, cold", round(plain.page.cold, 0), round(plain.worker.cold, 0), "ms");
  row("… after a reload", round(plain.page.reload, 0), round(plain.worker.reload, 0), "ms");
  row("… bytes sent to a reload", plain.page.reloadBytes, plain.worker.reloadBytes, "bytes");
}

// tabs: N tabs of one app, 6-second tokens, for `seconds`: fetches per
// renewal, Go runtimes, memory per added tab, events reaching every tab.
async function tabsRun(mode) {
  const site = await startStatic();
  const tokens = await startTokenServer("--ttl", "6s", "--cors-origin", site.url);
  const browser = await launch();
  const blank = browser.context.pages()[0];
  const out = {};
  try {
    const url = urlFor(site, tokens, mode);
    const pages = [];
    const base = pss(browser.profileDir);
    let mem1 = null;
    for (const n of tabCounts) {
      while (pages.length < n) pages.push(await open(browser.context, url));
      await sleep(2000);
      const mem = pss(browser.profileDir);
      mem1 ??= mem;
      const t0 = Date.now();
      const f0 = await fetchesOf(tokens);
      await sleep(seconds * 1000);
      const f1 = await fetchesOf(tokens);
      const t1 = Date.now();
      const lists = await Promise.all(pages.map((p) => p.evaluate(([a, b]) => window.seen.filter((e) => e.type === "renewtoken" && e.at >= a && e.at <= b).map((e) => e.token), [t0, t1])));
      const union = new Set(lists.flat());
      const everywhere = [...union].filter((t) => lists.every((l) => l.includes(t))).length;
      const instances = (await Promise.all(pages.map((p) => p.evaluate(() => performance.getEntriesByType("resource").some((e) => e.name.endsWith(".wasm")))))).filter(Boolean).length
        + (await workerTargets(browser.context, blank)).shared;
      const tasks = (await Promise.all(pages.map((p) => p.evaluate((t) => window.longTasks
        .filter((e) => performance.timeOrigin + e.start >= t).map((e) => e.ms), t0)))).flat();
      out[n] = {
        fetchesPerRenewal: round((f1 - f0) / Math.max(1, lists[0].length), 2),
        fetches: f1 - f0,
        renewalsTab0: lists[0].length,
        instances,
        mem,
        memPerTab: n > tabCounts[0] ? round((mem - mem1) / (n - tabCounts[0]), 1) : null,
        memFirst: round(mem1 - base, 1),
        everywhere: union.size ? round((100 * everywhere) / union.size, 0) : null,
        longest: tasks.length ? round(Math.max(...tasks), 0) : 0,
        over50: tasks.filter((ms) => ms > 50).length,
      };
      log(`${mode} ${n} tabs: ${JSON.stringify(out[n])}`);
    }
  } finally {
    await browser.close();
    await Promise.all([tokens.stop(), site.stop()]);
  }
  return out;
}

async function tabsRows() {
  const res = {};
  for (const [k, mode] of Object.entries(modes)) res[k] = !only1 || only1 === k ? await tabsRun(mode) : {};
  for (const n of tabCounts) for (const k of Object.keys(modes)) res[k][n] ??= {};
  for (const n of tabCounts) {
    const p = res.page[n];
    const w = res.worker[n];
    row(`${n} tab(s), ${seconds} s of 6 s tokens: fetches per renewal`, p.fetchesPerRenewal, w.fetchesPerRenewal, "fetches", "worker: 1");
    row(`… token fetches in all (renewals seen by the first tab: ${p.renewalsTab0} / ${w.renewalsTab0})`, p.fetches, w.fetches, "fetches");
    row("… Go runtimes (wasm instances)", p.instances, w.instances, "instances", "worker: 1");
    row("… tokens that reached every tab", p.everywhere, w.everywhere, "%", "worker: 100");
    row("… memory of the whole browser (PSS)", round(p.mem, 0), round(w.mem, 0), "MB");
    if (p.memPerTab !== null) row("… memory per added tab (PSS)", p.memPerTab, w.memPerTab, "MB");
    row("… main-thread long tasks over 50 ms, all tabs", p.over50, w.over50, "tasks", "worker: 0");
    row("… the longest", p.longest, w.longest, "ms", "worker: ≤ 50");
  }
}

// hidden: three hidden targets renew for 30 s; then all are frozen for
// 25 s (longer than the worker's 16 s heartbeat) and resumed: how long
// until each has a valid token again.
async function hiddenRun(mode) {
  const site = await startStatic();
  const tokens = await startTokenServer("--ttl", "6s", "--cors-origin", site.url);
  const browser = await launch();
  const blank = browser.context.pages()[0];
  try {
    const targets = [];
    for (let i = 0; i < 3; i++) targets.push(await hiddenTarget(browser.context, blank, urlFor(site, tokens, mode)));
    for (const t of targets) await until(async () => (await t.evaluate("window.firstTokenMs")) !== undefined, "a token in a hidden target", 60000);
    await blank.goto("about:blank");
    const visibility = await targets[0].evaluate("document.visibilityState");
    const t0 = Date.now();
    const f0 = await fetchesOf(tokens);
    await sleep(30000);
    const fetches = (await fetchesOf(tokens)) - f0;
    const renewals = await Promise.all(targets.map((t) => t.evaluate(`window.seen.filter((e) => e.type === "renewtoken" && e.at >= ${t0}).length`)));
    const expired = await Promise.all(targets.map((t) => t.evaluate(`window.seen.filter((e) => e.type === "tokenexpired" && e.at >= ${t0}).length`)));
    for (const t of targets) await t.freeze();
    await sleep(25000);
    const resumed = Date.now();
    for (const t of targets) await t.resume();
    const recovery = await Promise.all(targets.map((t) => t.evaluate("(async () => { const t = Date.now(); await window.renewer.token(); return Date.now(); })()")));
    const stats = await targets[0].evaluate("window.renewer.stats()");
    for (const t of targets) await t.close();
    return { visibility, fetches, renewals: Math.min(...renewals), expired: expired.reduce((a, b) => a + b, 0), recoveryMs: Math.max(...recovery) - resumed, valid: stats.valid };
  } finally {
    await browser.close();
    await Promise.all([tokens.stop(), site.stop()]);
  }
}

async function hiddenRows() {
  const p = await hiddenRun(modes.page);
  const w = await hiddenRun(modes.worker);
  log(`hidden: ${JSON.stringify({ p, w })}`);
  row(`3 hidden targets (document.visibilityState "${w.visibility}" in headless), 30 s of 6 s tokens: renewals seen by each`, p.renewals, w.renewals, "renewals");
  row("… token fetches in all", p.fetches, w.fetches, "fetches");
  row("… tokenexpired events", p.expired, w.expired, "events", "0");
  row("all 3 frozen for 25 s, then resumed: until every one has a valid token", p.recoveryMs, w.recoveryMs, "ms");
}

// sizes: what a page downloads in each mode, gzip -9 and brotli -q 11 (the
// wasm's: its .gz and .br siblings, which `make wasm` writes with gzip -9
// and brotli -q 11; Node's zlib at level 9 makes a gzip 1% larger).
function sizeRows() {
  const dist = `${root}dist/`;
  const wasm = readdirSync(dist).find((f) => /^tokenrenew\.[0-9a-f]{12}\.wasm$/.test(f));
  const pageJs = ["tokenrenew.js", "tokenrenew-error.js", "tokenrenew-options.js", "tokenrenew-remote.js"];
  const files = {
    page: [...pageJs, "tokenrenew-runtime.js", "wasm_exec.js", wasm],
    pageThread: pageJs,
    worker: [...pageJs, "tokenrenew-worker.js", "tokenrenew-runtime.js", "wasm_exec.js", wasm],
  };
  const size = (f, how) => {
    const b = readFileSync(dist + f);
    if (how === "raw") return b.length;
    if (how === "gzip") return f === wasm ? readFileSync(dist + f + ".gz").length : gzipSync(b, { level: 9 }).length;
    if (f === wasm) return readFileSync(dist + f + ".br").length;
    return brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  };
  const sum = (list, how) => list.reduce((a, f) => a + size(f, how), 0);
  row(`the module alone (${wasm}): uncompressed / gzip -9 / brotli -q 11`, [size(wasm, "raw"), size(wasm, "gzip"), size(wasm, "brotli")].join(" / "),
    "(same)", "bytes", "gzip: 800,000 stretch, 1,000,000 budget");
  for (const how of ["raw", "gzip", "brotli"]) {
    row(`everything downloaded (${files.worker.length} files in worker mode), ${how === "raw" ? "uncompressed" : how}`, sum(files.page, how), sum(files.worker, how), "bytes");
  }
  row("… of which the page's own thread loads, brotli", sum(files.page, "brotli"), sum(files.pageThread, "brotli"), "bytes");
}

// stall: the wasm download stalls (200 and headers, then no body) in a
// fresh browser; createRenewer with loadTimeoutMs 5000 must reject, and
// once the server heals a second tab, the first still open, must get a
// token.
async function stallRun(mode) {
  let stalled = true;
  const held = new Set();
  const site = await startStatic(0, "127.0.0.1", {
    intercept(path, req, res) {
      if (!stalled || !path.endsWith(".wasm")) return false;
      held.add(res);
      res.writeHead(200, { "Content-Type": "application/wasm", "Cache-Control": "no-store" });
      res.flushHeaders();
      return true;
    },
  });
  const tokens = await startTokenServer("--ttl", "6s", "--cors-origin", site.url);
  const browser = await launch();
  try {
    const first = await browser.context.newPage();
    await first.goto(`${site.url}/wasm/test/pages/blank.html`);
    const failed = await first.evaluate(async ([url, mode]) => {
      const { createRenewer } = await import("/dist/tokenrenew.js");
      const t0 = performance.now();
      return createRenewer({ url, profile: "json", mode, loadTimeoutMs: 5000 })
        .then(() => ({ code: "resolved" }), (e) => ({ code: e.code, ms: performance.now() - t0 }));
    }, [tokens.url + "/json", mode]);
    stalled = false;
    for (const res of held) res.destroy();
    const second = await open(browser.context, urlFor(site, tokens, mode));
    const healed = await second.evaluate(() => window.firstTokenMs);
    return { code: failed.code, rejectMs: round(failed.ms, 0), healedMs: round(healed, 0) };
  } finally {
    for (const res of held) res.destroy();
    await browser.close();
    await Promise.all([tokens.stop(), site.stop()]);
  }
}

async function stallRows() {
  const p = await stallRun(modes.page);
  const w = await stallRun(modes.worker);
  row("stalled wasm download (200, headers, no body), loadTimeoutMs 5000: createRenewer rejects after (code)",
    `${p.rejectMs} (${p.code})`, `${w.rejectMs} (${w.code})`, "ms", "rejects, timeout");
  row("… the server healed: a second tab's first token, the first tab still open", p.healedMs, w.healedMs, "ms", "a token");
}

const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);
log(`load average ${load.toFixed(2)}; ${seconds} s windows; tabs ${tabCounts.join(",")}; ${runs} start-up runs`);
if (want("sizes")) sizeRows();
if (want("startup")) await startupRows();
if (want("tabs")) await tabsRows();
if (want("hidden")) await hiddenRows();
if (want("stall")) await stallRows();

const md = ["| metric | in-page | shared worker | unit | goal |", "|---|---:|---:|---|---|",
  ...rows.map((r) => `| ${r.metric} | ${r.page ?? "n/a"} | ${r.worker ?? "n/a"} | ${r.unit} | ${r.goal} |`)].join("\n");
const head = `Chromium ${process.env.CHROMIUM || "/usr/bin/chromium"}, load average ${load.toFixed(2)} at start, ${new Date().toISOString()}, ${((Date.now() - began) / 1000).toFixed(0)} s in all`;
console.log(`${head}\n\n${md}`);
writeFileSync(`${root}dist/bench-web.md`, `${head}\n\n${md}\n`);
writeFileSync(`${root}dist/bench-web.jsonl`, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
