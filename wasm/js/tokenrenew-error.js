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
      return new TokenRenewError(`tokenrenew: ${String(e)}`, { code: "network" });
    }
    if (e.name !== "TokenRenewError") {
      return new TokenRenewError(`tokenrenew: ${String(e.message)}`, {
        code: "network", cause: e.cause == null ? undefined : TokenRenewError.from(e.cause),
      });
    }
    return new TokenRenewError(String(e.message), {
      code: e.code, permanent: e.permanent, status: e.status ?? undefined, retryAfterMs: e.retryAfterMs ?? undefined,
      option: e.option ?? undefined,
      cause: e.cause == null ? undefined : TokenRenewError.from(e.cause),
    });
  }
}
TokenRenewError.prototype.name = "TokenRenewError";

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
