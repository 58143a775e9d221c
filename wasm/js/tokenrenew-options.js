// The createRenewer options: every key, what it accepts, and the check
// createRenewer makes before anything starts, in every mode. A key the table
// does not know, a value of the wrong type or outside a vocabulary, a
// negative duration, minBackoffMs above maxBackoffMs, or an option the
// profile does not read is a TokenRenewError (code "invalid_options")
// naming the option and what it accepts (with a "did you mean" for a near
// miss). The Go side reads the same keys (wasm/options.go; a Go
// test holds the two together) and checks what only it can: that the
// profile's server would accept the settings.

import { TokenRenewError } from "./tokenrenew-error.js";

const text = { type: "string", what: "a string" };
const flag = { type: "boolean", what: "true or false" };
const ms = { type: "ms", what: "a number of milliseconds" };
const oneOf = (...values) => ({ type: "enum", values, what: values.map((v) => JSON.stringify(v)).join(", ") });
// anyCase is a vocabulary the Go side reads in any case (as fetch does methods).
const anyCase = (...values) => ({ ...oneOf(...values), fold: true });

/** Every option of createRenewer and what it accepts. */
export const optionTable = Object.freeze({
  url: { type: "url", what: "a string or URL: the token server's endpoint" },
  profile: oneOf("agora", "dolby", "roomservice", "json", "text", "detect"),
  tokenType: anyCase("rtc", "rtm", "chat", "rte"),
  channel: text,
  uid: { type: "id", what: "a string or a whole number" },
  role: anyCase("publisher", "subscriber"),
  expiryMs: ms,
  legacy: flag,
  room: text,
  document: text,
  method: anyCase("GET", "POST"),
  body: { type: "body", what: "a string, a Uint8Array or an object (sent as JSON)" },
  tokenField: text,
  expiresInField: text,
  expiresAtField: text,
  headers: { type: "headers", what: "an object of string values" },
  identity: text,
  credentials: oneOf("omit", "same-origin", "include"),
  allowInsecureHttp: flag,
  warnBeforeMs: ms,
  refreshBeforeMs: ms,
  wakeIntervalMs: ms,
  requestTimeoutMs: ms,
  minBackoffMs: ms,
  maxBackoffMs: ms,
  fallbackTtlMs: ms,
  disableJitter: flag,
  wasmUrl: { type: "source", what: "a string or URL (or the module's bytes)" },
  mode: oneOf("auto", "shared-worker", "worker", "page"),
  workerUrl: { type: "url", what: "a string or URL" },
  loadTimeoutMs: { type: "positive", what: "a positive number of milliseconds" },
});

/**
 * The options only some profiles read, and which; every other option is
 * read by every profile. tokenrenew.d.ts keys its RenewerOptions union on
 * the same rule.
 */
export const profileOptions = Object.freeze({
  tokenType: ["agora"], channel: ["agora"], uid: ["agora"], role: ["agora"], expiryMs: ["agora"], legacy: ["agora"],
  room: ["roomservice"], document: ["roomservice"],
  method: ["json", "text", "dolby"], body: ["json", "text"],
  tokenField: ["json"], expiresInField: ["json"], expiresAtField: ["json"],
});

/** The one duration that may be negative: a negative warnBeforeMs turns the warning off. */
const signedMs = new Set(["warnBeforeMs"]);

/**
 * How long a load of the module may take, download, compilation and start
 * together, unless loadTimeoutMs says otherwise: 30 s, about 190 kbit/s
 * for the 714 KB brotli module.
 */
export const defaultLoadTimeoutMs = 30000;

/** The options only this JavaScript reads: where the files are and where the renewer runs. */
export const loaderOptions = ["wasmUrl", "mode", "workerUrl", "loadTimeoutMs"];

/**
 * optionsError returns the TokenRenewError createRenewer rejects with for
 * options it cannot use: its code is "invalid_options", it is permanent,
 * and option names the offending key. It is the class of every other
 * failure, so that one `instanceof TokenRenewError` catches them all.
 */
