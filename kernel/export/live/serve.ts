/**
 * `nnlab serve <dir> [--port N]`: serves an exported site on localhost, the way a static host
 * would, with the MIME types a live site needs (.wasm as application/wasm, so TF.js can
 * compile it while it downloads) and the cross-origin isolation headers SharedArrayBuffer
 * (TF.js's threaded wasm) needs.
 */
import { createReadStream, existsSync, statSync } from "fs";
import { createServer, type Server } from "http";
import { extname, join, normalize, resolve, sep } from "path";

/** Content types by file extension. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".gz": "application/gzip",
  ".nnparams": "application/octet-stream",
};

/**
 * Starts serving `dir`; resolves once listening (port 0 picks a free port: read server.address()).
 *
 * @example
 * const server = await serveSite("dist/lessons", 8000);
 */
export function serveSite(dir: string, port: number, host = "127.0.0.1"): Promise<Server> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    let file = normalize(join(root, decodeURIComponent(url.pathname)));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end("outside the site");
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${url.pathname}`);
      return;
    }
    res.writeHead(200, {
      "content-type": MIME_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-length": statSync(file).size,
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-embedder-policy": "require-corp",
      "cache-control": "no-cache",
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolvePromise(server));
  });
}

/** Runs `nnlab serve`; resolves to the exit code when the server stops (Ctrl-C). */
export async function serveCommand(argv: string[]): Promise<number> {
  const portAt = argv.indexOf("--port");
  const port = portAt >= 0 ? Number(argv[portAt + 1]) : 8000;
  const dir = argv.find((a, i) => !a.startsWith("-") && (portAt < 0 || i !== portAt + 1));
  if (dir === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write("usage: nnlab serve <site folder> [--port N]   (port 0..65535, default 8000)\n");
    return 2;
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    process.stderr.write(`nnlab serve: ${dir} is not a folder; export a site first: npx nnlab export <notebooks...> --out ${dir} --live\n`);
    return 1;
  }
  const server = await serveSite(dir, port);
  const address = server.address();
  const actual = typeof address === "object" && address !== null ? address.port : port;
  process.stdout.write(`Serving ${resolve(dir)} at http://127.0.0.1:${actual}/ (Ctrl-C stops)\n`);
  await new Promise<void>((done) => process.once("SIGINT", () => server.close(() => done())));
  return 0;
}
