// node --test: dist/tokenrenew.js against a live `tokenctl serve` minting
// 4-second tokens. Run under a timeout: the process must exit by itself
// once every renewer is stopped.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createRenewer } from "../../dist/tokenrenew.js";
import { startTokenServer } from "./server.mjs";

let server;
before(async () => { server = await startTokenServer("--ttl", "4s", "--cors-origin", "*"); });
after(async () => { await server?.stop(); });

// record collects the renewer's events as [type, detail] pairs.
function record(r) {
  const seen = [];
  for (const type of ["renewtoken", "tokenwillexpire", "tokenexpired", "error"]) {
    r.addEventListener(type, (e) => seen.push([type, e.detail]));
  }
  return seen;
}

// until resolves once pred() holds, checking at every event turn.
function until(pred, what, ms = 20000) {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const check = () => {
      if (pred()) return resolve();
      if (Date.now() - start > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(check, 20);
    };
    check();
  });
}

const count = (seen, type) => seen.filter(([t]) => t === type).length;
const fast = { minBackoffMs: 100, maxBackoffMs: 400, disableJitter: true };

test("renews 4-second tokens: every renewtoken moves the expiry forward and token() is the latest", async () => {
  const r = await createRenewer({ url: `${server.url}/json`, profile: "json", ...fast });
  const seen = record(r);
  try {
    const first = await r.token();
    assert.match(first, /^ey/);
    await until(() => count(seen, "renewtoken") >= 3, "three tokens");
    const renewals = seen.filter(([t]) => t === "renewtoken").map(([, d]) => d);
    assert.equal(renewals[0].token, first);
    for (let i = 1; i < renewals.length; i++) {
      assert.ok(renewals[i].expiresAt > renewals[i - 1].expiresAt, "expiry moves forward");
      assert.notEqual(renewals[i].token, renewals[i - 1].token);
    }
    assert.equal(renewals[0].expirySource, "response");
    assert.equal(count(seen, "tokenexpired"), 0);
    assert.equal(count(seen, "error"), 0);
    const latest = seen.filter(([t]) => t === "renewtoken").at(-1)[1].token;
    assert.equal(await r.token(), latest);
    const s = r.stats();
    assert.ok(s.renewals >= 3 && s.valid && s.failures === 0, JSON.stringify(s));
    assert.equal(s.mode, "page", "Node.js has no SharedWorker nor Worker: the renewer runs in the process");
    assert.equal(s.tabs, 1);
  } finally {
    await r.stop();
  }
});

test("an outage: error, tokenwillexpire, tokenexpired, then renewtoken, in that order", async () => {
  const r = await createRenewer({ url: `${server.url}/json`, profile: "json", warnBeforeMs: 1500, ...fast });
  const seen = record(r);
  try {
    await r.token();
    await until(() => count(seen, "renewtoken") === 1, "the first token");
    await fetch(`${server.url}/_control/fail?n=1000&status=503`, { method: "POST" });
    await until(() => count(seen, "tokenexpired") === 1, "tokenexpired");
    await fetch(`${server.url}/_control/fail?n=0`, { method: "POST" });
    await until(() => count(seen, "renewtoken") === 2, "renewal after the outage");
    const order = seen.map(([t]) => t).filter((t, i, a) => t !== a[i - 1]);
    assert.equal(order[0], "renewtoken");
    assert.ok(order.indexOf("error") < order.indexOf("tokenwillexpire"), order.join(","));
    assert.ok(order.indexOf("tokenwillexpire") < order.indexOf("tokenexpired"), order.join(","));
    assert.equal(order.at(-1), "renewtoken");
    const err = seen.find(([t]) => t === "error")[1];
    assert.equal(err.code, "http_status");
    assert.equal(err.error.status, 503);
    assert.equal(err.permanent, false);
    assert.ok(err.error instanceof Error);
    const will = seen.find(([t]) => t === "tokenwillexpire")[1];
    assert.ok(will.leftMs > 0 && will.leftMs <= 1500, `leftMs ${will.leftMs}`);
  } finally {
    await r.stop();
  }
});

test("a 401 rejects token() with code unauthorized and reports it once", async () => {
  const r = await createRenewer({
    url: `${server.url}/auth`, profile: "roomservice", room: "demo",
    headers: { "X-Demo-Deny": "1" }, ...fast,
  });
  const seen = record(r);
  try {
    await assert.rejects(r.token(), (err) => {
      assert.ok(err instanceof Error);
      assert.equal(err.code, "unauthorized");
      assert.equal(err.status, 401);
      assert.equal(err.permanent, true);
      assert.doesNotMatch(err.message, /ey[A-Za-z0-9_-]{10,}/);
      return true;
    });
    await until(() => count(seen, "error") === 1, "the error event");
    assert.equal(seen[0][1].code, "unauthorized");
    assert.equal(r.stats().waiting, true);
    assert.equal(r.stats().lastError.code, "unauthorized");
    const fetches = r.stats().fetches;
    await assert.rejects(r.refresh(), { code: "unauthorized" });
    assert.equal(r.stats().fetches, fetches + 1, "refresh() tries again after a permanent failure");
  } finally {
    await r.stop();
  }
});

test("Room Service without the deny header: the token and its user arrive", async () => {
  const r = await createRenewer({ url: `${server.url}/auth`, profile: "roomservice", room: "demo", ...fast });
  const seen = record(r);
  try {
    assert.match(await r.token(), /^ey/);
    await until(() => count(seen, "renewtoken") === 1, "renewtoken");
    assert.equal(seen[0][1].extra?.user, "demo-user");
  } finally {
    await r.stop();
  }
});

