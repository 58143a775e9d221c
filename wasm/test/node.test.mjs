// node --test: dist/tokenrenew.js against a live `tokenctl serve` minting
// 4-second tokens. Run under a timeout: the process must exit by itself
// once every renewer is stopped.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createRenewer, load, TokenRenewError } from "../../dist/tokenrenew.js";
import { defaultWasmUrl, loadGo } from "../../dist/tokenrenew-runtime.js";
import { optionTable, profileOptions } from "../../dist/tokenrenew-options.js";
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
    assert.equal(s.paused, false);
    r.pause();
    assert.equal(r.stats().paused, true);
    assert.equal(r.stats().nextAttempt, null, "no attempt is planned while paused");
    r.resume();
    assert.equal(r.stats().paused, false);
    assert.ok(r.stats().nextAttempt > Date.now(), "the renewal is planned again");
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
  // the caller's signal ends its own wait, and stop() ends every wait.
  const waiting = r.token();
  let settled = false;
  waiting.then(() => { settled = true; }, () => { settled = true; });
  try {
    await until(() => count(seen, "error") >= 2, "two network errors");
    const { error } = seen.find(([t]) => t === "error")[1];
    assert.equal(error.code, "network");
    assert.equal(error.permanent, false);
    assert.match(error.message, /^tokenrenew: token server unreachable: fetch failed/);
    assert.equal(settled, false, "token() gave up on a transient failure");
    await assert.rejects(r.token({ signal: AbortSignal.timeout(300) }), { name: "TimeoutError" });
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
    // Past MinBackoff, and into the next second: the server's expiry is in
    // whole seconds, and a token expiring no later is no progress.
    await new Promise((resolve) => setTimeout(resolve, 1100));
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

// serve starts a loopback server answering every request with answer(req,
// res); it counts the requests.
async function serve(answer) {
  const http = await import("node:http");
  const srv = http.createServer((req, res) => { srv.requests++; answer(req, res); });
  srv.requests = 0;
  await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));
  srv.url = `http://127.0.0.1:${srv.address().port}/t`;
  return srv;
}

const jsonToken = (res, token) => {
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ token, expires_in: 3600 }));
};

test("token({ signal }) and refresh({ signal }): the wait ends with the signal's reason; the fetch goes on for the others", async () => {
  let n = 0;
  const slow = await serve((req, res) => setTimeout(() => jsonToken(res, `tok-${++n}`), 800));
  const r = await createRenewer({ url: slow.url, profile: "json", ...fast });
  try {
    const ac = new AbortController();
    const waiting = r.token({ signal: ac.signal });
    const other = r.token();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    await assert.rejects(waiting, (err) => {
      assert.ok(err instanceof DOMException, String(err));
      assert.equal(err.name, "AbortError");
      return true;
    });
    assert.ok(Date.now() - t0 < 600, "rejected when the signal aborted, not when the fetch ended");
    assert.equal(await other, "tok-1", "the fetch the aborted caller shared went on");
    assert.equal(slow.requests, 1);

    const reason = new Error("page left");
    await assert.rejects(r.token({ signal: AbortSignal.abort(reason) }), (err) => err === reason);
    await new Promise((resolve) => setTimeout(resolve, 200)); // past MinBackoff
    await assert.rejects(r.refresh({ signal: AbortSignal.timeout(100) }), { name: "TimeoutError" });
    await until(() => r.stats().renewals === 2, "the aborted refresh's fetch to land");
    assert.equal(await r.token(), "tok-2");
    await assert.rejects(r.token({ signal: "soon" }), TokenRenewError);
  } finally {
    await r.stop();
    slow.close();
  }
});

// scriptedWorker stands in for the global Worker: it speaks the worker's
// side of the protocol (see tokenrenew-worker.js) on the port a page hands
// it, answers attach and detach, never answers a call, and records every
// message and whether it was terminated.
function scriptedWorker() {
  const seen = [];
  const worker = { seen, port: null, terminated: false };
  worker.Worker = class {
    constructor() { worker.instance = this; }
    postMessage(msg, [port]) {
      if (msg.op !== "connect") return;
      worker.port = port;
      port.onmessage = ({ data }) => {
        seen.push(data);
        if (data.op === "attach") port.postMessage({ op: "reply", id: data.id, ok: true, stats: { fetches: 1 }, current: null });
        if (data.op === "detach") port.postMessage({ op: "reply", id: data.id, ok: true });
      };
    }
    terminate() { worker.terminated = true; worker.port?.close(); }
    addEventListener() {}
  };
  return worker;
}

