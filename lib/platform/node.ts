/**
 * The Node side of the platform seam: the only file in lib/ that imports Node's modules or
 * reads `process`. Bundlers building for a browser swap it for ./browser.ts (see ./index.ts).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as util from "util";
import { Worker, parentPort, workerData } from "worker_threads";
import * as zlib from "zlib";
import type { PNG } from "pngjs";
import type { FileStat, Platform, PlatformWorker, WorkerContext, WorkerModule } from "./platform";

/** Where a compiled worker module lives: beside lib/platform when running from dist, else in dist. */
function workerFile(module: WorkerModule): string {
  const here = path.join(__dirname, "..", `${module}.js`);
  if (fs.existsSync(here)) return here;
  const built = path.resolve(__dirname, "..", "..", "dist", "lib", `${module}.js`);
  if (fs.existsSync(built)) return built;
  throw new Error(`the compiled worker ${module}.js was not found at ${here} or ${built}; build first (npx tsc -p tsconfig.json)`);
}

/** Symlinks followed at most this many times (Linux's own limit is 40). */
const MAX_LINKS = 40;

/**
 * The file a write to `file` must change: a symlink's final target (even one that does not
 * exist yet), else the path itself. Writing there keeps the link, as every editor does.
 */
function writeTarget(file: string): string {
  let target = path.resolve(file);
  for (let hops = 0; ; hops++) {
    let link: string;
    try {
      if (!fs.lstatSync(target).isSymbolicLink()) return target;
      link = fs.readlinkSync(target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return target;
      throw e;
    }
    if (hops >= MAX_LINKS) throw Object.assign(new Error(`${file}: too many levels of symbolic links`), { code: "ELOOP" });
    target = path.resolve(path.dirname(target), link);
  }
}

/** An error with errno's shape for a refusal that never reached a system call. */
function refusal(code: string, message: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code, path: file, syscall: "open" });
}

/**
 * Whether a file may be replaced: this user may write it, and someone may at all (a file with
 * no write bit, `chmod a-w`, says "keep me" even to root, whom access() lets through).
 */
function isWritable(file: string, mode: number): boolean {
  if ((mode & 0o222) === 0) return false;
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const target = writeTarget(file);
  // A read-only file stays as it is: rename would replace it (the folder allows it) and drop its mode.
  let mode: number | undefined;
  try {
    const stat = fs.statSync(target);
    if (stat.isDirectory()) throw refusal("EISDIR", `${target} is a folder, not a file`, target);
    mode = stat.mode & 0o7777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  if (mode !== undefined && !isWritable(target, mode)) {
    throw refusal("EACCES", `${target} is read-only; left unchanged (make it writable, or write to another file)`, target);
  }
  const tmp = `${target}.tmp-${process.pid}`;
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, "w", mode ?? 0o666);
    if (mode !== undefined) fs.fchmodSync(fd, mode); // the umask applied to open's mode; the old file's mode wins
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    try {
      fs.rmSync(tmp, { force: true }); // never a folder (not recursive): only our own temporary file
    } catch {
      /* the write's own error is the one to report */
    }
    throw e;
  }
  // The rename is durable only once the directory entry is on disk; not every platform can
  // fsync a directory, and the file itself is complete either way.
  try {
    const dirFd = fs.openSync(path.dirname(target), "r");
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    /* best effort */
  }
}

function startWorker(module: WorkerModule, data: unknown): PlatformWorker {
  const worker = new Worker(workerFile(module), { workerData: data });
  // A worker never keeps the process alive: a script ends when its main work is done.
  worker.unref();
  let exited = false;
  worker.once("exit", () => (exited = true));
  return {
    postMessage: (message) => worker.postMessage(message),
    onError: (listener) => worker.on("error", listener),
    onExit: (listener) => worker.on("exit", listener),
    terminate: () => void worker.terminate(),
    // Node reports an idle time of -1 for a thread that has stopped, before its exit event.
    stopped: () => exited || worker.performance.eventLoopUtilization().idle < 0,
  };
}

function workerContext(): WorkerContext | undefined {
  const port = parentPort;
  if (port === null) return undefined;
  return { data: workerData, onMessage: (listener) => port.on("message", (message) => void listener(message)) };
}

/**
 * Why tfjs-node did not load, in one line: "not installed" with what to run when the package is
 * missing (npm drops an optional dependency whose install script fails), else the error's first line.
 */
export function nativeLoadFailure(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  if (code === "MODULE_NOT_FOUND" && message.includes("Cannot find module '@tensorflow/tfjs-node'")) {
    return "not installed (npm drops this optional package when its install cannot download libtensorflow; with network access: npm install @tensorflow/tfjs-node)";
  }
  return message.split("\n")[0];
}

/** The platform of a Node process (a script, a test, the kernel, a worker thread). */
export const platform: Platform = {
  name: "node",
  nodeVersion: process.version,
  env: (name) => process.env[name],
  setEnv: (name, value) => {
    process.env[name] = value;
  },
  writeStdout: (text) => void process.stdout.write(text),
  writeStderr: (text) => void process.stderr.write(text),
  now: () => Number(process.hrtime.bigint()) / 1e6,
  yieldToEventLoop: () => new Promise<void>((resolve) => setImmediate(resolve)),
  randomUUID: () => crypto.randomUUID(),
  inspect: (value, options) => util.inspect(value, options),
  gunzipSync: (bytes) => zlib.gunzipSync(bytes),
  gunzip: (bytes) =>
    new Promise<Uint8Array>((resolve, reject) => zlib.gunzip(bytes, (error, out) => (error ? reject(error) : resolve(out)))),
  encodePngBase64: (pixels, width, height, colorType) => {
    // pngjs passes the bytes through untouched when input and output colour types agree.
    const meta = { width, height, data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength) } as unknown as PNG;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at the first image, not with the platform: the kernel's start loads the platform and needs no PNG
    const { PNG: Png } = require("pngjs") as { PNG: typeof PNG };
    return Png.sync.write(meta, { colorType, inputColorType: colorType, inputHasAlpha: false }).toString("base64");
  },
  resolvePath: (file) => path.resolve(file),
  joinPath: (...parts) => path.join(...parts),
  dirname: (file) => path.dirname(file),
  exists: (file) => fs.existsSync(file),
  statFile: (file): FileStat => {
    const stat = fs.statSync(file);
    return { size: stat.size, mtimeMs: stat.mtimeMs, isFile: stat.isFile() };
  },
  readFile: (file) => fs.readFileSync(file),
  readTextFile: (file) => fs.readFileSync(file, "utf8"),
  writeFileAtomic,
  packageDir: (packageName) => path.dirname(require.resolve(`${packageName}/package.json`)),
  // The .wasm files ship inside the npm package; pointing TF.js at them means nothing is fetched.
  wasmPaths: () => path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm")) + path.sep,
  loadNativeBackend: () => {
    // tfjs-node registers the "tensorflow" backend on import; its native addon is missing
    // wherever its install could not download libtensorflow.
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional dependency, often not installed (so no types to import), loaded only when asked
      require("@tensorflow/tfjs-node");
    } catch (e) {
      throw new Error(nativeLoadFailure(e));
    }
  },
  cores: () => os.availableParallelism(),
  startWorker,
  workerContext,
};
