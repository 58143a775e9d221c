// A stalled download of tokenrenew.wasm in headless Chromium, in each mode:
// the load times out (options.loadTimeoutMs) or the page gives up
// (createRenewer's signal), createRenewer rejects with a TokenRenewError
// with code and cause, and once the server heals, the next createRenewer,
// in the same tab or in a second one opened while the first is still open,
// loads afresh and gets a token instead of joining the broken load.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch } from "./chromium.mjs";
import { startTokenServer } from "./server.mjs";
import { startStatic } from "./static.mjs";

let site;
let tokens;
let browser;
// stall: "headers" answers 200 and headers, then sends no body; "silent"
// never answers; "" serves the module.
let stall = "";
const held = new Set();

before(async () => {
  site = await startStatic(0, "127.0.0.1", {
    intercept(path, req, res) {
      if (!stall || !path.endsWith(".wasm")) return false;
      held.add(res);
      res.on("close", () => held.delete(res));
      if (stall === "headers") {
        res.writeHead(200, { "Content-Type": "application/wasm", "Content-Length": "970906", "Cache-Control": "no-store" });
        res.flushHeaders();
      }
      return true;
    },
  });
  tokens = await startTokenServer("--ttl", "60s", "--cors-origin", site.url);
  browser = await launch();
});

after(async () => {
  for (const res of held) res.destroy();
  await browser?.close();
  await Promise.all([tokens?.stop(), site?.stop()]);
});

// tryCreate runs createRenewer in page with the given extra options (and,
// with abortMs, a signal that aborts then) and reports how it settled.
const tryCreate = (page, mode, extra, abortMs) => page.evaluate(async ([url, mode, extra, abortMs]) => {
  const { createRenewer, TokenRenewError } = await import("/dist/tokenrenew.js");
  const t0 = Date.now();
  const init = abortMs ? { signal: AbortSignal.timeout(abortMs) } : undefined;
  try {
    const r = await createRenewer({ url, profile: "json", mode, ...extra }, init);
    const token = await r.token({ signal: AbortSignal.timeout(15000) });
    window.kept = [...(window.kept ?? []), r];
    return { token: typeof token === "string" && token.length > 0, mode: r.stats().mode, ms: Date.now() - t0 };
  } catch (e) {
    return {
      ms: Date.now() - t0, name: e?.name, ours: e instanceof TokenRenewError, code: e?.code, permanent: e?.permanent,
      message: String(e?.message), cause: e?.cause && { ours: e.cause instanceof TokenRenewError, code: e.cause.code, message: e.cause.message },
    };
  }
}, [tokens.url + "/json", mode, extra, abortMs]);

