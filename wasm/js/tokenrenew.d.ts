// Types of tokenrenew.js: keeps a short-lived access token fresh in the
// browser and in Node.js.
/// <reference lib="esnext.disposable" />
//
// The types stand alone: they need no DOM lib and no @types/node. Where the
// program's libs declare URL, AbortSignal or WebAssembly, the options take
// the platform's own types; elsewhere, the parts tokenrenew uses.

/** The instances of the global class K where the program's libs declare it, else Fallback. */
type GlobalInstance<K extends string, Fallback> =
  typeof globalThis extends Record<K, { prototype: infer I }> ? I : Fallback;

/** A URL object: the platform's URL. */
export type URLType = GlobalInstance<"URL", { readonly href: string }>;

/** A compiled WebAssembly.Module, where the program's libs know WebAssembly. */
export type WasmModule = typeof globalThis extends Record<"WebAssembly", { Module: { prototype: infer I } }> ? I : never;

/** What tokenrenew reads of an AbortSignal. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: any;
  addEventListener(type: "abort", listener: (...args: any[]) => any, options?: any): void;
  removeEventListener(type: "abort", listener: (...args: any[]) => any, options?: any): void;
}

/** An AbortSignal: the platform's. */
export type SignalType = GlobalInstance<"AbortSignal", AbortSignalLike>;

/**
 * The events a Renewer dispatches are CustomEvents (in browsers and Node.js): this is
 * what a listener may read of one.
 */
export interface RenewerEvent<T> {
  readonly type: string;
  readonly detail: T;
  readonly timeStamp: number;
}

/** A listener of E; its parameter is checked both ways, so a listener of CustomEvent<T> fits. */
export type RenewerListener<E> = { bivarianceHack(this: Renewer, event: E): any }["bivarianceHack"];

/** The options addEventListener takes. */
export interface ListenerOptions {
  capture?: boolean;
  once?: boolean;
  passive?: boolean;
  signal?: SignalType;
}

/** The token server's protocol: a built-in profile, or detection of a JSON token field, else plain text. */
export type Profile = "agora" | "dolby" | "roomservice" | "json" | "text" | "detect";

/** Agora token types; "rte" (an RTC and an RTM token at once) only with legacy. Any case. */
export type AgoraTokenType = "rtc" | "rtm" | "chat" | "rte";

/** Agora roles. Any case. */
export type AgoraRole = "publisher" | "subscriber";

/** The HTTP method of the json, text and dolby profiles. Any case. */
export type Method = "GET" | "POST" | "get" | "post";

/**
 * Options of createRenewer every profile takes. Durations are milliseconds; a missing or
 * zero one means the default, and only warnBeforeMs may be negative. createRenewer rejects
 * an unknown key, a value of the wrong type or outside a vocabulary, a negative duration,
 * minBackoffMs above maxBackoffMs, and an option the profile does not read (tokenField
 * with "text", channel with "json") with a TokenRenewError of code "invalid_options"
 * naming the option; RenewerOptions, a union keyed by profile, refuses them at compile time.
 */
