// TokenRenewError: the one error class tokenrenew rejects with and reports,
// in every mode. Errors made by the Go runtime (in the page, or in a worker,
// where they cross to the page as plain objects) are rebuilt as it with
// TokenRenewError.from.

/**
 * A failure of tokenrenew, with a stable `code` ("unauthorized", "network",
 * "http_status", ...). `permanent` is true when retrying will not help until
 * refresh() or resume(); `status` and `retryAfterMs` are set for HTTP
 * answers; `option`, for some "invalid_options", names the option to mend;
 * `cause`, when set, is the failure behind this one (the last
 * failed fetch behind a "timeout" or an "expired", say).
 */
export class TokenRenewError extends Error {
  /**
   * @param {string} message
   * @param {{code: string, permanent?: boolean, status?: number, retryAfterMs?: number, cause?: unknown}} facts
   */
  constructor(message, { code, permanent = false, status, retryAfterMs, option, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code ?? "network";
    this.permanent = Boolean(permanent);
    if (status !== undefined) this.status = status;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
    if (option !== undefined) this.option = String(option);
  }

  /**
   * Rebuilds e, an Error of the Go runtime or one sent across a worker's
   * port as a plain object ({name, message, code, permanent, status,
   * retryAfterMs, option, cause}), as a TokenRenewError. A TokenRenewError is
   * returned as it is. Only an error named TokenRenewError brings its facts:
   * any other (a Node.js ENOENT, a failed import) is a transient "network"
   * failure with its message, so no foreign `code` passes for one of ours.
   */
  static from(e) {
    if (e instanceof TokenRenewError) return e;
    if (e === null || typeof e !== "object") {
      return new TokenRenewError(voice(String(e)), { code: "network" });
    }
    if (e.name !== "TokenRenewError") {
      return new TokenRenewError(voice(String(e.message)), {
        code: "network", cause: e.cause == null ? undefined : TokenRenewError.from(e.cause),
      });
    }
    return new TokenRenewError(voice(String(e.message)), {
      code: e.code, permanent: e.permanent, status: e.status ?? undefined, retryAfterMs: e.retryAfterMs ?? undefined,
      option: e.option ?? undefined,
      cause: e.cause == null ? undefined : TokenRenewError.from(e.cause),
    });
  }
}
TokenRenewError.prototype.name = "TokenRenewError";

// goDuration matches a duration as Go prints it (1h0m0s, 2m30s, 1.5s,
// 250ms) as a word of its own, not a piece of a path or name.
const goDuration = /(?<![\w/.-])(?=\d)((\d+)h)?((\d+)m(?!s))?((\d+(?:\.\d+)?)s)?((\d+(?:\.\d+)?)ms)?(?![\w/-])/g;

// human writes a duration of ms milliseconds as people do: "1 h", "2 min
// 30 s", "1.5 s", "250 ms" (at most two units, the largest first).
function human(ms) {
  if (ms === 0) return "0 s";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${Math.round(ms / 100) / 10} s`;
  const units = [[86400000, "d"], [3600000, "h"], [60000, "min"], [1000, "s"]];
  const parts = [];
  for (const [size, name] of units) {
    const n = Math.floor(ms / size);
    if (n > 0 && parts.length < 2) {
      parts.push(`${n} ${name}`);
      ms -= n * size;
    } else if (parts.length > 0) {
      break;
    }
  }
  return parts.join(" ");
}

/**
 * voice says msg, an error's text from any part of tokenrenew (the Go
 * engine's included), as the JavaScript face does: one "tokenrenew: "
 * prefix (the engine's "renewer: " prefixes, at any depth, go), a context
 * error as "timed out" or "canceled", and Go durations ("1h0m0s") as
 * people write them ("1 h").
 * @param {string} msg
 */
export function voice(msg) {
  const text = msg.replace(/^tokenrenew: /, "").replaceAll("renewer: ", "")
    .replaceAll("context deadline exceeded", "timed out").replaceAll("context canceled", "canceled")
    .replace(goDuration, (word, _h, h, _m, m, _s, sec, _ms, milli) => {
      if (word === "" || !/[hms]$/.test(word)) return word;
      return human((+(h ?? 0)) * 3600000 + (+(m ?? 0)) * 60000 + (+(sec ?? 0)) * 1000 + (+(milli ?? 0)));
    });
  return `tokenrenew: ${text}`;
}

/**
 * toWire turns an error into a plain object that survives postMessage with
 * its facts (structured cloning keeps only an Error's name and message).
 * Anything that is not an Error becomes a "network" failure.
 */
export function toWire(err) {
  if (!(err instanceof Error)) return { name: "TokenRenewError", message: String(err), code: "network", permanent: false };
  const w = { name: err.name, message: err.message, code: err.code ?? "network", permanent: Boolean(err.permanent) };
  if (err.status != null) w.status = err.status;
  if (err.retryAfterMs != null) w.retryAfterMs = err.retryAfterMs;
  if (err.option != null) w.option = err.option;
  if (err.cause instanceof Error) w.cause = toWire(err.cause);
  return w;
}

/**
 * renewError returns a TokenRenewError with code, made in JavaScript:
 * permanent unless facts say otherwise, with an HTTP status and the
 * failure behind it (cause, rebuilt as a TokenRenewError) when facts give
 * them.
 * @param {string} code
 * @param {string} msg
 * @param {{permanent?: boolean, status?: number, cause?: unknown}} [facts]
 */
export function renewError(code, msg, { permanent = true, status, cause } = {}) {
  return new TokenRenewError(`tokenrenew: ${msg}`, {
    code, permanent, status, cause: cause === undefined ? undefined : TokenRenewError.from(cause),
  });
}

/** stoppedError returns the error of a call made to a stopped renewer. */
export function stoppedError() {
  return renewError("stopped", "the renewer is stopped");
}
