// Headless Chromium for the browser tests and benchmarks: Debian's
// chromium (never a downloaded one), a fresh profile, and a check that no
// process of it is left once it is closed.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
export const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** processesUsing lists the pids whose command line mentions dir. */
export function processesUsing(dir) {
  return readdirSync("/proc").filter((d) => /^\d+$/.test(d)).filter((d) => {
    try { return readFileSync(`/proc/${d}/cmdline`, "utf8").includes(dir); } catch { return false; }
  }).map(Number);
}

/**
 * launch starts Chromium with a fresh profile. close() closes it, removes
 * the profile and asserts that no process of it is left.
 */
export async function launch(options = {}) {
  const profileDir = await mkdtemp(join(tmpdir(), "tokenrenew-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath, headless: true, args, viewport: { width: 900, height: 1000 }, ...options,
    });
  } catch (err) {
    await rm(profileDir, { recursive: true, force: true });
    throw err;
  }
  assert.ok(processesUsing(profileDir).length > 0, "chromium runs with the fresh profile");
  return {
    context,
    profileDir,
    async close() {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
      for (let i = 0; i < 50 && processesUsing(profileDir).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(processesUsing(profileDir), [], "no chromium process is left");
    },
  };
}

/** workerTargets counts the browser's shared and dedicated workers, by type. */
export async function workerTargets(context, page) {
  const cdp = await context.newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send("Target.getTargets");
    const n = (type) => targetInfos.filter((t) => t.type === type).length;
    return { shared: n("shared_worker"), dedicated: n("worker") };
  } finally {
    await cdp.detach();
  }
}

/**
 * hiddenTarget opens url in a hidden target (Target.createTarget hidden:
 * true), the kind of page Chromium lets a debugger freeze: headless
 * Chromium reports every page as visible and will not freeze a visible
 * one. It is driven over the page's CDP session with the (legacy, but
 * still served) Target.sendMessageToTarget, because Playwright does not
 * expose hidden targets as pages. Returns evaluate(expression), freeze(),
 * resume() and close().
 */
export async function hiddenTarget(context, page, url) {
  const cdp = await context.newCDPSession(page);
  const { targetId } = await cdp.send("Target.createTarget", { url, hidden: true, background: true });
  const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: false });
  let id = 0;
  const waiting = new Map();
  cdp.on("Target.receivedMessageFromTarget", (e) => {
    const m = JSON.parse(e.message);
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
  });
  const send = (method, params = {}) => new Promise((resolve, reject) => {
    const i = ++id;
    waiting.set(i, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
    cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id: i, method, params }) }).catch(reject);
  });
  return {
    async evaluate(expression) {
      const r = await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.text);
      return r.result.value;
    },
    freeze: () => send("Page.setWebLifecycleState", { state: "frozen" }),
    resume: () => send("Page.setWebLifecycleState", { state: "active" }),
    async close() {
      await cdp.send("Target.closeTarget", { targetId });
      await cdp.detach();
    },
  };
}

/** Resolves after ms milliseconds. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls pred every 100 ms until it holds; throws, naming what, after ms
 * milliseconds (a safety bound, not a timing assertion).
 */
export async function until(pred, what, ms = 20000) {
  const start = Date.now();
  for (;;) {
    if (await pred()) return;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