export interface CommonOptions {
  /** The token server's endpoint: https, or http for localhost / 127.0.0.1 unless allowInsecureHttp. */
  url: string | URLType;
  /**
   * Headers sent with every request (an API key, the app's session header). Names must be
   * HTTP tokens and values visible ASCII, space and tab: createRenewer rejects any other
   * ("invalid_options", option "headers"), naming the header but not its value.
   */
  headers?: Record<string, string>;
  /**
   * Who the signed-in user is, as the app knows it (a user id), or "" (the default). Tabs share
   * one renewer (shared-worker mode) only when every option is equal, identity included: a tab
   * that joins with another identity never sees the old renewer's token. Cookie logins MUST pass
   * it: cookies are shared by every tab of an origin and invisible to tokenrenew, so after a
   * sign-out and sign-in as someone else, a tab without it would join the old user's renewer.
   * A login sent in `headers` (Authorization) keeps renewers apart already.
   */
  identity?: string;
  /** fetch credentials mode when the profile sets none ("include" for cookie-authenticated servers). */
  credentials?: "omit" | "same-origin" | "include";
  /** Allow plain http to hosts other than loopback. */
  allowInsecureHttp?: boolean;
  /** When "tokenwillexpire" fires before expiry (default 30000; negative: never). */
  warnBeforeMs?: number;
  /**
   * How long before expiry renewal starts. Default 300000 (5 min), at most
   * 40% of the token's lifetime: a hidden tab runs timers once a minute, so
   * the lead leaves room for a few throttled ticks and retries.
   */
  refreshBeforeMs?: number;
  /** Longest timer slice; the wall clock is re-checked at least this often (default 60000). */
  wakeIntervalMs?: number;
  /** Timeout of one request (default 15000). */
  requestTimeoutMs?: number;
  /** First retry delay ceiling (default 1000). */
  minBackoffMs?: number;
  /** Retry delay cap (default 30000); retries never stop. */
  maxBackoffMs?: number;
  /** Lifetime assumed when neither the response nor the token says (default 600000). */
  fallbackTtlMs?: number;
  /** Turn off the random spread of renewal times. */
  disableJitter?: boolean;
  /**
   * Where tokenrenew.wasm is; default: the content-hashed tokenrenew.<hash>.wasm
   * `make wasm` writes next to tokenrenew.js. Relative URLs are resolved against
   * tokenrenew.js. In the worker modes the worker loads it.
   */
  wasmUrl?: string | URLType | ArrayBuffer | Uint8Array | WasmModule;
  /**
   * Where the renewer runs. "auto" (the default) takes the first of
   * "shared-worker", "worker" and "page" that works here; any other value forces
   * that mode, and createRenewer rejects with code "unsupported" where it is not
   * available. See RenewerMode.
   */
  mode?: "auto" | RenewerMode;
  /** Where tokenrenew-worker.js is; default: next to tokenrenew.js. */
  workerUrl?: string | URLType;
  /**
   * How long loading tokenrenew.wasm (download, compilation, start) may take before
   * createRenewer rejects with code "timeout" (default 30000, about 190 kbit/s for the
   * 714 KB brotli module; raise it for slower links). In the worker modes it bounds the
   * worker's load. A load that failed or timed out is never joined again: the next
   * createRenewer, in any tab, starts a fresh one.
   */
  loadTimeoutMs?: number;
}

// The options of one profile are never in another's: each profile's options
// set those it does not read to never, so TypeScript refuses them as the
// runtime does.
interface NotAgora {
  tokenType?: never; channel?: never; uid?: never; role?: never; expiryMs?: never; legacy?: never;
}
interface NotRoomService { room?: never; document?: never }
interface NotJSON { tokenField?: never; expiresInField?: never; expiresAtField?: never }

/** What an Agora token server is asked for. */
export interface AgoraCommonOptions extends CommonOptions, NotRoomService, NotJSON {
  profile: "agora";
  /** Agora: "rtc" (default), "rtm" or "chat" ("rte" with legacy). */
  tokenType?: AgoraTokenType | Uppercase<AgoraTokenType>;
  /** Agora: channel name. */
  channel?: string;
  /** Agora: numeric uid or user account. */
  uid?: string | number;
  /** Agora: "publisher" (default) or "subscriber". */
  role?: AgoraRole | Uppercase<AgoraRole>;
  /** Agora: requested token lifetime. */
  expiryMs?: number;
  /** Agora: use the older GET /rtc/... endpoints. */
  legacy?: boolean;
  method?: never;
  body?: never;
}
/** Agora RTC tokens (the default type) are for a channel. */
export interface AgoraRTCOptions extends AgoraCommonOptions {
  tokenType?: "rtc" | "RTC";
  channel: string;
}
/** Agora RTM tokens are for a user: a uid other than 0. */
export interface AgoraRTMOptions extends AgoraCommonOptions {
  tokenType: "rtm" | "RTM";
  uid: string | number;
}
/** Agora Chat tokens. */
export interface AgoraChatOptions extends AgoraCommonOptions {
  tokenType: "chat" | "CHAT";
}
/** Legacy RTE tokens (an RTC and an RTM token at once) are for a channel. */
export interface AgoraRTEOptions extends AgoraCommonOptions {
  tokenType: "rte" | "RTE";
  legacy: true;
  channel: string;
}
export type AgoraOptions = AgoraRTCOptions | AgoraRTMOptions | AgoraChatOptions | AgoraRTEOptions;

/** A Room Service webhook. */
export interface RoomServiceOptions extends CommonOptions, NotAgora, NotJSON {
  profile: "roomservice";
  /** Room Service: the room to join. */
  room: string;
  /** Room Service: a document of the room to ask for too (the official client asks for "default"). */
  document?: string;
  method?: never;
  body?: never;
}