test("worker mode: an aborted token() or refresh() settles once, with the reason, tells the worker, drops the late answer and leaves nothing pending", async () => {
  const worker = scriptedWorker();
  const saved = globalThis.Worker;
  const unhandled = [];
  const onUnhandled = (err) => unhandled.push(err);
  process.on("unhandledRejection", onUnhandled);
  globalThis.Worker = worker.Worker;
  try {
    const r = await createRenewer({ url: `${server.url}/json`, profile: "json", mode: "worker" });
    assert.equal(r.stats().mode, "worker");
    for (const method of ["token", "refresh"]) {
      const ac = new AbortController();
      const reason = new Error(`${method} no longer wanted`);
      let settled = 0;
      const waiting = r[method]({ signal: ac.signal }).then(() => { settled++; return "resolved"; }, (err) => { settled++; return err; });
      await until(() => worker.seen.some((m) => m.op === "call" && m.method === method), `the ${method} call in the worker`);
      const { id } = worker.seen.findLast((m) => m.op === "call");
      ac.abort(reason);
      assert.equal(await waiting, reason);
      await until(() => worker.seen.some((m) => m.op === "cancel" && m.id === id), `cancel ${id}`);
      if (method === "token") {
        // The worker's answer, should it still come, changes nothing. (The
        // refresh is never answered: the page must not wait for it either.)
        worker.port.postMessage({ op: "reply", id, ok: true, value: "late", stats: { fetches: 99 }, current: null });
        worker.port.postMessage({ op: "reply", id, ok: false, error: { message: "late", code: "stopped", permanent: true } });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(settled, 1, `${method}() settled once`);
      assert.equal(r.stats().fetches, 1, "the late answer's stats are dropped");
    }
    await r.stop();
    // The page lets the worker go only once no call of it is pending: the
    // aborted, unanswered refresh is not.
    await until(() => worker.terminated, "the worker terminated after stop()", 2000);
    assert.deepEqual(worker.seen.map((m) => m.op).filter((op) => op !== "bye"), ["attach", "call", "cancel", "call", "cancel", "detach"]);
    assert.deepEqual(unhandled, []);
  } finally {
    globalThis.Worker = saved;
    process.off("unhandledRejection", onUnhandled);
    worker.port?.close();
  }
});

test("token({ signal }) leaves a planned retry an hour away (Retry-After: 3600)", async () => {
  let refuse = true;
  const srv = await serve((req, res) => {
    if (!refuse) return jsonToken(res, "late");
    res.writeHead(503, { "Retry-After": "3600", "Content-Type": "text/plain" });
    res.end("busy");
  });
  const r = await createRenewer({ url: srv.url, profile: "json", ...fast });
  const seen = record(r);
  try {
    await until(() => count(seen, "error") === 1, "the refusal");
    await assert.rejects(r.token({ signal: AbortSignal.timeout(200) }), { name: "TimeoutError" });
    assert.equal(srv.requests, 1, "no retry before the server's hour");
    refuse = false;
    assert.equal(await r.refresh(), "late", "refresh() breaks the server's floor");
  } finally {
    await r.stop();
    srv.close();
  }
});

test("TokenRenewError is a class: rejections, error events and stats().lastError are instances, with code, status and retryAfterMs", async () => {
  const srv = await serve((req, res) => {
    res.writeHead(503, { "Retry-After": "7", "Content-Type": "text/plain" });
    res.end("busy");
  });
  const r = await createRenewer({ url: srv.url, profile: "json", ...fast });
  const seen = record(r);
  try {
    await until(() => count(seen, "error") === 1, "the refusal");
    const { error } = seen.find(([t]) => t === "error")[1];
    assert.ok(error instanceof TokenRenewError && error instanceof Error);
    assert.equal(error.name, "TokenRenewError");
    assert.deepEqual([error.code, error.permanent, error.status, error.retryAfterMs], ["http_status", false, 503, 7000]);
    assert.ok(r.stats().lastError instanceof TokenRenewError);
    await assert.rejects(r.refresh(), (err) => err instanceof TokenRenewError && err.status === 503);
  } finally {
    await r.stop();
    srv.close();
  }
  await assert.rejects(r.token(), (err) => err instanceof TokenRenewError && err.code === "stopped" && err.permanent);
  await assert.rejects(createRenewer({ url: "http://example.com/t" }), (err) => err instanceof TokenRenewError && err.permanent);
  await assert.rejects(createRenewer({ url: `${server.url}/getToken`, profile: "agora" }),
    (err) => err instanceof TokenRenewError && err.code === "invalid_options" && err.permanent &&
      err.option === "channel" && /options\.channel: .*Agora RTC tokens need a channel/.test(err.message));
});

test("a header fetch could not send is refused by createRenewer, naming the header and never its value", async () => {
  const url = `${server.url}/json`;
  for (const [headers, name] of [[{ "Bad Header": "SECRET-1" }, "Bad Header"], [{ "X-Api-Key": "SECRET-1\u2019" }, "X-Api-Key"],
    [{ Cookie: "sid=SECRET-1\r\nX-Evil: 1" }, "Cookie"]]) {
    await assert.rejects(createRenewer({ url, profile: "json", headers, ...fast }), (err) => {
      assert.ok(err instanceof TokenRenewError, String(err));
      assert.deepEqual([err.code, err.permanent, err.option], ["invalid_options", true, "headers"]);
      assert.ok(err.message.includes(`"${name}"`), err.message);
      assert.ok(!err.message.includes("SECRET"), err.message);
      return true;
    });
  }
});

test("every header the rule accepts is sent by fetch as it is", async () => {
  const headers = {
    "X-Api-Key": "a b\tc !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~",
    "!#$%&'*+-.^_`|~09azAZ": "every token character in the name",
    "X-Empty": "",
  };
  const http = await import("node:http");
  let got;
  const srv = http.createServer((req, res) => {
    got = req.headers;
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ token: "tok", expires_in: 3600 }));
  });
  await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const r = await createRenewer({ url: `http://127.0.0.1:${srv.address().port}/t`, profile: "json", headers, ...fast });
  try {
    assert.equal(await r.token(), "tok");
    for (const [k, v] of Object.entries(headers)) assert.equal(got[k.toLowerCase()], v, k);
  } finally {
    await r.stop();
    srv.close();
  }
});