for (const mode of ["shared-worker", "worker", "page"]) {
  test(`${mode}: a stalled wasm download times out or is abandoned, and the next createRenewer in any tab loads afresh`, async () => {
    const first = await browser.context.newPage();
    const errors = [];
    first.on("pageerror", (err) => errors.push(err.message));
    let second;
    try {
      // Each mode downloads the module anew: nothing from the last test's cache.
      const cdp = await browser.context.newCDPSession(first);
      await cdp.send("Network.clearBrowserCache");
      await cdp.detach();
      await first.goto(`${site.url}/wasm/test/pages/blank.html`);

      stall = "headers";
      const timedOut = await tryCreate(first, mode, { loadTimeoutMs: 1500 });
      assert.equal(timedOut.ours, true, JSON.stringify(timedOut));
      assert.equal(timedOut.code, "timeout", JSON.stringify(timedOut));
      assert.equal(timedOut.permanent, false);
      assert.match(timedOut.message, /^tokenrenew: tokenrenew\.wasm did not load within 1\.5 s/);
      assert.deepEqual(timedOut.cause && [timedOut.cause.ours, timedOut.cause.code], [true, "network"], JSON.stringify(timedOut));
      assert.match(timedOut.cause.message, /stalled after the server's answer/);
      assert.ok(timedOut.ms < 5000, `rejected after ${timedOut.ms} ms`);

      stall = "silent";
      const abandoned = await tryCreate(first, mode, {}, 500);
      assert.equal(abandoned.name, "TimeoutError", JSON.stringify(abandoned));
      assert.ok(abandoned.ms < 3000, `rejected after ${abandoned.ms} ms`);
      const silent = await tryCreate(first, mode, { loadTimeoutMs: 1000 });
      assert.equal(silent.code, "timeout", JSON.stringify(silent));
      assert.match(silent.cause?.message ?? "", /did not answer/);

      // Healed: a second tab opened while the first is still open gets a
      // token, and so does the first tab.
      stall = "";
      second = await browser.context.newPage();
      second.on("pageerror", (err) => errors.push(err.message));
      await second.goto(`${site.url}/wasm/test/pages/blank.html`);
      const healed = await tryCreate(second, mode, {});
      assert.deepEqual([healed.token, healed.mode], [true, mode], JSON.stringify(healed));
      const again = await tryCreate(first, mode, {});
      assert.deepEqual([again.token, again.mode], [true, mode], JSON.stringify(again));
      assert.deepEqual(errors, []);
    } finally {
      await second?.close();
      await first.close();
    }
  });
}

test("a header the token server's CORS does not allow is reported as such, in the face's voice", async () => {
  const http = await import("node:http");
  const srv = http.createServer((req, res) => {
    const cors = { "Access-Control-Allow-Origin": site.url };
    if (req.method === "OPTIONS") { // allows the origin, but no header
      res.writeHead(204, { ...cors, "Access-Control-Allow-Methods": "GET" });
      res.end();
      return;
    }
    res.writeHead(200, { ...cors, "Content-Type": "application/json" });
    res.end(JSON.stringify({ token: "t", expires_in: 3600 }));
  });
  await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const page = await browser.context.newPage();
  try {
    await page.goto(`${site.url}/wasm/test/pages/blank.html`);
    const out = await page.evaluate(async (url) => {
      const { createRenewer } = await import("/dist/tokenrenew.js");
      const r = await createRenewer({ url, profile: "json", headers: { "X-Api-Key": "SECRET-1" }, minBackoffMs: 100, maxBackoffMs: 400 });
      const e = await new Promise((resolve) => r.addEventListener("error", (ev) => resolve(ev.detail.error), { once: true }));
      await r.stop();
      return { code: e.code, message: e.message };
    }, `http://127.0.0.1:${srv.address().port}/t`);
    assert.equal(out.code, "network");
    assert.match(out.message, /^tokenrenew: token server unreachable, or its CORS settings refuse this origin or a header the request sends/);
    assert.doesNotMatch(out.message, /SECRET|renewer: /);
  } finally {
    await page.close();
    srv.close();
  }
});

for (const mode of ["shared-worker", "worker"]) {
  test(`${mode}: the worker loads the module the page names, a URL at once and bytes with the first attach, and no other`, async () => {
    stall = "";
    const page = await browser.context.newPage();
    try {
      await page.goto(`${site.url}/wasm/test/pages/blank.html`);
      const before = new Map(site.requests);
      const fetched = () => [...site.requests].filter(([p, n]) => p.endsWith(".wasm") && n > (before.get(p) ?? 0)).map(([p]) => p);
      const viaUrl = await tryCreate(page, mode, { wasmUrl: "/dist/tokenrenew.wasm" });
      assert.deepEqual([viaUrl.token, viaUrl.mode], [true, mode], JSON.stringify(viaUrl));
      assert.deepEqual(fetched(), ["/dist/tokenrenew.wasm"], "only the module the page named");
      await page.evaluate(() => Promise.all(window.kept.map((r) => r.stop())));
      await page.close();
    } finally {
      if (!page.isClosed()) await page.close();
    }
    // A new page (its own wasmUrl claim) hands the worker the bytes.
    const second = await browser.context.newPage();
    try {
      const cdp = await browser.context.newCDPSession(second);
      await cdp.send("Network.clearBrowserCache"); // so that any fetch of a module shows
      await cdp.detach();
      await second.goto(`${site.url}/wasm/test/pages/blank.html`);
      const before = new Map(site.requests);
      const out = await second.evaluate(async ([url, mode]) => {
        const { createRenewer } = await import("/dist/tokenrenew.js");
        const bytes = new Uint8Array(await (await fetch("/dist/tokenrenew.wasm")).arrayBuffer());
        const r = await createRenewer({ url, profile: "json", mode, wasmUrl: bytes });
        const token = await r.token({ signal: AbortSignal.timeout(15000) });
        await r.stop();
        return { token: token.length > 0 };
      }, [tokens.url + "/json", mode]);
      assert.deepEqual(out, { token: true });
      const wasm = [...site.requests].filter(([p, n]) => p.endsWith(".wasm") && n > (before.get(p) ?? 0));
      assert.deepEqual(wasm.map(([p, n]) => [p, n - (before.get(p) ?? 0)]), [["/dist/tokenrenew.wasm", 1]], "the page's own fetch only");
    } finally {
      await second.close();
    }
  });
}
