// A small static file server for the repository, for examples/web and the
// browser tests:
//   node wasm/test/static.mjs [--port 8000]   then open /examples/web/
// It serves files under the repository root only, the way the README asks
// tokenrenew to be served:
//   - tokenrenew.wasm as application/wasm, for streaming compilation;
//   - compressed: a precompressed sibling (file.br, file.gz, which `make
//     wasm` writes for the wasm) when the browser accepts it, else gzip made
//     once and kept in memory; Vary: Accept-Encoding;
//   - content-hashed names (tokenrenew.<12 hex>.wasm) cached for a year,
//     immutable; everything else revalidated (no-cache with an ETag).
// Imported, startStatic() serves on a free port; `requests` counts the
// requests per path and `sent` the body bytes sent per path, for tests and
// benchmarks; startStatic(0, host, { plain: true }) serves the way a bare
// static server does, uncompressed and no-store, for comparison.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { root } from "./server.mjs";

const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm", ".json": "application/json", ".png": "image/png",
  ".ts": "text/plain; charset=utf-8", ".md": "text/plain; charset=utf-8",
};
const hashed = /\.[0-9a-f]{12}\.[a-z]+$/;
const compressible = /^(text\/|application\/(json|wasm|javascript))/;

async function exists(file) {
  try { return (await stat(file)).isFile(); } catch { return false; }
}

export function startStatic(port = 0, host = "127.0.0.1", { plain = false, intercept } = {}) {
  const requests = new Map();
  const sent = new Map();
  const gzipped = new Map(); // file -> {mtime, body}
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.set(path, (requests.get(path) ?? 0) + 1);
    if (intercept?.(path, req, res)) return;
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(root + path);
    if (!file.startsWith(normalize(root)) || file.split(sep).includes("node_modules")) {
      res.writeHead(403).end("forbidden");
      return;
    }
    let st;
    try {
      st = await stat(file);
      if (!st.isFile()) throw new Error("not a file");
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return;
    }
    const type = types[extname(file)] || "application/octet-stream";
    const etag = `"${st.size.toString(36)}-${Math.floor(st.mtimeMs).toString(36)}"`;
    if (plain) {
      const body = await readFile(file);
      sent.set(path, (sent.get(path) ?? 0) + body.length);
      res.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store" }).end(body);
      return;
    }
    const headers = {
      "Content-Type": type,
      "Cache-Control": hashed.test(file) ? "public, max-age=31536000, immutable" : "no-cache",
      ETag: etag,
      Vary: "Accept-Encoding",
    };
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const accept = String(req.headers["accept-encoding"] ?? "");
    let body;
    if (/\bbr\b/.test(accept) && await exists(file + ".br")) {
      body = await readFile(file + ".br");
      headers["Content-Encoding"] = "br";
    } else if (/\bgzip\b/.test(accept) && await exists(file + ".gz")) {
      body = await readFile(file + ".gz");
      headers["Content-Encoding"] = "gzip";
    } else if (/\bgzip\b/.test(accept) && compressible.test(type)) {
      let g = gzipped.get(file);
      if (!g || g.mtime !== st.mtimeMs) {
        g = { mtime: st.mtimeMs, body: gzipSync(await readFile(file), { level: 9 }) };
        gzipped.set(file, g);
      }
      body = g.body;
      headers["Content-Encoding"] = "gzip";
    } else {
      body = await readFile(file);
    }
    res.writeHead(200, headers);
    sent.set(path, (sent.get(path) ?? 0) + body.length);
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const { port } = server.address();
      resolve({
        url: `http://${host}:${port}`,
        requests,
        sent,
        stop: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--port");
  const s = await startStatic(i > 0 ? Number(process.argv[i + 1]) : 8000);
  console.log(`serving the repository on ${s.url}; open ${s.url}/examples/web/`);
}