test("TokenRenewError.from keeps the facts of its own errors only: a foreign error's code is not taken for one", () => {
  const ours = TokenRenewError.from({ name: "TokenRenewError", message: "m", code: "unauthorized", permanent: true, status: 401 });
  assert.deepEqual([ours.code, ours.permanent, ours.status], ["unauthorized", true, 401]);
  const enoent = Object.assign(new Error("no such file"), { code: "ENOENT", permanent: true });
  for (const foreign of [enoent, { name: "Error", message: "import failed", code: "ERR_MODULE_NOT_FOUND" }]) {
    const e = TokenRenewError.from(foreign);
    assert.ok(e instanceof TokenRenewError);
    assert.deepEqual([e.code, e.permanent], ["network", false]);
    assert.match(e.message, /no such file|import failed/);
  }
  const wrapped = TokenRenewError.from({ name: "TokenRenewError", message: "m", code: "timeout", cause: { name: "Error", message: "c", code: "EPIPE" } });
  assert.deepEqual([wrapped.code, wrapped.cause.code], ["timeout", "network"]);
});

test("options: an unknown key or a wrong type is a TokenRenewError naming the option and what it accepts, before anything starts", async () => {
  const url = `${server.url}/getToken`;
  const cases = [
    [{ url, profile: "agora", chanel: "c" }, "chanel", /unknown option "chanel"; did you mean "channel"/],
    [{ url, profile: "agora", channel: "c", expiry: 40 }, "expiry", /did you mean "expiryMs" \(a number of milliseconds\)/],
    [{ url, profile: "agora", channel: "c", expiryMs: "40s" }, "expiryMs", /options.expiryMs must be a number of milliseconds, not the string "40s"/],
    [{ url, profile: "agora", channel: "c", tokenType: "video" }, "tokenType", /one of "rtc", "rtm", "chat", "rte"/],
    [{ url, profile: "agora", channel: "c", role: "publsher" }, "role", /did you mean "publisher"/],
    [{ url, profile: "Agora" }, "profile", /"agora", "dolby", "roomservice", "json", "text", "detect"/],
    [{ url, headers: { "X-N": 1 } }, "headers", /object of string values/],
    [{ url, uid: 1.5 }, "uid", /a string or a whole number/],
    [{ url, mode: "tab" }, "mode", /"auto", "shared-worker", "worker", "page"/],
    [{ url, credentials: "yes" }, "credentials", /"omit", "same-origin", "include"/],
    [{ profile: "json" }, "url", /options.url is required/],
    [{ url, what: 1 }, "what", /unknown option "what"\. The options are url, profile/],
  ];
  for (const [options, option, message] of cases) {
    await assert.rejects(createRenewer(options), (err) => {
      assert.ok(err instanceof TokenRenewError, `${option}: ${err}`);
      assert.equal(err.option, option);
      assert.equal(err.code, "invalid_options");
      assert.equal(err.permanent, true);
      assert.match(err.message, message);
      return true;
    });
  }
  await assert.rejects(createRenewer("https://tokens.example"), TokenRenewError);
  const r = await createRenewer({ url: new URL(url), profile: "agora", channel: "c", tokenType: "RTC", uid: null });
  await r.stop();
});

