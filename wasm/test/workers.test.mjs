// The worker modes in headless Chromium: pages of one browser share one
// renewer in a SharedWorker (one fetch per renewal, the same events in every
// page, the same back-off), pages detach when they close or stop, the
// renewer stops with the last page, a frozen page is dropped and comes back,
// and pages without SharedWorker or Worker fall back. 4-second tokens from
// `tokenctl serve` on another origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { hiddenTarget, launch, sleep, until, workerTargets } from "./chromium.mjs";
import { startTokenServer } from "./server.mjs";
import { startStatic } from "./static.mjs";

let site;
let tokens;
let browser;
let blank; // a page that stays open, for CDP and to keep the browser up

before(async () => {
  site = await startStatic();
  tokens = await startTokenServer("--ttl", "4s", "--cors-origin", site.url);
  browser = await launch();
  blank = browser.context.pages()[0] ?? await browser.context.newPage();
});

after(async () => {
  await browser?.close();
  await Promise.all([tokens?.stop(), site?.stop()]);
});

const pageUrl = (query = "") => `${site.url}/wasm/test/pages/renewer.html?url=${encodeURIComponent(tokens.url + "/json")}${query}`;
const fetches = async () => (await (await fetch(`${tokens.url}/_control/stats`)).json()).total;

// open loads the test page and waits for its first token.
async function open(query = "", init) {
  const page = await browser.context.newPage();
  page.errors = [];
  page.on("pageerror", (err) => page.errors.push(err.message));
  if (init) await page.addInitScript(init);
  await page.goto(pageUrl(query));
  await page.waitForFunction(() => window.firstTokenMs !== undefined || window.failed !== undefined, null, { timeout: 20000 });
  assert.equal(await page.evaluate(() => window.failed), undefined);
  return page;
}

const seenTokens = (page) => page.evaluate(() => window.seen.filter((e) => e.type === "renewtoken").map((e) => e.token));
const stats = (page) => page.evaluate(() => window.renewer.stats());
// wasmLoadedBy tells whether the page itself fetched the wasm. (The scripts
// of its dedicated worker show in its timeline too; the worker's fetches
// do not.)
const wasmLoadedBy = (page) => page.evaluate(() => performance.getEntriesByType("resource").some((e) => e.name.endsWith(".wasm")));

let pages = [];

