// A tab frozen while the SharedWorker renews (Chromium's own freezing of a
// hidden page, driven with CDP Page.setWebLifecycleState "frozen", then
// "active"; see hiddenTarget in chromium.mjs): when it runs again it gets
// the current token as one renewtoken whose detail.skipped counts the
// renewals it missed, never the backlog of missed events and never an
// expired token. Once frozen for less than the worker's 16 s heartbeat
// limit (the worker's messages queue up for the page), once for longer
// (the worker forgets the page, which reattaches). 4-second tokens from
// `tokenctl serve`; a visible tab keeps the renewer running meanwhile.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { hiddenTarget, launch, sleep, until } from "./chromium.mjs";
import { startTokenServer } from "./server.mjs";
import { startStatic } from "./static.mjs";

let site;
let tokens;
let browser;
let visible;

const pageUrl = () => `${site.url}/wasm/test/pages/renewer.html?url=${encodeURIComponent(tokens.url + "/json")}`;

before(async () => {
  site = await startStatic();
  tokens = await startTokenServer("--ttl", "4s", "--cors-origin", site.url);
  browser = await launch();
  visible = browser.context.pages()[0] ?? await browser.context.newPage();
  await visible.goto(pageUrl());
  await visible.waitForFunction(() => window.firstTokenMs !== undefined || window.failed !== undefined, null, { timeout: 20000 });
  assert.equal(await visible.evaluate(() => window.failed), undefined);
  assert.equal(await visible.evaluate(() => window.renewer.stats().mode), "shared-worker");
});

after(async () => {
  await browser?.close();
  await Promise.all([tokens?.stop(), site?.stop()]);
});

for (const frozenMs of [10000, 25000]) {
  test(`a tab frozen ${frozenMs / 1000} s gets the current token and the count of skipped renewals, not the backlog`, async () => {
    const hidden = await hiddenTarget(browser.context, visible, pageUrl());
    try {
      const seen = () => hidden.evaluate("JSON.stringify(window.seen || [])").then(JSON.parse);
      await until(async () => (await seen()).some((e) => e.type === "renewtoken"), "a token in the hidden tab");
      await until(async () => (await visible.evaluate(() => window.renewer.stats().tabs)) === 2, "two tabs");
      const before = (await seen()).length;
      await hidden.freeze();
      await sleep(frozenMs);
      const resumedAt = Date.now();
      await hidden.resume();
      await sleep(3000);
      const after = (await seen()).slice(before);
      const old = new Set((await visible.evaluate(() => window.seen)).filter((e) => e.type === "renewtoken" && e.at < resumedAt - 300).map((e) => e.token));
      assert.ok(old.size >= 3, `the worker renewed while the tab was frozen: ${old.size} tokens`);
      const renewals = after.filter((e) => e.type === "renewtoken");
      for (const e of renewals) assert.ok(e.at < e.expiresAt, `an expired token was delivered: ${JSON.stringify(e)}`);
      const backlog = renewals.filter((e) => old.has(e.token));
      assert.ok(backlog.length <= 1, `the backlog was delivered: ${JSON.stringify(after)}`);
      assert.ok(renewals.length >= 1, `no token after the freeze: ${JSON.stringify(after)}`);
      assert.ok(renewals[0].skipped >= 2, `the first token after the freeze counts the skipped renewals: ${JSON.stringify(renewals[0])}`);
      assert.equal(after.filter((e) => e.type === "tokenexpired" || e.type === "tokenwillexpire").length, 0,
        `no stale expiry event: ${JSON.stringify(after)}`);
      const [mine, shared] = [renewals.at(-1).token, (await visible.evaluate(() => window.renewer.current()))?.token];
      assert.ok(mine === shared || !old.has(mine), "the tab holds the shared token");
    } finally {
      await hidden.close();
    }
  });
}