/** The Dolby.io token endpoint. */
export interface DolbyOptions extends CommonOptions, NotAgora, NotRoomService, NotJSON {
  profile: "dolby";
  /** "GET" (default) or "POST". */
  method?: Method;
  body?: never;
}

/** A server answering the token as plain text. */
export interface TextOptions extends CommonOptions, NotAgora, NotRoomService, NotJSON {
  profile: "text";
  /** json, text, dolby: "GET" (default) or "POST". */
  method?: Method;
  /** json, text: request body; an object is sent as JSON. */
  body?: string | Uint8Array | Record<string, unknown>;
}

/** A server answering JSON: where the token and its lifetime are. */
export interface JSONOptions extends CommonOptions, NotAgora, NotRoomService {
  profile: "json";
  /** json, text, dolby: "GET" (default) or "POST". */
  method?: Method;
  /** json, text: request body; an object is sent as JSON. */
  body?: string | Uint8Array | Record<string, unknown>;
  /** json: path of the token field, such as "data.token". */
  tokenField?: string;
  /** json: path of a relative lifetime field (seconds). */
  expiresInField?: string;
  /** json: path of an absolute expiry field. */
  expiresAtField?: string;
}

/** The default: a GET whose answer is read as JSON with a token field if it is one, else as text. */
export interface DetectOptions extends CommonOptions, NotAgora, NotRoomService, NotJSON {
  profile?: "detect";
  method?: never;
  body?: never;
}

/**
 * Options of createRenewer: a union keyed by profile, so that TypeScript refuses what the
 * runtime refuses (an Agora RTC renewer without a channel, a tokenField with "text").
 */
export type RenewerOptions = DetectOptions | JSONOptions | TextOptions | DolbyOptions | RoomServiceOptions | AgoraOptions;

/** The second argument of createRenewer. */
export interface CreateOptions {
  /**
   * Ends the wait for the module and the renewer: the Promise rejects with signal.reason.
   * The load (the page's, or the worker's) is cancelled once no other renewer waits for it.
   */
  signal?: SignalType;
}

/**
 * Where a renewer runs:
 * - "shared-worker": in one SharedWorker per origin and build, shared by every tab.
 *   Tabs whose options are equal (everything but mode, wasmUrl, workerUrl and loadTimeoutMs) share
 *   one renewer: one fetch per renewal, the same events in every tab, one back-off.
 *   stop() detaches this tab; the renewer stops when no tab uses it.
 * - "worker": in a dedicated Worker of this page.
 * - "page": on the page's main thread (Node.js, or where workers are missing).
 * In the worker modes the page loads no wasm and runs no Go code.
 */
export type RenewerMode = "shared-worker" | "worker" | "page";

/** Where a token's expiry came from: when the response and the token both say one, the earliest wins. */
export type ExpirySource = "unknown" | "response" | "token" | "profile" | "fallback";

/** A token's lifetime, in milliseconds since the Unix epoch. */
export interface TokenTimes {
  expiresAt: number;
  issuedAt: number;
  expirySource: ExpirySource;
}

/** A token with its lifetime and what else the server answered: what current() returns. */
export interface CurrentToken extends TokenTimes {
  token: string;
  /**
   * Every other field the profile kept from the response: Room Service's user and
   * resources, the rtmToken of an Agora "rte" answer (as a string). Empty when none.
   */
  extra: Record<string, unknown>;
}

/**
 * detail of "renewtoken": the new token. A tab that was frozen (or too busy to read the
 * worker's messages for over a second) while the worker renewed is not handed the events
 * it missed: it gets the current token once, never an expired one, with skipped set.
 */
export interface RenewTokenDetail extends CurrentToken {
  /**
   * Only on the first renewtoken after such a catch-up: how many renewed tokens the tab was
   * not handed (0 or more). Absent on every other renewtoken.
   */
  skipped?: number;
}

/** detail of "tokenwillexpire". */
export interface TokenWillExpireDetail extends TokenTimes {
  leftMs: number;
}

/** detail of "tokenexpired". */
export type TokenExpiredDetail = TokenTimes;

