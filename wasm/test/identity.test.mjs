// A login switch in the browser (issue 21, item 2), in headless Chromium:
// tabs of one origin share the cookie jar, and the SharedWorker shares a
// renewer between tabs whose options are equal. A cookie login is
// invisible to that rule; the identity option makes it visible, so a tab
// for the new user never joins the old user's renewer nor sees its token.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { launch } from "./chromium.mjs";
import { startStatic } from "./static.mjs";

let site;
let tokens; // {url, stop, n}: answers GET /who with a token for the session cookie
let browser;

// startCookieServer answers with a token minted for the request's session
// cookie, for pages of origin (credentials: "include").
function startCookieServer(origin) {
  let n = 0;
  const server = createServer((req, res) => {
    const cors = { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true" };
    if (req.method === "OPTIONS") {
      res.writeHead(204, { ...cors, "Access-Control-Allow-Headers": "accept, cache-control" }).end();
      return;
    }
    const session = /(?:^|;\s*)session=([^;]*)/.exec(req.headers.cookie ?? "")?.[1] ?? "nobody";
    n++;
    res.writeHead(200, { ...cors, "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify({ token: `token-for-${session}-${n}`, expires_in: 3600 }));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    count: () => n,
    stop: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
  })));
}

before(async () => {
  site = await startStatic();
  tokens = await startCookieServer(site.url);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await Promise.all([tokens?.stop(), site?.stop()]);
});

// signIn sets the origin's session cookie, as a login page would: every
// tab of the origin sends it from now on.
const signIn = (user) => browser.context.addCookies([{ name: "session", value: user, url: site.url }]);

// open loads the test page with identity (if any) and returns it with its
// first token.
async function open(identity) {
  const page = await browser.context.newPage();
  const q = new URLSearchParams({ url: `${tokens.url}/who`, credentials: "include", mode: "shared-worker" });
  if (identity) q.set("identity", identity);
  await page.goto(`${site.url}/wasm/test/pages/renewer.html?${q}`);
  await page.waitForFunction(() => window.firstTokenMs !== undefined || window.failed !== undefined, null, { timeout: 20000 });
  assert.equal(await page.evaluate(() => window.failed), undefined);
  const first = await page.evaluate(() => window.seen.find((e) => e.type === "renewtoken")?.token ?? window.renewer.current()?.token);
  assert.equal(await page.evaluate(() => window.renewer.stats().mode), "shared-worker");
  return { page, first };
}

test("shared-worker: after a sign-in as someone else, a tab with the new identity fetches its own token, never the old one's", async () => {
  await signIn("alice");
  const alice = await open("alice");
  assert.match(alice.first, /^token-for-alice-/);
  const before = tokens.count();

  // The same identity still shares: no fetch, the same token.
  const alice2 = await open("alice");
  assert.equal(alice2.first, alice.first);
  assert.equal(tokens.count(), before, "a tab of the same user joins the running renewer");

  // Sign-out, sign-in as bob: the cookie changes for every tab.
  await signIn("bob");
  const bob = await open("bob");
  assert.match(bob.first, /^token-for-bob-/, `bob's first token is ${bob.first}`);
  assert.equal(tokens.count(), before + 1, "bob's tab fetched its own token");
  const bobSeen = await bob.page.evaluate(() => window.seen.map((e) => e.token));
  assert.ok(!bobSeen.includes(alice.first), "bob's tab never saw alice's token");
  assert.equal((await bob.page.evaluate(() => window.renewer.stats())).tabs ?? 1, 1, "bob's renewer is his tab's alone");
  for (const p of [alice.page, alice2.page, bob.page]) await p.close();
});
