// Run by node.test.mjs: renews a 10-minute token, stops, and must then
// exit on its own long before the renewer's 1-minute timer slice.
import { createRenewer } from "../../dist/tokenrenew.js";
import { startTokenServer } from "./server.mjs";

const server = await startTokenServer("--ttl", "10m");
const r = await createRenewer({ url: `${server.url}/json`, profile: "json" });
await r.token();
await r.stop();
await server.stop();
console.log("stopped");
