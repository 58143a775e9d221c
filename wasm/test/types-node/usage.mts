// Type-checked by `make test-wasm-types` with lib ES2022 only: no DOM, no
// @types/node. Every type of tokenrenew.d.ts a Node.js program meets must
// resolve without the DOM's EventTarget, Event, AbortSignal, URL or
// WebAssembly.
import { createRenewer, load, TokenRenewError } from "../../js/tokenrenew.js";
import type { CurrentToken, RenewerOptions, RenewTokenDetail } from "../../js/tokenrenew.js";

export async function main(signal: Parameters<typeof createRenewer>[1]): Promise<void> {
  await load();
  const options: RenewerOptions = { url: "http://127.0.0.1:8080/json", profile: "json", tokenField: "data.token" };
  const r = await createRenewer(options, signal);
  try {
    r.addEventListener("renewtoken", (e) => {
      const d: RenewTokenDetail = e.detail;
      console.log(d.expiresAt, d.skipped ?? 0);
    });
    r.addEventListener("error", (e) => console.warn(e.detail.code, e.detail.error.message));
    const token: string = await r.token();
    const now: CurrentToken | null = r.current();
    console.log(token.length, now?.expiresAt);
  } catch (err) {
    if (err instanceof TokenRenewError) console.warn(err.code, err.option, err.cause?.code);
  } finally {
    await r.stop();
  }
  // @ts-expect-error: agora RTC tokens need a channel
  await createRenewer({ url: "http://127.0.0.1:8080/t", profile: "agora" });
}

// No @types/node here: the one global this file uses.
declare const console: { log(...args: unknown[]): void; warn(...args: unknown[]): void };
