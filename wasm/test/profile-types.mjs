// make test-wasm-types: the TypeScript options follow the runtime's table.
// Writes dist/profile-types/check.ts from profileOptions (tokenrenew-options.js):
// for every profile, each option it does not read under @ts-expect-error
// (tsc must refuse it, as createRenewer does) and each option it reads
// accepted; then `tsc --strict -p dist/profile-types` checks it against
// dist/tokenrenew.d.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import { profileOptions } from "../../dist/tokenrenew-options.js";
import { root } from "./server.mjs";

const profiles = ["agora", "dolby", "roomservice", "json", "text", "detect"];
// What each profile needs besides the option under test, and a value for each option.
const base = { agora: { channel: "c" }, roomservice: { room: "r" } };
const sample = { tokenType: '"rtc"', channel: '"c"', uid: "7", role: '"publisher"', expiryMs: "1000", legacy: "false",
  room: '"r"', document: '"d"', method: '"POST"', body: '"x"', tokenField: '"t"', expiresInField: '"e"', expiresAtField: '"a"' };
const lines = ['import { createRenewer } from "../tokenrenew.js";', "", "export async function check(): Promise<void> {"];
for (const profile of profiles) {
  for (const [option, readers] of Object.entries(profileOptions)) {
    if (!(option in sample)) throw new Error(`no sample value for ${option}`);
    const fields = { url: '"https://x.example/t"', profile: JSON.stringify(profile), ...Object.fromEntries(Object.entries(base[profile] ?? {}).map(([k, v]) => [k, JSON.stringify(v)])) };
    fields[option] = sample[option];
    const literal = `{ ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join(", ")} }`;
    if (!readers.includes(profile)) lines.push(`  // @ts-expect-error: the ${profile} profile does not read ${option}`);
    lines.push(`  await createRenewer(${literal});`);
  }
}
lines.push("}", "");
const dir = `${root}dist/profile-types`;
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/check.ts`, lines.join("\n"));
writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({
  compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "ESNext", moduleResolution: "Bundler",
    lib: ["ES2022", "DOM", "ESNext.Disposable"], types: [] },
  files: ["check.ts"],
}, null, 2));
console.log(`dist/profile-types/check.ts: ${lines.filter((l) => l.includes("await createRenewer")).length} calls`);