test("every option of the table reaches the Go side, which refuses keys it does not read", async () => {
  const sample = { string: "x", boolean: true, ms: 5000, url: `${server.url}/json`, id: 7, body: { a: 1 },
    headers: { "X-A": "b" } };
  // Every option once, with a profile that reads it.
  for (const profile of ["json", "agora", "roomservice"]) {
    const options = {};
    for (const [key, spec] of Object.entries(optionTable)) {
      if (key === "wasmUrl" || key === "workerUrl") continue; // the loader's: they name files
      if (profileOptions[key] && !profileOptions[key].includes(profile)) continue;
      options[key] = spec.type === "enum" ? spec.values[0] : sample[spec.type];
    }
    Object.assign(options, { profile, mode: "page", credentials: "same-origin", url: `${server.url}/json` });
    if (profile === "json") options.method = "POST";
    const r = await createRenewer(options);
    await r.stop();
  }
  const go = await load();
  assert.match(String(go.create({ url: `${server.url}/json`, chanel: "c" }, () => {})), /options.chanel is not an option/);
});

test("Room Service: document reaches the request", async () => {
  const r = await createRenewer({ url: `${server.url}/auth`, profile: "roomservice", room: "demo", document: "notes", ...fast });
  try {
    await r.token();
    const refs = r.current().extra.resources.map((x) => `${x.object}:${x.reference}`);
    assert.deepEqual(refs.sort(), ["document:notes", "room:demo"]);
  } finally {
    await r.stop();
  }
});

test("current() is the token held, with its times and extras, without waiting; null with none valid", async () => {
  const r = await createRenewer({ url: `${server.url}/auth`, profile: "roomservice", room: "demo", ...fast });
  try {
    const token = await r.token();
    const c = r.current();
    assert.equal(c.token, token);
    assert.equal(c.expirySource, "token");
    assert.ok(c.expiresAt > Date.now() && c.issuedAt <= Date.now(), JSON.stringify({ ...c, token: "-" }));
    assert.equal(c.extra.user, "demo-user");
    r.invalidate();
    assert.equal(r.current(), null, "an invalidated token is not current");
    await until(() => r.current() !== null, "a new token");
    assert.notEqual(r.current().token, token);
  } finally {
    await r.stop();
  }
  assert.equal(r.current(), null);
  assert.throws(() => r.invalidate(42), TokenRenewError);
});

