// A small static file server for the repository, for examples/web:
//   node wasm/test/static.mjs [--port 8000]   then open /examples/web/
// It serves files under the repository root only, with the wasm MIME type
// streaming compilation wants. Imported, startStatic() serves on a free port.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { root } from "./server.mjs";

const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm", ".json": "application/json", ".png": "image/png",
  ".ts": "text/plain; charset=utf-8", ".md": "text/plain; charset=utf-8",
};

export function startStatic(port = 0, host = "127.0.0.1") {
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(root + path);
    if (!file.startsWith(normalize(root)) || file.split(sep).includes("node_modules")) {
      res.writeHead(403).end("forbidden");
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream", "Cache-Control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const { port } = server.address();
      resolve({ url: `http://${host}:${port}`, stop: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--port");
  const s = await startStatic(i > 0 ? Number(process.argv[i + 1]) : 8000);
  console.log(`serving the repository on ${s.url}; open ${s.url}/examples/web/`);
}
