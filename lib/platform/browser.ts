/**
 * The browser side of the platform seam (a page or a Web Worker), built on web APIs only.
 * What a page cannot do yet (files on disk, npm packages, worker threads, tfjs-node) throws
 * a "not available in the browser: <what>; <what to do instead>" error.
 */
import { inspectValue } from "./inspect";
import { noWorkerThreads, notAvailable, type FileStat, type Platform, type PlatformWorker, type WorkerContext } from "./platform";
import { bytesToBase64 } from "./base64";
import { encodePngStored } from "./pngEncoder";
import { siteFiles } from "./siteFiles";

// A page has no process environment: the page (a ?quick=1 switch, say) sets these with setEnv.
const environment = new Map<string, string>();

function noFiles(file: string): Error {
  return notAvailable(`reading and writing files (${file})`, "fetch the data in the page and pass it in memory");
}

function joinPath(...parts: string[]): string {
  const joined = parts.filter((p) => p !== "").join("/");
  const absolute = joined.startsWith("/");
  const out: string[] = [];
  for (const segment of joined.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(segment);
  }
  return (absolute ? "/" : "") + out.join("/") || (absolute ? "/" : ".");
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A version 4 UUID: crypto.randomUUID exists only in secure contexts (https, localhost). */
function randomUUID(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; // version 4
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(b, (v) => v.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function yieldToEventLoop(): Promise<void> {
  // A message round trip lets queued messages (a Stop request) run first, without the 4 ms
  // clamp nested setTimeout calls get.
  if (typeof MessageChannel === "undefined") return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/** The platform of a browser page or Web Worker. */
export const platform: Platform = {
  name: "browser",
  nodeVersion: "",
  env: (name) => environment.get(name),
  setEnv: (name, value) => void environment.set(name, value),
  writeStdout: (text) => console.log(text.endsWith("\n") ? text.slice(0, -1) : text),
  // Informational lines (the backend report) are warnings, not errors, in a browser console.
  writeStderr: (text) => console.warn(text.endsWith("\n") ? text.slice(0, -1) : text),
  now: () => performance.now(),
  yieldToEventLoop,
  randomUUID,
  inspect: inspectValue,
  gunzipSync: (bytes) => siteFiles.gunzipSync(bytes),
  gunzip,
  encodePngBase64: (pixels, width, height, colorType) => bytesToBase64(encodePngStored(pixels, width, height, colorType)),
  resolvePath: (file) => file,
  joinPath,
  dirname: (file) => {
    const cut = file.lastIndexOf("/");
    return cut < 0 ? "." : cut === 0 ? "/" : file.slice(0, cut);
  },
  // Nothing is on a disk a page can see; a live site's worker reads the files the site ships.
  exists: (file) => siteFiles.exists(file),
  statFile: (file): FileStat => {
    const stat = siteFiles.stat(file);
    if (stat === undefined) throw noFiles(file);
    return stat;
  },
  readFile: (file) => {
    const bytes = siteFiles.read(file);
    if (bytes === undefined) throw noFiles(file);
    return bytes;
  },
  readTextFile: (file) => {
    const bytes = siteFiles.read(file);
    if (bytes === undefined) throw noFiles(file);
    return new TextDecoder().decode(bytes);
  },
  // In a live site the worker hands written files (saved parameters) to the page as downloads.
  writeFileAtomic: (file, bytes) => {
    if (!siteFiles.save(file, bytes)) throw noFiles(file);
  },
  packageDir: (packageName) => {
    const shipped = siteFiles.packageDir(packageName);
    if (shipped !== undefined) return shipped;
    throw notAvailable(`locating the npm package ${packageName}`, "serve its files with the page and fetch them");
  },
  // Bundled pages serve the .wasm files beside the script, so TF.js finds them relative to the page.
  wasmPaths: () => environment.get("NNLAB_WASM_PATHS") ?? "./",
  loadNativeBackend: () => {
    throw notAvailable("the native TensorFlow backend (@tensorflow/tfjs-node)", "use the wasm or cpu backend");
  },
  startWorker: (module): PlatformWorker => {
    throw noWorkerThreads(module);
  },
  workerContext: (): WorkerContext | undefined => undefined,
};
