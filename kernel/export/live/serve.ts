/**
 * `nnlab serve <dir> [--port N]`: serves an exported site on localhost, the way a static host
 * would, with the MIME types a live site needs (.wasm as application/wasm, so TF.js can
 * compile it while it downloads) and the cross-origin isolation headers SharedArrayBuffer
 * (TF.js's threaded wasm) needs.
 */
import { createReadStream, existsSync, realpathSync, statSync } from "fs";
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

/** What a request path maps to: a file to send, or the status and text to answer with. */
type Resolved = { readonly file: string; readonly size: number } | { readonly status: number; readonly text: string };

/**
 * Maps a URL path to a file under `root` (a real path). A malformed path is a 400; a path or
 * symlink that leads outside the site is a 403; anything missing or unreadable is a 404.
 */
function resolveRequest(root: string, rawUrl: string): Resolved {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(rawUrl, "http://localhost").pathname);
  } catch {
    return { status: 400, text: "bad request: the path is not a valid URL (a % not followed by UTF-8 hex bytes?)" };
  }
  if (pathname.includes("\0")) return { status: 400, text: "bad request: the path holds a NUL byte" };
  let file = normalize(join(root, pathname));
  if (!isWithin(root, file)) return { status: 403, text: "outside the site" };
  try {
    // The real path decides: a symlink inside the site may point anywhere on the machine.
    file = realpathSync(file);
    if (!isWithin(root, file)) return { status: 403, text: "outside the site" };
    let stat = statSync(file);
    if (stat.isDirectory()) {
      file = realpathSync(join(file, "index.html"));
      if (!isWithin(root, file)) return { status: 403, text: "outside the site" };
      stat = statSync(file);
    }
    if (!stat.isFile()) return { status: 404, text: `not found: ${pathname}` };
    return { file, size: stat.size };
  } catch {
    return { status: 404, text: `not found: ${pathname}` };
  }
}

function isWithin(root: string, file: string): boolean {
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Starts serving `dir`; resolves once listening (port 0 picks a free port: read server.address()).
 * No request ends the server: a bad one gets a 4xx, a failure while sending closes that response.
 *
 * @example
 * const server = await serveSite("dist/lessons", 8000);
 */
export function serveSite(dir: string, port: number, host = "127.0.0.1"): Promise<Server> {
  const root = realpathSync(resolve(dir));
  const server = createServer((req, res) => {
    const found = resolveRequest(root, req.url ?? "/");
    if ("status" in found) {
      res.writeHead(found.status, { "content-type": "text/plain; charset=utf-8" }).end(found.text);
      return;
    }
    res.writeHead(200, {
      "content-type": MIME_TYPES[extname(found.file).toLowerCase()] ?? "application/octet-stream",
      "content-length": found.size,
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-embedder-policy": "require-corp",
      "cache-control": "no-cache",
    });
    if (req.method === "HEAD") res.end();
    else
      createReadStream(found.file)
        .on("error", () => res.destroy())
        .pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolvePromise(server);
    });
  });
}

const SERVE_USAGE = "usage: nnlab serve <site folder> [--port N]   (port 0..65535, default 8000; 0 picks a free one)";

/** Parses `nnlab serve`'s arguments; a RangeError says what is wrong. */
function parseServeArgs(argv: readonly string[]): { dir: string; port: number } {
  let port = 8000;
  let dir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value: string | undefined;
    if (arg === "--port" || arg === "-p") value = argv[++i];
    else if (arg.startsWith("--port=")) value = arg.slice("--port=".length);
    else if (arg.startsWith("-")) throw new RangeError(`unknown option ${arg}`);
    else if (dir !== undefined) throw new RangeError(`one site folder only, got ${dir} and ${arg}`);
    else dir = arg;
    if (value !== undefined || arg === "--port" || arg === "-p") {
      const n = value === undefined || value.trim() === "" ? NaN : Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 65535)
        throw new RangeError(`--port must be a whole number 0..65535, got ${value === undefined ? "nothing" : JSON.stringify(value)}`);
      port = n;
    }
  }
  if (dir === undefined) throw new RangeError("no site folder given");
  return { dir, port };
}

/** Runs `nnlab serve`; resolves to the exit code when the server stops (Ctrl-C). */
export async function serveCommand(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(SERVE_USAGE + "\n");
    return 0;
  }
  let args: { dir: string; port: number };
  try {
    args = parseServeArgs(argv);
  } catch (e) {
    process.stderr.write(`nnlab serve: ${(e as Error).message}; ${SERVE_USAGE}\n`);
    return 2;
  }
  const { dir, port } = args;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    process.stderr.write(`nnlab serve: ${dir} is not a folder; export a site first: npx nnlab export <notebooks...> --out ${dir} --live\n`);
    return 1;
  }
  let server: Server;
  try {
    server = await serveSite(dir, port);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "EADDRINUSE"
        ? `port ${port} is in use (another server runs there); choose another with --port N, or --port 0 for any free port`
        : code === "EACCES"
          ? `port ${port} needs privileges this user lacks; choose a port above 1023 with --port N`
          : `cannot listen on port ${port} (${(e as Error).message})`;
    process.stderr.write(`nnlab serve: ${why}\n`);
    return 1;
  }
  const address = server.address();
  const actual = typeof address === "object" && address !== null ? address.port : port;
  process.stdout.write(`Serving ${resolve(dir)} at http://127.0.0.1:${actual}/ (Ctrl-C stops)\n`);
  await new Promise<void>((done) => process.once("SIGINT", () => server.close(() => done())));
  return 0;
}