export function optionsError(option, msg) {
  return new TokenRenewError(`tokenrenew: ${msg}`, { code: "invalid_options", permanent: true, option });
}

// distance is the edit distance of a and b, case folded.
function distance(a, b) {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

// nearest returns the candidate closest to got, if it is a near miss.
function nearest(got, candidates) {
  let best;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(got, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(2, Math.floor(got.length / 4)) ? best : undefined;
}

function describe(v) {
  if (v === null) return "null";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  if (typeof v === "number") return `the number ${v}`;
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? `an object (${Object.prototype.toString.call(v).slice(8, -1)})` : `a ${typeof v}`;
}

const isPlain = (v) => v !== null && typeof v === "object" && !Array.isArray(v) &&
  (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

// accepts reports whether v has the type spec asks for.
function accepts(spec, v) {
  switch (spec.type) {
    case "string": return typeof v === "string";
    case "boolean": return typeof v === "boolean";
    case "ms": return typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= 1e12;
    case "positive": return typeof v === "number" && v > 0 && v <= 1e12;
    case "url": return typeof v === "string" || v instanceof URL;
    case "source": return typeof v === "string" || v instanceof URL || v instanceof ArrayBuffer ||
      ArrayBuffer.isView(v) || v instanceof WebAssembly.Module;
    case "id": return typeof v === "string" || (Number.isSafeInteger(v) && v >= 0);
    case "body": return typeof v === "string" || v instanceof Uint8Array || isPlain(v);
    case "headers": return isPlain(v) && Object.values(v).every((h) => typeof h === "string");
    case "enum": return typeof v === "string" && spec.values.some((x) => x === v || (spec.fold && x.toLowerCase() === v.toLowerCase()));
  }
  return false;
}

/**
 * checkOptions throws the error of optionsError for the first option that
 * is unknown, of the wrong type, a negative duration (but warnBeforeMs), or
 * not read by the profile, for minBackoffMs above maxBackoffMs, and for a
 * missing url. A key set to undefined or null counts as absent.
 */
export function checkOptions(options) {
  if (!isPlain(options)) {
    throw optionsError(undefined, `createRenewer needs an options object, not ${describe(options)}`);
  }
  const names = Object.keys(optionTable);
  for (const [key, v] of Object.entries(options)) {
    const spec = optionTable[key];
    if (!spec) {
      const near = nearest(key, names);
      const hint = near ? `; did you mean "${near}" (${optionTable[near].what})?` : ".";
      throw optionsError(key, `unknown option "${key}"${hint} The options are ${names.join(", ")}.`);
    }
    if (v === undefined || v === null || accepts(spec, v)) continue;
    let hint = "";
    if (spec.type === "enum" && typeof v === "string") {
      const near = nearest(v, spec.values);
      if (near) hint = `; did you mean "${near}"?`;
    }
    throw optionsError(key, `options.${key} must be ${spec.type === "enum" ? "one of " : ""}${spec.what}, not ${describe(v)}${hint}`);
  }
  if (options.url == null || options.url === "") {
    throw optionsError("url", "options.url is required: the token server's endpoint");
  }
  for (const [key, v] of Object.entries(options)) {
    if (optionTable[key].type === "ms" && v < 0 && !signedMs.has(key)) {
      throw optionsError(key, `options.${key} must not be negative, not ${describe(v)}`);
    }
  }
  const { minBackoffMs: min, maxBackoffMs: max } = options;
  if (min != null && max != null && min > max) {
    throw optionsError("minBackoffMs", `options.minBackoffMs (${min}) must not be above options.maxBackoffMs (${max})`);
  }
  const profile = options.profile ?? "detect";
  for (const key of Object.keys(options)) {
    const readers = profileOptions[key];
    if (readers && options[key] != null && !readers.includes(profile)) {
      throw optionsError(key, `options.${key} is not read by the ${JSON.stringify(profile)} profile, only by ` +
        `${readers.map((p) => JSON.stringify(p)).join(", ")}: remove it, or set the profile that reads it`);
    }
  }
}
