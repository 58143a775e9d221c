// Type-checked by `make test-wasm` (tsc --noEmit --strict): tokenrenew.d.ts
// as a web developer meets it. The lines under @ts-expect-error are misuse
// the types must refuse; tsc fails if one of them compiles.
import { createRenewer, load, TokenRenewError } from "../../js/tokenrenew.js";
import type { CurrentToken, ErrorCode, OptionsError, RenewerOptions } from "../../js/tokenrenew.js";

export async function join(client: { renewToken(token: string): Promise<void> }): Promise<void> {
  await using r = await createRenewer({
    url: "https://tokens.example.com/getToken", profile: "agora", channel: "demo", uid: 4242,
    role: "publisher", tokenType: "rtc", expiryMs: 3_600_000, mode: "auto",
  });
  r.addEventListener("renewtoken", (e) => void client.renewToken(e.detail.token));
  r.addEventListener("error", (e) => {
    const code: ErrorCode = e.detail.code;
    if (e.detail.error instanceof TokenRenewError && e.detail.error.permanent) console.warn(code, e.detail.error.status);
  });
  const timeout = AbortSignal.timeout(10_000);
  try {
    const token: string = await r.token({ signal: timeout });
    await client.renewToken(token);
  } catch (err) {
    if (err instanceof TokenRenewError) {
      const retry: number | undefined = err.retryAfterMs;
      console.warn(err.code, retry, err.cause?.code);
    } else if (err instanceof DOMException && err.name === "TimeoutError") {
      console.warn("gave up waiting");
    }
  }
  const now: CurrentToken | null = r.current();
  if (now) console.log(now.expiresAt - Date.now(), now.extra["user"]);
  await r.refresh({ signal: new AbortController().signal });
  r.invalidate(now?.token);
  r.pause();
  r.resume();
  const mode: "shared-worker" | "worker" | "page" = r.stats().mode;
  const paused: boolean = r.stats().paused;
  console.log(mode, paused);
}

export async function others(): Promise<void> {
  using r = await createRenewer({ url: new URL("https://rooms.example.com/auth"), profile: "roomservice", room: "lobby", document: "default", credentials: "include" });
  const options: RenewerOptions = { url: "https://x.example/t", profile: "json", method: "POST", body: { scope: "chat" }, headers: { "X-Api-Key": "k" } };
  void options;
  await load();
  void r;
  try {
    await createRenewer({ url: "https://x.example/t", profile: "json" });
  } catch (err) {
    if (err instanceof TokenRenewError && err.code === "invalid_options") console.warn((err as OptionsError).option);
  }
}

export async function misuse(): Promise<void> {
  // @ts-expect-error: expiryMs is a number of milliseconds, not a duration string
  await createRenewer({ url: "https://x.example/t", expiryMs: "40s" });
  // @ts-expect-error: an unknown option key (channel misspelt)
  await createRenewer({ url: "https://x.example/t", profile: "agora", chanel: "demo" });
  // @ts-expect-error: an unknown option key (the lifetime option is expiryMs)
  await createRenewer({ url: "https://x.example/t", expiry: 40 });
  // @ts-expect-error: not an Agora token type
  await createRenewer({ url: "https://x.example/t", profile: "agora", tokenType: "video" });
  // @ts-expect-error: not an Agora role
  await createRenewer({ url: "https://x.example/t", profile: "agora", role: "host" });
  // @ts-expect-error: not a profile
  await createRenewer({ url: "https://x.example/t", profile: "oauth" });
  // @ts-expect-error: not a method
  await createRenewer({ url: "https://x.example/t", method: "PUT" });
  // @ts-expect-error: not a mode
  await createRenewer({ url: "https://x.example/t", mode: "tab" });
  // @ts-expect-error: url is required
  await createRenewer({ profile: "json" });
  // @ts-expect-error: headers are strings
  await createRenewer({ url: "https://x.example/t", headers: { "X-N": 1 } });
  // @ts-expect-error: Agora RTC tokens (the default type) need a channel
  await createRenewer({ url: "https://x.example/t", profile: "agora" });
  // @ts-expect-error: legacy RTE tokens need a channel
  await createRenewer({ url: "https://x.example/t", profile: "agora", tokenType: "rte", legacy: true });
  // @ts-expect-error: "rte" tokens are legacy only
  await createRenewer({ url: "https://x.example/t", profile: "agora", tokenType: "rte", channel: "c" });
  // @ts-expect-error: Agora RTM tokens need a uid
  await createRenewer({ url: "https://x.example/t", profile: "agora", tokenType: "rtm" });
  // @ts-expect-error: Room Service needs a room
  await createRenewer({ url: "https://x.example/t", profile: "roomservice" });
  // @ts-expect-error: the text profile reads no token field
  await createRenewer({ url: "https://x.example/t", profile: "text", tokenField: "token" });
  // @ts-expect-error: a channel is Agora's; the default profile (detect) reads none
  await createRenewer({ url: "https://x.example/t", channel: "demo" });
  // @ts-expect-error: Dolby sends no body
  await createRenewer({ url: "https://x.example/t", profile: "dolby", body: "x" });
  // @ts-expect-error: a room is Room Service's, not Agora's
  await createRenewer({ url: "https://x.example/t", profile: "agora", channel: "c", room: "r" });
  // What each profile takes.
  await createRenewer({ url: "https://x.example/t", profile: "agora", tokenType: "rtm", uid: "alice" });
  await createRenewer({ url: "https://x.example/t", profile: "agora", tokenType: "RTC", channel: "c", uid: 0 });
  await createRenewer({ url: "https://x.example/t", profile: "agora", tokenType: "chat" });
  await createRenewer({ url: "https://x.example/t", profile: "agora", tokenType: "rte", legacy: true, channel: "c" });
  await createRenewer({ url: "https://x.example/t", profile: "dolby", method: "POST" });
  await createRenewer({ url: "https://x.example/t", profile: "text", method: "POST", body: "x" });
  await createRenewer({ url: "https://x.example/t", profile: "detect", warnBeforeMs: -1 });
  await createRenewer({ url: "https://x.example/t" }, { signal: AbortSignal.timeout(1000) });
  const r = await createRenewer({ url: "https://x.example/t" });
  // @ts-expect-error: invalidate takes the rejected token, a string
  r.invalidate(42);
  // @ts-expect-error: token() takes { signal }, not a signal
  await r.token(new AbortController().signal);
  // @ts-expect-error: current() never waits: it is not a Promise
  const later: Promise<unknown> = r.current();
  void later;
  // @ts-expect-error: a TokenRenewError's code is one of the ErrorCode names
  new TokenRenewError("x", { code: "oops" });
  // @ts-expect-error: a Renewer comes from createRenewer
  new (r.constructor as typeof import("../../js/tokenrenew.js").Renewer)();
  await r.stop();
}