test("three pages share one renewer in one SharedWorker: one fetch per renewal, the same tokens in every page", async () => {
  const start = await fetches();
  for (let i = 0; i < 3; i++) pages.push(await open());
  for (const p of pages) {
    const s = await stats(p);
    assert.equal(s.mode, "shared-worker");
    assert.equal(await wasmLoadedBy(p), false, "the page itself loads no wasm");
  }
  assert.deepEqual(await workerTargets(browser.context, blank), { shared: 1, dedicated: 0 });
  const wasm = [...site.requests].filter(([path]) => path.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one wasm file: ${wasm}`);
  assert.equal(wasm[0][1], 1, "downloaded once, by the worker");
  await until(async () => (await stats(pages[0])).tabs === 3, "three tabs in stats");

  await until(async () => (await seenTokens(pages[2])).length >= 4, "four tokens in the last page");
  const lists = await Promise.all(pages.map(seenTokens));
  const union = new Set(lists.flat());
  await until(async () => (await fetches()) - start === union.size || (await fetches()) - start < union.size, "fetches settle");
  assert.equal((await fetches()) - start, union.size, "every fetch brought one token, seen by the pages");
  const last = lists[2];
  for (const list of lists.slice(0, 2)) {
    assert.deepEqual(list.filter((t) => last.includes(t)), last, "every token since the last page joined reached every page, in order");
  }
  assert.ok(union.size <= lists[0].length + 1, `one renewal, not three: ${union.size} tokens, ${lists[0].length} seen by the first page`);
});

test("a failure is fetched once and reported to every page; Retry-After holds every page back", async () => {
  const [p0] = pages;
  const before = await Promise.all(pages.map((p) => p.evaluate(() => window.seen.length)));
  const start = await fetches();
  await fetch(`${tokens.url}/_control/fail?n=2&status=503`, { method: "POST" });
  await p0.evaluate(() => window.renewer.invalidate());
  await until(async () => (await Promise.all(pages.map((p, i) => p.evaluate((n) => window.seen.slice(n).some((e) => e.type === "renewtoken"), before[i])))).every(Boolean), "a new token in every page");
  const since = await Promise.all(pages.map((p, i) => p.evaluate((n) => window.seen.slice(n), before[i])));
  for (const events of since) {
    const errors = events.filter((e) => e.type === "error");
    assert.equal(errors.length, 2, JSON.stringify(events));
    assert.ok(errors.every((e) => e.code === "http_status" && e.retryAfterMs === 1000), JSON.stringify(errors));
  }
  const gap = since[0].find((e) => e.type === "renewtoken").at - since[0].find((e) => e.type === "error").at;
  assert.ok(gap >= 1900, `two Retry-After: 1 answers hold the renewal back 2 s, not ${gap} ms`);
  assert.equal((await fetches()) - start, 3, "two refusals and one token, for all pages together");
});

test("a frozen page is dropped by the heartbeat and comes back when resumed", async () => {
  const frozen = await hiddenTarget(browser.context, blank, pageUrl());
  try {
    const tokensIn = () => frozen.evaluate("(window.seen || []).filter((e) => e.type === 'renewtoken').map((e) => e.token)");
    await until(async () => (await tokensIn())?.length > 0, "a token in the hidden page");
    await until(async () => (await stats(pages[0])).tabs === 4, "four tabs");
    await frozen.freeze();
    try {
      await until(async () => (await stats(pages[0])).tabs === 3, "the frozen page dropped", 30000);
    } finally {
      await frozen.resume();
    }
    await until(async () => (await stats(pages[0])).tabs === 4, "the resumed page attached again", 10000);
    const n = (await tokensIn()).length;
    await until(async () => (await tokensIn()).length > n, "a renewal in the resumed page");
    const [a, b] = await Promise.all([seenTokens(pages[0]), tokensIn()]);
    assert.equal(b.at(-1), a.at(-1), "the resumed page has the shared token");
    assert.equal(await frozen.evaluate("window.renewer.stats().mode"), "shared-worker");
  } finally {
    await frozen.close();
  }
  await until(async () => (await stats(pages[0])).tabs === 3, "the closed hidden page detached", 5000);
});

test("closing or stopping pages detaches them; the renewer and the worker stop with the last page", async () => {
  await pages[0].close();
  await until(async () => (await stats(pages[1])).tabs === 2, "a closed page detached at once", 3000);
  await pages[1].evaluate(() => window.renewer.stop());
  assert.equal((await stats(pages[1])).mode, "shared-worker");
  await until(async () => (await stats(pages[2])).tabs === 1, "a stopped renewer detached");
  const n = (await seenTokens(pages[2])).length;
  await until(async () => (await seenTokens(pages[2])).length > n, "renewal goes on for the last page");
  await pages[2].close();
  await pages[1].close();
  await until(async () => (await workerTargets(browser.context, blank)).shared === 0, "the SharedWorker closed itself", 5000);
  const after = await fetches();
  await sleep(5000); // more than one renewal period of 4-second tokens
  assert.equal(await fetches(), after, "no fetch once the last page is gone");
  for (const p of pages) assert.deepEqual(p.errors, []);
  pages = [];
});

test("without SharedWorker a page runs its renewer in a dedicated Worker", async () => {
  const page = await open("", () => { delete globalThis.SharedWorker; });
  assert.equal((await stats(page)).mode, "worker");
  assert.equal(await wasmLoadedBy(page), false);
  assert.equal((await workerTargets(browser.context, blank)).dedicated, 1);
  const n = (await seenTokens(page)).length;
  await until(async () => (await seenTokens(page)).length > n, "a renewal");
  await page.evaluate(() => window.renewer.stop());
  await until(async () => (await workerTargets(browser.context, blank)).dedicated === 0, "the worker ended with the page's last renewer", 5000);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("without SharedWorker and Worker, or when the worker cannot start, a page runs the renewer itself; mode forces a mode", async () => {
  const page = await open("", () => { delete globalThis.SharedWorker; delete globalThis.Worker; });
  assert.equal((await stats(page)).mode, "page");
  assert.equal(await wasmLoadedBy(page), true);
  const refused = await page.evaluate(async (url) => {
    const { createRenewer } = await import("/dist/tokenrenew.js");
    return createRenewer({ url, profile: "json", mode: "worker" }).then(() => "created", (err) => err.code);
  }, tokens.url + "/json");
  assert.equal(refused, "unsupported");
  assert.deepEqual(page.errors, []);
  await page.evaluate(() => window.renewer.stop());
  await page.close();

  // A worker that cannot start (here: its script is missing) is passed over.
  const missing = await open("&workerUrl=/nope.js");
  assert.equal((await stats(missing)).mode, "page");
  await missing.evaluate(() => window.renewer.stop());
  await missing.close();

  const forced = await open("&mode=page");
  assert.equal((await stats(forced)).mode, "page");
  await until(async () => (await workerTargets(browser.context, blank)).dedicated === 0, "no worker left", 5000);
  assert.deepEqual(await workerTargets(browser.context, blank), { shared: 0, dedicated: 0 });
  await forced.evaluate(() => window.renewer.stop());
  await forced.close();
});

// refusing starts a loopback Room Service webhook for the page's origin
// that answers 503 with Retry-After: 3600 until ok() is called, then tokens.
async function refusing() {
  const http = await import("node:http");
  let refuse = true;
  let requests = 0;
  const srv = http.createServer((req, res) => {
    requests++;
    const cors = { "Access-Control-Allow-Origin": site.url, "Access-Control-Allow-Credentials": "true",
      "Access-Control-Expose-Headers": "Date, Retry-After" };
    if (req.method === "OPTIONS") { // the JSON POST's preflight
      requests--;
      res.writeHead(204, { ...cors, "Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type, Accept" });
      res.end();
      return;
    }
    if (refuse) {
      res.writeHead(503, { ...cors, "Retry-After": "3600", "Content-Type": "text/plain" });
      res.end("busy");
      return;
    }
    res.writeHead(200, { ...cors, "Content-Type": "application/json" });
    res.end(JSON.stringify({ token: `late-${requests}`, user: "u1", resources: [{ object: "room", reference: "r1" }] }));
  });
  await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${srv.address().port}/t`, ok: () => { refuse = false; }, requests: () => requests, close: () => srv.close() };
}

// The script runs in the page as a string: `await using` is newer than the
// Node.js that runs this file.
const signalAndErrorClass = (url, mode) => `(async () => {
  const { createRenewer, TokenRenewError } = await import("/dist/tokenrenew.js");
  const out = {};
  {
    await using r = await createRenewer({ url: ${JSON.stringify(url)}, profile: "roomservice", room: "r1", mode: ${JSON.stringify(mode)},
      minBackoffMs: 100, maxBackoffMs: 400 });
    const errors = [];
    r.addEventListener("error", (e) => errors.push(e.detail.error));
    for (let i = 0; i < 100 && errors.length === 0; i++) await new Promise((res) => setTimeout(res, 50));
    const t0 = Date.now();
    out.aborted = await r.token({ signal: AbortSignal.timeout(300) }).then(() => "resolved", (e) => e.name);
    out.abortMs = Date.now() - t0;
    const ac = new AbortController();
    const reason = new Error("mine");
    const mine = r.token({ signal: ac.signal }).catch((e) => e === reason);
    ac.abort(reason);
    out.ownReason = await mine;
    const refused = await r.refresh().catch((e) => e);
    out.mode = r.stats().mode;
    out.event = errors[0] instanceof TokenRenewError && errors[0] instanceof Error;
    out.refresh = refused instanceof TokenRenewError;
    out.facts = [refused.name, refused.code, refused.permanent, refused.status, refused.retryAfterMs];
    out.lastError = r.stats().lastError instanceof TokenRenewError;
    out.currentBefore = r.current();
    window.__renewer = r;
    await fetch(location.origin + "/wasm/test/pages/blank.html"); // a turn for the test to fix the server
    await new Promise((res) => { window.__fixed = res; });
    out.token = await r.refresh();
    const c = r.current();
    out.current = c && { same: c.token === out.token, source: c.expirySource, user: c.extra.user, live: c.expiresAt > Date.now() };
    r.invalidate();
    out.afterInvalidate = r.current();
  }
  out.stoppedByUsing = window.__renewer.stopped;
  return out;
})()`;

for (const mode of ["shared-worker", "worker"]) {
  test(`${mode}: token({ signal }) ends with the signal's reason; errors are TokenRenewError across the worker boundary; current() is synchronous; await using stops`, async () => {
    const srv = await refusing();
    const page = await browser.context.newPage();
    const errors = [];
    page.on("pageerror", (err) => errors.push(err.message));
    try {
      await page.goto(`${site.url}/wasm/test/pages/blank.html`);
      const result = page.evaluate(signalAndErrorClass(srv.url, mode));
      await page.waitForFunction(() => typeof window.__fixed === "function", null, { timeout: 20000 });
      srv.ok();
      await page.evaluate(() => window.__fixed());
      const out = await result;
      assert.equal(out.mode, mode);
      assert.equal(out.aborted, "TimeoutError");
      assert.ok(out.abortMs < 3000, `aborted after ${out.abortMs} ms`);
      assert.equal(out.ownReason, true, "rejected with the abort()'s own reason");
      assert.ok(out.event && out.refresh && out.lastError, JSON.stringify(out));
      assert.deepEqual(out.facts, ["TokenRenewError", "http_status", false, 503, 3600000]);
      assert.equal(out.currentBefore, null);
      assert.match(out.token, /^late-/);
      assert.deepEqual(out.current, { same: true, source: "profile", user: "u1", live: true });
      assert.equal(out.afterInvalidate, null, "invalidate() drops current() at once");
      assert.equal(out.stoppedByUsing, true);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
      srv.close();
    }
  });
}

test("shared-worker: pause() holds the shared renewer only once every tab has paused; resume() in one runs it again", async () => {
  const [a, b] = [await open(), await open()];
  try {
    await until(async () => (await stats(a)).tabs === 2, "two tabs");
    await a.evaluate(() => window.renewer.pause());
    let n = await fetches();
    await until(async () => (await fetches()) > n, "renewal goes on while one tab runs", 10000);
    await b.evaluate(() => window.renewer.pause());
    await sleep(500); // the last renewal in flight lands
    n = await fetches();
    await sleep(5000); // more than one renewal period of 4-second tokens
    assert.equal(await fetches(), n, "no fetch once every tab paused");
    await b.evaluate(() => window.renewer.resume());
    await until(async () => (await b.evaluate(() => window.renewer.current())) !== null, "a token after resume", 10000);
    assert.ok((await fetches()) > n);
    assert.deepEqual([...a.errors, ...b.errors], []);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
