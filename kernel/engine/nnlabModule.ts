/**
 * Makes `import ... from "nnlab"` work in a notebook anywhere on disk, without a node_modules
 * beside it: for the TypeScript compiler (types, completion, doc comments) every
 * `<dir>/node_modules/nnlab/...` path is served from this package, and at run time Node's
 * resolver maps "nnlab" to this package's compiled output. Both point at the one copy the kernel
 * itself loaded, so the display host and interrupt flags the kernel installs are the ones a
 * cell's nnlab sees.
 *
 * The same is done for two more names a cell may import:
 * - "tslab": nnlab's own module with tslab's public API (lib/tslab), so notebooks written for
 *   tslab display through nnlab's kernel.
 * - TensorFlow.js and its parts (@tensorflow/tfjs, -core, -layers, ...): always the copy nnlab
 *   uses, even in a folder whose node_modules has its own. A second copy would register its
 *   kernels and platform again (hundreds of warnings) and run a second engine with its own
 *   backend and memory count, whose tensors nnlab's functions could not use.
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

/** TensorFlow.js packages that always resolve to nnlab's copy (the parts @tensorflow/tfjs is made of). */
export const SHARED_TFJS_PACKAGES: readonly string[] = [
  "tfjs",
  "tfjs-core",
  "tfjs-layers",
  "tfjs-converter",
  "tfjs-data",
  "tfjs-backend-cpu",
  "tfjs-backend-wasm",
  "tfjs-backend-webgl",
];

const TFJS_REQUEST = new RegExp(`^@tensorflow/(${SHARED_TFJS_PACKAGES.join("|")})(?=$|/)`);
const TFJS_IN_NODE_MODULES = new RegExp(
  `^(.*)[\\\\/]node_modules[\\\\/]@tensorflow[\\\\/](${SHARED_TFJS_PACKAGES.join("|")})(?=$|[\\\\/])(.*)$`,
);
const TSLAB_IN_NODE_MODULES = /^(.*)[\\/]node_modules[\\/]tslab(?=$|[\\/])(.*)$/;

/** The folder of nnlab's own "tslab" module (compiled or, under ts-jest, the source). */
export function tslabModuleDir(): string {
  return path.join(__dirname, "..", "..", "lib", "tslab");
}

const tfjsDirs = new Map<string, string | undefined>();

/** The folder of nnlab's copy of @tensorflow/<name>, or undefined when it is not installed. */
function tfjsPackageDir(name: string, root: string): string | undefined {
  if (!tfjsDirs.has(name)) {
    let dir: string | undefined;
    try {
      dir = path.dirname(require.resolve(`@tensorflow/${name}/package.json`, { paths: [root] }));
    } catch {
      dir = undefined;
    }
    tfjsDirs.set(name, dir);
  }
  return tfjsDirs.get(name);
}

/**
 * Maps a path the compiler asks for to the file a cell's import should see: node_modules/nnlab
 * to this package, node_modules/tslab to nnlab's tslab module, node_modules/@tensorflow/<part>
 * to nnlab's copy; other paths unchanged.
 *
 * @example
 * mapModulePath("/home/me/node_modules/@tensorflow/tfjs/package.json", root); // <nnlab's tfjs>/package.json
 */
export function mapModulePath(p: string, root: string, tslabDir = tslabModuleDir()): string {
  const tf = TFJS_IN_NODE_MODULES.exec(p);
  if (tf) {
    const dir = tfjsPackageDir(tf[2], root);
    return dir ? path.join(dir, tf[3]) : p;
  }
  const tslab = TSLAB_IN_NODE_MODULES.exec(p);
  // tslab's own dependencies (node_modules/tslab/node_modules/...) stay where they are.
  if (tslab && !/^[\\/]node_modules(?=$|[\\/])/.test(tslab[2])) return path.join(tslabDir, tslab[2]);
  return mapNnlabPath(p, root);
}

let tsPatched = false;

/** Patches the compiler's `sys` so node_modules lookups of nnlab, tslab and TF.js land in nnlab's copies. */
export function patchTypeScriptSys(ts: typeof TS, root = packageRoot()): void {
  if (tsPatched) return;
  tsPatched = true;
  const sys = ts.sys as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ["fileExists", "readFile", "directoryExists", "getDirectories", "readDirectory", "realpath", "getModifiedTime"]) {
    const original = sys[name];
    if (typeof original !== "function") continue;
    sys[name] = function (this: unknown, p: unknown, ...rest: unknown[]) {
      return original.call(this, typeof p === "string" ? mapModulePath(p, root) : p, ...rest);
    };
  }
  // The compiler takes in every package of an @types folder as global types (tslab sets no
  // `types`). Cells get Node's only, as a tsconfig with `types: ["node"]` would: a notebook
  // beside a project's @types/jest should not see `describe` or `expect` as globals, and the
  // kernel's startup snapshot holds exactly these files (kernel/snapshot).
  const getDirectories = sys.getDirectories;
  sys.getDirectories = function (this: unknown, p: unknown, ...rest: unknown[]) {
    const found = getDirectories.call(this, p, ...rest);
    return typeof p === "string" && TYPE_ROOT.test(p) && Array.isArray(found) ? found.filter((d) => d === "node") : found;
  };
  // The cell compiler watches no folders. tslab's converter has room for one pending compiler
  // timer, and a folder watcher (a failed import's node_modules, an @types folder) schedules a
  // second kind: a change there while a program update was pending (an edited module, a rebuilt
  // package) threw "Unexpected pending rebuildTimer" from the watcher's callback, an error in
  // whatever cell was running. What a folder watcher was for, noticing a package installed after
  // an import failed, the engine does itself: a cell whose import is not found is compiled once
  // more by a fresh converter, which looks on disk again (engine.ts). Files are still watched.
  if (typeof sys.watchDirectory === "function") sys.watchDirectory = () => ({ close: () => {} });
}

/** A folder the compiler reads automatic type packages from. */
const TYPE_ROOT = /[\\/]node_modules[\\/]@types[\\/]?$/;

let nodePatched = false;

/**
 * Makes `require("nnlab")` (and "nnlab/...") resolve to this package from any folder,
 * `require("tslab")` to nnlab's tslab module, and TF.js's packages to nnlab's copy.
 */
export function patchNodeResolution(root = packageRoot()): void {
  if (nodePatched) return;
  nodePatched = true;
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = M._resolveFilename;
  const tslabEntry = require.resolve(tslabModuleDir());
  M._resolveFilename = function (request: string, parent: unknown, isMain: unknown, ...rest: unknown[]) {
    if (request === "nnlab") return require.resolve(root);
    if (request.startsWith("nnlab/")) return require.resolve(path.join(root, request.slice("nnlab/".length)));
    if (request === "tslab") return tslabEntry;
    // Resolved as if nnlab asked: the lookup starts in nnlab's folder, wherever the importer is.
    if (TFJS_REQUEST.test(request)) return original.call(this, request, parent, isMain, { paths: [root] });
    return original.call(this, request, parent, isMain, ...rest);
  };
}