// generated:begin error-codes (Code generated by internal/gen from renewer/code.go; DO NOT EDIT.)
/** Stable error codes. */
export type ErrorCode =
  /**
   * A bug, not the network: a panic the renewer recovered (renewal goes on), or a
   * tokenrenew.wasm that cannot be read, does not compile or did not start (permanent but for a
   * passing file-system error).
   */
  | "internal"
  | "store"
  | "origin_not_allowed"
  | "unauthorized"
  | "forbidden"
  | "insecure_url"
  | "invalid_url"
  /**
   * The engine's code for an unsendable header; createRenewer reports it as "invalid_options".
   */
  | "invalid_header"
  | "redirect"
  | "invalid_profile"
  | "no_token"
  | "invalid_token"
  | "malformed_response"
  | "body_too_large"
  | "already_expired"
  | "no_progress"
  | "expired"
  | "short_lifetime"
  | "reentrant"
  | "wrong_identity"
  | "stopped"
  | "not_started"
  | "already_started"
  /**
   * The forced mode is not available here, or its worker could not start, or the JavaScript
   * runtime has no fetch for the renewer's requests (permanent).
   */
  | "unsupported"
  | "timeout"
  | "canceled"
  | "http_status"
  | "network"
  /** createRenewer's options cannot be used (an OptionsError names the option). */
  | "invalid_options";
// generated:end error-codes

/**
 * The errors tokenrenew rejects with and reports, in every mode (errors of a worker are
 * rebuilt as this class in the page), so `err instanceof TokenRenewError` holds.
 */
export declare class TokenRenewError extends Error {
  constructor(message: string, facts: {
    code: ErrorCode; permanent?: boolean; status?: number; retryAfterMs?: number; option?: string;
    cause?: TokenRenewError;
  });
  readonly name: "TokenRenewError";
  /** What went wrong, stable across versions. */
  readonly code: ErrorCode;
  /** True when retrying will not help until refresh() or resume(). */
  readonly permanent: boolean;
  /** For "http_status", "unauthorized", "forbidden": the HTTP status. */
  readonly status?: number;
  /** The delay the server asked for with Retry-After. */
  readonly retryAfterMs?: number;
  /** For "invalid_options" the renewer decided (a header it cannot send): the option to mend. */
  readonly option?: string;
  /** The failure behind this one, such as the last failed fetch behind "timeout" or "expired". */
  readonly cause?: TokenRenewError;
  /** Rebuilds an error of the Go runtime, or one sent from a worker as a plain object. */
  static from(e: unknown): TokenRenewError;
}

/**
 * What createRenewer rejects with for options it cannot use (see CommonOptions), and what
 * a call rejects with or throws for an argument of the wrong kind: a TokenRenewError (one
 * class to catch for every failure) naming the option and what it accepts (with a "did you
 * mean" for a near miss).
 */
export interface OptionsError extends TokenRenewError {
  code: "invalid_options";
  permanent: true;
  /** The offending option. */
  option?: string;
}

/** Options of token() and refresh(). */
export interface CallOptions {
  /**
   * Ends the wait: the Promise rejects with signal.reason (an "AbortError" DOMException
   * unless abort() was given another, "TimeoutError" for AbortSignal.timeout). The fetch
   * the call joined goes on for the renewer and its other callers.
   */
  signal?: SignalType;
}

/** detail of "error": a failed fetch; renewal keeps trying unless permanent. */
export interface ErrorDetail {
  error: TokenRenewError;
  code: ErrorCode;
  permanent: boolean;
}

/**
 * What stats() returns. Times are milliseconds since the Unix epoch, or null.
 * In the worker modes stats() is synchronous too: it returns the worker's latest
 * snapshot, sent with every event and reply and whenever the number of tabs
 * changes; updatedAt says when it was taken.
 */
export interface RenewerStats {
  /** Where the renewer runs. */
  mode: RenewerMode;
  /** Tabs sharing this renewer (1 outside "shared-worker"). */
  tabs: number;
  /** When these figures were taken. */
  updatedAt: number;
  /** Requests made, by every tab sharing the renewer. */
  fetches: number;
  renewals: number;
  failures: number;
  expirations: number;
  consecutiveFailures: number;
  valid: boolean;
  expiresAt: number | null;
  /** The next planned fetch; null while paused, unless the app asked for it. */
  nextAttempt: number | null;
  waiting: boolean;
  /** pause() was called and resume() has not been. */
  paused: boolean;
  lastError: TokenRenewError | null;
}

