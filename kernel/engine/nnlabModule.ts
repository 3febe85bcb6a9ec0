/**
 * Makes `import ... from "nnlab"` work in a notebook anywhere on disk, without a node_modules
 * beside it: for the TypeScript compiler (types, completion, doc comments) every
 * `<dir>/node_modules/nnlab/...` path is served from this package, and at run time Node's
 * resolver maps "nnlab" to this package's compiled output. Both point at the one copy the kernel
 * itself loaded, so the display host and interrupt flags the kernel installs are the ones a
 * cell's nnlab sees.
 */
import * as fs from "fs";
import * as path from "path";
import Module from "module";
import type * as TS from "@tslab/typescript-for-tslab";

/** The root of the nnlab package (the folder holding its package.json). */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string }).name === "nnlab") return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`nnlab: cannot find nnlab's package.json above ${__dirname}`);
    dir = parent;
  }
}

const NNLAB_IN_NODE_MODULES = /^(.*)[\\/]node_modules[\\/]nnlab(?=$|[\\/])(.*)$/;

/** Maps `<any>/node_modules/nnlab/<rest>` to `<packageRoot>/<rest>`; other paths unchanged. */
export function mapNnlabPath(p: string, root: string): string {
  const m = NNLAB_IN_NODE_MODULES.exec(p);
  if (!m) return p;
  // The package's own node_modules/nnlab (if any) is not us; only the last segment matters.
  return path.join(root, m[2]);
}

let tsPatched = false;

/** Patches the compiler's `sys` so every node_modules/nnlab lookup lands in this package. */
export function patchTypeScriptSys(ts: typeof TS, root = packageRoot()): void {
  if (tsPatched) return;
  tsPatched = true;
  const sys = ts.sys as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ["fileExists", "readFile", "directoryExists", "getDirectories", "readDirectory", "realpath", "getModifiedTime"]) {
    const original = sys[name];
    if (typeof original !== "function") continue;
    sys[name] = function (this: unknown, p: unknown, ...rest: unknown[]) {
      return original.call(this, typeof p === "string" ? mapNnlabPath(p, root) : p, ...rest);
    };
  }
}

let nodePatched = false;

/** Makes `require("nnlab")` (and "nnlab/...") resolve to this package from any folder. */
export function patchNodeResolution(root = packageRoot()): void {
  if (nodePatched) return;
  nodePatched = true;
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]) {
    if (request === "nnlab") return require.resolve(root);
    if (request.startsWith("nnlab/")) return require.resolve(path.join(root, request.slice("nnlab/".length)));
    return original.call(this, request, ...rest);
  };
}