test("Symbol.asyncDispose and Symbol.dispose stop the renewer (await using)", async () => {
  const r = await createRenewer({ url: `${server.url}/json`, profile: "json", ...fast });
  await r.token();
  assert.equal(typeof r[Symbol.asyncDispose], "function");
  await r[Symbol.asyncDispose]();
  assert.equal(r.stopped, true);
  const s = await createRenewer({ url: `${server.url}/json`, profile: "json", ...fast });
  s[Symbol.dispose]();
  assert.equal(s.stopped, true);
  await s.stop();
});

test("load() refuses a second, different wasm source rather than ignore it", async () => {
  const api = await load();
  assert.equal(await load(defaultWasmUrl), api);
  assert.equal(await load(defaultWasmUrl.href), api);
  const other = new URL("./tokenrenew.wasm", defaultWasmUrl);
  if (other.href !== defaultWasmUrl.href) {
    await assert.rejects(load(other), (err) => err instanceof TokenRenewError && err.code === "invalid_options" &&
      err.message.includes(defaultWasmUrl.href));
    await assert.rejects(createRenewer({ url: `${server.url}/json`, wasmUrl: other }), { code: "invalid_options" });
    // The runtime's own refusal is a TokenRenewError before load() sees it.
    await assert.rejects(loadGo(other, true), (err) => err instanceof TokenRenewError && err.code === "invalid_options" &&
      err.permanent === true);
  }
});

