// End to end in headless Chromium: examples/web, served from one origin,
// renews 4-second Agora tokens from `tokenctl serve` on another (so CORS is
// real), shows at least two renewals, renews again after Invalidate, and
// reports a server that refuses the page's origin; a second tab shares the
// first one's renewer (SharedWorker) and its tokens. Saves dist/web-e2e.png.
import assert from "node:assert/strict";
import { join } from "node:path";
import { launch } from "./chromium.mjs";
import { root, startTokenServer } from "./server.mjs";
import { startStatic } from "./static.mjs";

const started = Date.now();
const step = (msg) => console.log(`e2e ${((Date.now() - started) / 1000).toFixed(1)}s: ${msg}`);

const site = await startStatic();
const tokens = await startTokenServer("--ttl", "4s", "--cors-origin", site.url);
const stranger = await startTokenServer("--ttl", "4s", "--cors-origin", "https://app.example.com");
const browser = await launch();
try {
  const { context } = browser;
  const page = context.pages()[0] ?? await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (err) => pageErrors.push(err.message));
  page.on("console", (m) => { if (m.type() === "error") pageErrors.push(m.text()); });

  await page.goto(`${site.url}/examples/web/?server=${encodeURIComponent(tokens.url)}&profile=agora`);
  const renewals = () => page.$eval("#renewals", (e) => Number(e.textContent));
  await page.waitForFunction(() => Number(document.getElementById("renewals").textContent) >= 2, null, { timeout: 30000 });
  step(`${await renewals()} renewals shown`);
  assert.equal(await page.textContent("#mode"), "shared-worker");
  assert.equal(await page.textContent("#format"), "Agora AccessToken2");
  assert.equal(await page.textContent("#source"), "token");
  assert.equal(await page.textContent("#state"), "valid");

  const before = await renewals();
  const shown = await page.textContent("#token");
  await page.click("#invalidate");
  await page.waitForFunction((n) => Number(document.getElementById("renewals").textContent) > n, before, { timeout: 10000 });
  assert.notEqual(await page.textContent("#token"), shown);
  const kinds = await page.$$eval("#log li", (lis) => lis.map((li) => li.className).reverse());
  const acted = kinds.indexOf("action");
  assert.ok(acted > 0 && kinds.indexOf("renewtoken", acted) > acted, `a renewal follows invalidate: ${kinds}`);
  assert.equal(kinds.filter((k) => k === "error").length, 0, `no errors: ${kinds}`);
  step("invalidate brought a new token");

  // A second tab of the same app joins the same renewer: both show two
  // tabs, and the next renewal reaches both.
  const twin = await context.newPage();
  await twin.goto(`${site.url}/examples/web/?server=${encodeURIComponent(tokens.url)}&profile=agora`);
  const tabsShown = (p) => p.$eval("#tabs", (e) => e.textContent);
  await page.waitForFunction(() => document.getElementById("tabs").textContent === "2", null, { timeout: 10000 });
  await twin.waitForFunction(() => document.getElementById("tabs").textContent === "2", null, { timeout: 10000 });
  const twinBefore = await twin.$eval("#renewals", (e) => Number(e.textContent));
  await twin.waitForFunction((n) => Number(document.getElementById("renewals").textContent) > n, twinBefore, { timeout: 10000 });
  const shared = await twin.textContent("#token");
  await page.waitForFunction((t) => document.getElementById("token").textContent === t, shared, { timeout: 2000 });
  assert.equal(await tabsShown(twin), "2");
  step("a second tab shares the renewer and its events");
  await twin.close();
  await page.waitForFunction(() => document.getElementById("tabs").textContent === "1", null, { timeout: 5000 });
  step("closing it detached it");

  await page.screenshot({ path: join(root, "dist/web-e2e.png"), fullPage: true });
  step("screenshot saved to dist/web-e2e.png");

  // A token server that does not allow this page's origin.
  const other = await context.newPage();
  await other.goto(`${site.url}/examples/web/?server=${encodeURIComponent(stranger.url)}&profile=json`);
  await other.waitForSelector("#log li.error", { timeout: 15000 });
  const msg = await other.textContent("#log li.error .what");
  assert.match(msg, /^network, retrying: .*origin/, msg);
  step(`a refused origin is reported: ${msg.slice(0, 80)}…`);

  await page.click("#stop");
  await page.waitForFunction(() => document.getElementById("state").textContent === "stopped");
  assert.deepEqual(pageErrors.filter((e) => !/Failed to load resource|CORS policy/.test(e)), []);
} finally {
  await browser.close();
  await Promise.all([tokens.stop(), stranger.stop(), site.stop()]);
}
step("browser closed, no process left");