export interface RenewerEventMap {
  renewtoken: RenewerEvent<RenewTokenDetail>;
  tokenwillexpire: RenewerEvent<TokenWillExpireDetail>;
  tokenexpired: RenewerEvent<TokenExpiredDetail>;
  error: RenewerEvent<ErrorDetail>;
}

/**
 * A Renewer keeps one token fresh; create it with createRenewer. It is an EventTarget,
 * and disposable: `await using r = await createRenewer(...)` stops it at the end of the
 * block.
 */
export declare class Renewer implements AsyncDisposable, Disposable {
  private constructor();
  addEventListener<K extends keyof RenewerEventMap>(
    type: K, listener: RenewerListener<RenewerEventMap[K]>, options?: boolean | ListenerOptions): void;
  addEventListener(type: string, listener: RenewerListener<RenewerEvent<unknown>> | { handleEvent: RenewerListener<RenewerEvent<unknown>> } | null,
    options?: boolean | ListenerOptions): void;
  removeEventListener<K extends keyof RenewerEventMap>(
    type: K, listener: RenewerListener<RenewerEventMap[K]>, options?: boolean | { capture?: boolean }): void;
  removeEventListener(type: string, listener: RenewerListener<RenewerEvent<unknown>> | { handleEvent: RenewerListener<RenewerEvent<unknown>> } | null,
    options?: boolean | { capture?: boolean }): void;
  /** EventTarget's dispatchEvent: a Renewer is an EventTarget at run time. */
  dispatchEvent(event: { readonly type: string }): boolean;
  /**
   * The current token. With none valid, waits for one across the retries of transient
   * failures, until a token comes or a permanent failure (which it rejects with), or
   * options.signal aborts (then it rejects with the signal's reason).
   */
  token(options?: CallOptions): Promise<string>;
  /** Fetches a new token now, or joins the fetch in progress; options.signal as token(). */
  refresh(options?: CallOptions): Promise<string>;
  /**
   * The token held now, with its times and extras, or null when none is valid; it never
   * waits or fetches. In the worker modes it is the worker's latest message (sent with every
   * event and reply), as stats() is.
   */
  current(): CurrentToken | null;
  /**
   * Drops the token the media service rejected and fetches a new one. Pass the rejected
   * token: if it was already replaced, nothing happens; without it, the current one.
   */
  invalidate(rejected?: string): void;
  /**
   * Stops renewing on its own (no scheduled renewal, no retry, no timer) until resume() or
   * the page becomes visible again, for a page hidden for long; token() and refresh() still
   * fetch. In "shared-worker" mode the shared renewer pauses once every tab has paused.
   */
  pause(): void;
  /** Checks the clock now and retries a waiting or blocked renewal; ends a pause. */
  resume(): void;
  /** Counters and state; after stop, the state at stop. */
  stats(): RenewerStats;
  /** True once stop() has been called. */
  readonly stopped: boolean;
  /**
   * Stops renewing and releases everything; later calls return the same Promise.
   * In "shared-worker" mode it detaches this tab only: the renewer stops when no
   * tab uses it.
   */
  stop(): Promise<void>;
  /** stop(), for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
  /** Starts stop() without waiting, for `using`: no event is dispatched after it. */
  [Symbol.dispose](): void;
}

/**
 * Creates a renewer and starts fetching its first token. Rejects with a TokenRenewError: an
 * OptionsError (code "invalid_options") for options it cannot use or settings the token
 * server would refuse, code "insecure_url" for plain http to another host than loopback,
 * "unsupported" for a mode that is not available; with code "timeout" when tokenrenew.wasm did
 * not load within options.loadTimeoutMs, or the load's own code ("network", "http_status",
 * "internal") when it failed, with what the download said as cause; with init.signal's
 * reason when it aborts first.
 */
export declare function createRenewer(options: RenewerOptions, init?: CreateOptions): Promise<Renewer>;

/**
 * Loads tokenrenew.wasm in this page or process once (createRenewer does it on first use in
 * page mode). A later call naming another source rejects with code "invalid_options": a page
 * runs one Go runtime. A load that fails or takes longer than timeoutMs (default 30000; code
 * "timeout") is forgotten, and the next call starts afresh; signal as createRenewer's.
 */
export declare function load(source?: string | URLType | ArrayBuffer | Uint8Array | WasmModule,
  options?: { signal?: SignalType; timeoutMs?: number }): Promise<unknown>;
