// Starts `tokenctl serve` (dist/tokenctl, or `go run ./examples/tokenctl`)
// on a free loopback port for the tests, and stops it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../../", import.meta.url));

export function startTokenServer(...args) {
  const bin = `${root}dist/tokenctl`;
  const [cmd, pre] = existsSync(bin) ? [bin, []] : ["go", ["run", "./examples/tokenctl"]];
  const proc = spawn(cmd, [...pre, "serve", "--addr", "127.0.0.1:0", ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    proc.once("exit", (code) => reject(new Error(`tokenctl serve exited with ${code}: ${out}`)));
    proc.stdout.setEncoding("utf8");
    proc.stdout.on("data", (s) => {
      out += s;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        proc.stdout.removeAllListeners("data");
        proc.stdout.resume();
        proc.removeAllListeners("exit");
        resolve({
          url: m[1].replace(/\/$/, ""),
          stop: () => new Promise((done) => { proc.once("exit", done); proc.kill(); }),
        });
      }
    });
  });
}