test("a tokenrenew.wasm that cannot be loaded or started rejects with a TokenRenewError, permanent where no retry can help", async () => {
  const files = await serve((req, res) => {
    if (req.url === "/busy.wasm") {
      res.writeHead(503, { "Content-Type": "text/plain" });
      res.end("busy");
    } else if (req.url === "/page.wasm") { // a site answering every path with its page
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<!doctype html><title>app</title>");
    } else {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
    }
  });
  const base = new URL(files.url).origin;
  const gone = await serve(() => {});
  const refused = `${new URL(gone.url).origin}/tokenrenew.wasm`;
  await new Promise((resolve) => gone.close(resolve));
  const cases = [
    [`${base}/missing.wasm`, { code: "http_status", permanent: true, status: 404 }],
    [`${base}/busy.wasm`, { code: "http_status", permanent: false, status: 503 }],
    [refused, { code: "network", permanent: false }],
    [`no-fetch:${base}/tokenrenew.wasm`, { code: "unsupported", permanent: true }],
    [new URL("./no-such-file.wasm", defaultWasmUrl).href, { code: "internal", permanent: true }],
    [`${base}/page.wasm`, { code: "internal", permanent: true }],
    ["bytes:junk", { code: "internal", permanent: true }],
    ["bytes:empty", { code: "internal", permanent: true }],
  ];
  try {
    const child = spawn(process.execPath,
      [fileURLToPath(new URL("./load-child.mjs", import.meta.url)), ...cases.map(([source]) => source), "default"],
      { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (b) => { out += b; });
    const killer = setTimeout(() => child.kill("SIGKILL"), 20000);
    const [code] = await new Promise((resolve) => child.once("exit", (c, s) => resolve([c, s])));
    clearTimeout(killer);
    assert.equal(code, 0, out);
    const got = out.trim().split("\n").map((line) => JSON.parse(line));
    assert.equal(got.length, cases.length + 1, out);
    for (const [i, [source, want]] of cases.entries()) {
      const g = got[i];
      assert.equal(g.source, source);
      assert.equal(g.instance, true, `${source}: not a TokenRenewError: ${JSON.stringify(g)}`);
      const facts = { code: g.code, permanent: g.permanent };
      if (want.status !== undefined) facts.status = g.status;
      assert.deepEqual(facts, want, `${source}: ${g.message}`);
    }
    // A failed load is forgotten: the next one starts the module.
    assert.deepEqual(got.at(-1), { source: "default", started: true });
  } finally {
    files.close();
  }
});

test("every TokenRenewError is made by tokenrenew-error.js: no other module dresses an Error up as one", async () => {
  const { readdir, readFile } = await import("node:fs/promises");
  const dir = new URL("../js/", import.meta.url);
  const files = (await readdir(dir)).filter((f) => f.endsWith(".js") && f !== "tokenrenew-error.js");
  assert.ok(files.length >= 5, `the modules of wasm/js: ${files}`);
  for (const f of files) {
    const src = await readFile(new URL(f, dir), "utf8");
    assert.doesNotMatch(src, /["']TokenRenewError["']/, `${f} names an error TokenRenewError instead of making one`);
  }
});

test("pause() stops renewing until resume()", async () => {
  const r = await createRenewer({ url: `${server.url}/json`, profile: "json", ...fast });
  const seen = record(r);
  try {
    await r.token();
    r.pause();
    const fetches = r.stats().fetches;
    await new Promise((resolve) => setTimeout(resolve, 4500)); // past the 4-second token's expiry
    assert.equal(r.stats().fetches, fetches, "no fetch while paused");
    assert.equal(r.current(), null);
    r.resume();
    await until(() => r.current() !== null, "a token after resume");
    assert.equal(count(seen, "error"), 0);
  } finally {
    await r.stop();
  }
});

test("one class to catch: option errors, argument errors and every failure are TokenRenewError", async () => {
  const url = `${server.url}/json`;
  for (const bad of [createRenewer({ url, chanel: "c" }), createRenewer("https://tokens.example"),
    createRenewer({ url, profile: "json" }, "signal"), createRenewer({ url, profile: "agora" }), createRenewer({ url: "http://example.com/t" })]) {
    await assert.rejects(bad, (err) => {
      assert.ok(err instanceof TokenRenewError, String(err));
      assert.equal(err.name, "TokenRenewError");
      assert.equal(err.permanent, true);
      return true;
    });
  }
  const r = await createRenewer({ url, profile: "json", ...fast });
  try {
    assert.throws(() => r.invalidate(42), (err) => err instanceof TokenRenewError && err.code === "invalid_options");
    await assert.rejects(r.token(5), (err) => err instanceof TokenRenewError && err.code === "invalid_options");
  } finally {
    await r.stop();
  }
});

test("odd options are refused, naming the option: a negative duration, minBackoffMs above maxBackoffMs, an option the profile does not read", async () => {
  const url = `${server.url}/json`;
  const cases = [
    [{ url, profile: "json", wakeIntervalMs: -5 }, "wakeIntervalMs", /options.wakeIntervalMs must not be negative/],
    [{ url, profile: "json", requestTimeoutMs: -1 }, "requestTimeoutMs", /must not be negative/],
    [{ url, profile: "json", minBackoffMs: 5000, maxBackoffMs: 1000 }, "minBackoffMs", /minBackoffMs \(5000\) must not be above options.maxBackoffMs \(1000\)/],
    [{ url, profile: "text", tokenField: "token" }, "tokenField", /options.tokenField is not read by the "text" profile, only by "json"/],
    [{ url, channel: "c" }, "channel", /not read by the "detect" profile, only by "agora"/],
    [{ url, profile: "agora", channel: "c", method: "POST" }, "method", /not read by the "agora" profile/],
    [{ url, profile: "dolby", body: "x" }, "body", /not read by the "dolby" profile/],
    [{ url, profile: "json", room: "r" }, "room", /only by "roomservice"/],
    [{ url, profile: "json", loadTimeoutMs: 0 }, "loadTimeoutMs", /a positive number of milliseconds/],
  ];
  for (const [options, option, message] of cases) {
    await assert.rejects(createRenewer(options), (err) => {
      assert.ok(err instanceof TokenRenewError, `${option}: ${err}`);
      assert.deepEqual([err.code, err.option, err.permanent], ["invalid_options", option, true], err.message);
      assert.match(err.message, message);
      return true;
    });
  }
  const r = await createRenewer({ url, profile: "json", warnBeforeMs: -1, minBackoffMs: 100, maxBackoffMs: 100 });
  await r.stop();
});

test("messages speak one voice: one prefix, no page or CORS in Node.js, no Go formatting", async () => {
  const messages = [];
  const walk = (err) => { for (let e = err; e; e = e.cause) messages.push(e.message); };
  // Unreachable: Node.js has no page and no CORS.
  let r = await createRenewer({ url: "http://127.0.0.1:1/token", ...fast });
  let seen = record(r);
  try {
    await until(() => count(seen, "error") >= 1, "a network error");
    const { error } = seen.find(([t]) => t === "error")[1];
    assert.equal(error.code, "network");
    assert.doesNotMatch(error.message, /origin|CORS|page/, error.message);
    assert.match(error.message, /unreachable/);
    walk(error);
  } finally {
    await r.stop();
  }
  // A request that times out, and a Retry-After of an hour.
  const hang = await serve(() => {});
  r = await createRenewer({ url: hang.url, profile: "json", requestTimeoutMs: 200, ...fast });
  seen = record(r);
  try {
    await until(() => count(seen, "error") >= 1, "a timed-out request");
    walk(seen.find(([t]) => t === "error")[1].error);
  } finally {
    await r.stop();
    hang.close();
  }
  const busy = await serve((req, res) => {
    res.writeHead(503, { "Retry-After": "3600", "Content-Type": "text/plain" });
    res.end("busy");
  });
  r = await createRenewer({ url: busy.url, profile: "json", ...fast });
  seen = record(r);
  try {
    await until(() => count(seen, "error") >= 1, "the refusal");
    walk(seen.find(([t]) => t === "error")[1].error);
    walk(await r.refresh().catch((e) => e));
  } finally {
    await r.stop();
    busy.close();
  }
  walk(await createRenewer({ url: `${server.url}/getToken`, profile: "agora" }).catch((e) => e));
  walk(await createRenewer({ url: "http://example.com/t" }).catch((e) => e));
  walk(await r.token().catch((e) => e)); // stopped
  assert.ok(messages.length >= 7, messages.join("\n"));
  for (const m of messages) {
    assert.match(m, /^tokenrenew: /, m);
    assert.doesNotMatch(m, /renewer: |context deadline exceeded|context canceled|\d+h\d+m\d+s|\d+m\d+(\.\d+)?s\b/, m);
  }
});

test("the README's first browser example runs in the Node.js the package declares", async () => {
  const { readFile, writeFile, mkdtemp, rm } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("\n## Browser"));
  const first = /```js\n([\s\S]*?)```/.exec(section)[1];
  const dir = await mkdtemp(`${tmpdir()}/tokenrenew-readme-`);
  try {
    await writeFile(`${dir}/first.mjs`, first);
    const check = spawn(process.execPath, ["--check", `${dir}/first.mjs`], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    check.stderr.on("data", (b) => { err += b; });
    const code = await new Promise((resolve) => check.once("exit", resolve));
    assert.equal(code, 0, `node ${process.version} cannot parse the README's first browser example:\n${err}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("voice: the engine's text in the face's words, durations as people write them, paths and names untouched", async () => {
  const { voice } = await import("../../dist/tokenrenew-error.js");
  const cases = [
    ["renewer: token server request: context deadline exceeded", "tokenrenew: token server request: timed out"],
    ["renewer: no token: renewer: wait: context canceled", "tokenrenew: no token: wait: canceled"],
    ["renewer: HTTP 503 (retry after 1h0m0s)", "tokenrenew: HTTP 503 (retry after 1 h)"],
    ["renewer: gave up after 1.5s.", "tokenrenew: gave up after 1.5 s."],
    ["renewer: retry after 2m30s, within 1.5s or 250ms; 36h0m0s", "tokenrenew: retry after 2 min 30 s, within 1.5 s or 250 ms; 1 d 12 h"],
    ["renewer: HTTP 404 at /v1/rtc/5s-room/ uid 10 h2 0s", "tokenrenew: HTTP 404 at /v1/rtc/5s-room/ uid 10 h2 0 s"],
    ["tokenrenew: options.channel: x", "tokenrenew: options.channel: x"],
    ["renewer: HTTP 503 2xx 100", "tokenrenew: HTTP 503 2xx 100"],
  ];
  for (const [go, want] of cases) assert.equal(voice(go), want);
});