test("several renewers live side by side, and invalidate() brings a new token", async () => {
  const a = await createRenewer({ url: `${server.url}/getToken`, profile: "agora", channel: "c1", uid: 42, ...fast });
  const b = await createRenewer({ url: `${server.url}/text`, profile: "text", ...fast });
  const seenA = record(a);
  try {
    const [ta, tb] = await Promise.all([a.token(), b.token()]);
    assert.match(ta, /^007/);
    assert.match(tb, /^ey/);
    await until(() => count(seenA, "renewtoken") === 1, "a's first token");
    assert.equal(seenA[0][1].expirySource, "token");
    a.invalidate();
    await until(() => count(seenA, "renewtoken") === 2, "a renewal after invalidate");
    assert.notEqual(seenA[1][1].token, ta);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test("errors carry stable codes: bad options, a mode Node.js lacks, insecure URL, unreachable server", async () => {
  await assert.rejects(createRenewer({}), { code: "invalid_options" });
  await assert.rejects(createRenewer({ url: "x", profile: "nope" }), { code: "invalid_options" });
  await assert.rejects(createRenewer({ url: "http://example.com/token" }), { code: "insecure_url" });
  await assert.rejects(createRenewer({ url: `${server.url}/json`, mode: "tab" }), { code: "invalid_options" });
  await assert.rejects(createRenewer({ url: `${server.url}/json`, mode: "shared-worker" }), { code: "unsupported" });
  const r = await createRenewer({ url: "http://127.0.0.1:1/token", requestTimeoutMs: 3000, ...fast });
  const seen = record(r);
  // token() waits across transient failures, which are reported as they come;
  // stop() ends the wait.
  const waiting = r.token();
  let settled = false;
  waiting.then(() => { settled = true; }, () => { settled = true; });
  try {
    await until(() => count(seen, "error") >= 2, "two network errors");
    const err = seen.find(([t]) => t === "error")[1].error;
    assert.equal(err.code, "network");
    assert.equal(err.permanent, false);
    assert.match(err.message, /origin/);
    assert.equal(settled, false, "token() gave up on a transient failure");
  } finally {
    await r.stop();
  }
  await assert.rejects(waiting, { code: "stopped" });
  await assert.rejects(r.token(), { code: "stopped" });
});

test("stop() leaves nothing behind: a process that stopped its renewer exits by itself", async () => {
  // The renewer arms timer slices of up to a minute for a 10-minute token;
  // the child must exit well before one would fire.
  const child = spawn(process.execPath, [fileURLToPath(new URL("./exit-child.mjs", import.meta.url))], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (b) => { out += b; });
  const killer = setTimeout(() => child.kill("SIGKILL"), 20000);
  const [code, signal] = await new Promise((resolve) => child.once("exit", (c, s) => resolve([c, s])));
  clearTimeout(killer);
  assert.equal(signal, null, "the child had to be killed: something kept it running after stop()");
  assert.equal(code, 0);
  assert.match(out, /stopped/);
});

test("invalidate(rejected) of a token already replaced costs no fetch; of the current one, fetches", async () => {
  const r = await createRenewer({ url: `${server.url}/json`, profile: "json", ...fast });
  try {
    const first = await r.token();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a later second: the new token expires later
    const second = await r.refresh();
    assert.notEqual(second, first);
    const fetches = r.stats().fetches;
    r.invalidate(first); // a late rejection of the replaced token
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(r.stats().fetches, fetches, "no fetch for a token already replaced");
    assert.equal(await r.token(), second);
    r.invalidate(second);
    await until(() => r.stats().fetches === fetches + 1, "a fetch for the rejected current token");
    assert.notEqual(await r.token(), second);
  } finally {
    await r.stop();
  }
});

test("secrecy: no header value, URL query or token reaches an error, an event's detail, stats or the renewer's string forms", async () => {
  const http = await import("node:http");
  let fail = true;
  const echo = http.createServer((req, res) => {
    if (fail) { // a server that echoes the request into its error
      res.writeHead(503, { "Content-Type": "text/plain" });
      res.end(`refused ${req.headers.authorization} at ${req.url}`);
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ token: "SECRET-token-1", expires_in: 3600 }));
  });
  await new Promise((resolve) => echo.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${echo.address().port}/t?key=SECRET-query`;
  const r = await createRenewer({ url, profile: "json", headers: { Authorization: "Bearer SECRET-header" }, ...fast });
  const seen = record(r);
  try {
    await until(() => count(seen, "error") >= 1, "an error from the echoing server");
    const errs = seen.filter(([t]) => t === "error").map(([, d]) => d);
    const printed = [
      ...errs.map((d) => `${d.error} ${d.error.message} ${d.error.stack} ${JSON.stringify(d)}`),
      JSON.stringify(r.stats()), String(r), JSON.stringify(r),
    ].join("\n");
    assert.ok(!printed.includes("SECRET"), printed);
    fail = false;
    assert.equal(await r.token(), "SECRET-token-1");
    const after = [JSON.stringify(r.stats()), String(r), JSON.stringify(r)].join("\n");
    assert.ok(!after.includes("SECRET"), after);
  } finally {
    await r.stop();
    echo.close();
  }
});
