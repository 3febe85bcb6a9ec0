/**
 * The kernel's startup snapshot (see buildSnapshot.ts for what it holds and why): where the
 * blob lives, when it is built again, and the launch command that uses it only when it fits.
 *
 * Node refuses to start at all with a blob that is missing or was made by another Node, so the
 * kernelspec never names the blob to Node directly: a one-line shell launcher starts the kernel
 * from the snapshot when the blob is there and the Node binary has not changed since the blob
 * was made, and without it otherwise (the kernel is then only slower to start).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import Module from "module";
import * as os from "os";
import * as path from "path";
import { packageRoot } from "../engine/nnlabModule";
import type { SnapshotSpec } from "./buildSnapshot";

/** What a kernelspec needs to start from the snapshot. */
export interface KernelSnapshot {
  /** The blob `node --snapshot-blob` reads. */
  readonly blob: string;
  /** True when this call built it (false: an existing one still fitted). */
  readonly built: boolean;
}

/** Why there is no snapshot, for the one line `nnlab kernel install` prints. */
export interface NoSnapshot {
  readonly blob?: undefined;
  readonly reason: string;
}

/**
 * `$1` blob, `$2` node, `$3` cli.js, `$4` connection file. `find -cnewer` prints node's path when
 * the binary changed (was replaced, upgraded) after the blob was written: then no snapshot.
 * `exec` keeps the kernel's pid the one Jupyter started, for its signals.
 */
const LAUNCHER =
  'if [ -r "$1" ] && [ -z "$(find "$2" -cnewer "$1" 2>/dev/null)" ]; then exec "$2" --snapshot-blob "$1" "$3" kernel start -f "$4"; fi; ' +
  'exec "$2" "$3" kernel start -f "$4"';

/**
 * The kernelspec's argv: plain `node cli.js kernel start -f {connection_file}`, or the launcher
 * that adds the snapshot when it fits.
 *
 * @example
 * kernelArgv("/opt/nnlab/dist/kernel/cli.js"); // ["/usr/bin/node", "/opt/nnlab/dist/kernel/cli.js", "kernel", "start", "-f", "{connection_file}"]
 */
export function kernelArgv(cliPath: string, blob?: string): string[] {
  if (blob === undefined) return [process.execPath, cliPath, "kernel", "start", "-f", "{connection_file}"];
  return ["/bin/sh", "-c", LAUNCHER, "nnlab-kernel", blob, process.execPath, cliPath, "{connection_file}"];
}

/** Where the snapshot for this Node goes (build output, beside dist's compiled files). */
export function snapshotBlobPath(root = packageRoot()): string {
  return path.join(root, "dist", "snapshot", `kernel-node${process.versions.node}-${process.arch}.blob`);
}

/** The compiler file tslab (in `tslabDir`) loads, as Node's module cache names it. */
function tslabTypescriptFile(tslabDir: string): string {
  return fs.realpathSync(Module.createRequire(path.join(tslabDir, "package.json")).resolve("@tslab/typescript-for-tslab"));
}

/**
 * The `@types` folder whose `node` package the snapshot holds: nnlab's own (what a notebook in
 * its notebooks/ folder gets), else tslab's fallback (what a folder without @types/node gets;
 * in an installed nnlab it is the only copy). One copy only: each adds about 18 MB to the blob,
 * which every kernel reads at start (about 0.2 s) and keeps in memory. A kernel whose program
 * takes another copy takes ES2022's lib from the snapshot and parses its @types/node as before.
 */
function typeRootsWithNode(root: string, tslabDir: string): string[] {
  return [path.join(root, "node_modules", "@types"), path.join(tslabDir, "node_modules", "@types")]
    .filter((dir) => fs.existsSync(path.join(dir, "node", "package.json")))
    .slice(0, 1);
}

/**
 * Node runs a snapshot's entry with a `require` for builtins only and without `exports` or
 * `module`, which tsc's CommonJS output uses: this entry runs the compiled builder, and the
 * builder's own relative imports, as modules.
 */
function builderEntry(builder: string): string {
  return [
    'const fs = require("fs"), path = require("path"), vm = require("vm"), Module = require("module");',
    "function load(file) {",
    "  const mod = { exports: {} }, dir = path.dirname(file);",
    '  const req = (id) => (id.startsWith(".") ? load(path.resolve(dir, id.endsWith(".js") ? id : id + ".js")) : require(id));',
    '  vm.runInThisContext(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file })(mod.exports, req, mod, file, dir);',
    "  return mod.exports;",
    "}",
    `load(${JSON.stringify(builder)});`,
    "",
  ].join("\n");
}

function stamp(file: string): string {
  const s = fs.statSync(file);
  return `${s.size}:${s.mtimeMs}`;
}

/**
 * Builds the snapshot for this Node unless one that fits is there already; never throws (a
 * kernel without a snapshot works, only starts slower). NNLAB_SNAPSHOT=0 turns it off.
 *
 * @example
 * const s = ensureKernelSnapshot(); // { blob: ".../dist/snapshot/kernel-node20.20.2-x64.blob", built: false }
 */
export function ensureKernelSnapshot(root = packageRoot()): KernelSnapshot | NoSnapshot {
  if (process.env.NNLAB_SNAPSHOT === "0") return { reason: "NNLAB_SNAPSHOT=0" };
  if (process.platform === "win32") return { reason: "the launcher needs a POSIX shell" };
  const builder = path.join(root, "dist", "kernel", "snapshot", "buildSnapshot.js");
  if (!fs.existsSync(builder)) return { reason: `its builder is not built: ${builder} (run npm run build)` };
  const blob = snapshotBlobPath(root);
  try {
    const tslabDir = path.dirname(require.resolve("tslab/package.json", { paths: [root] }));
    const spec: SnapshotSpec = { typescriptFile: tslabTypescriptFile(tslabDir), typeRoots: typeRootsWithNode(root, tslabDir) };
    // Everything the blob depends on; the declaration files themselves are compared by text at use.
    const identity = JSON.stringify({
      spec,
      node: process.execPath,
      nodeStamp: stamp(process.execPath),
      builder: stamp(builder),
      typescript: stamp(spec.typescriptFile),
    });
    const identityFile = blob.replace(/\.blob$/, ".json");
    if (fs.existsSync(blob) && fs.existsSync(identityFile) && fs.readFileSync(identityFile, "utf8") === identity)
      return { blob, built: false };
    fs.mkdirSync(path.dirname(blob), { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-snapshot-"));
    const tmpBlob = `${blob}.${process.pid}.tmp`;
    try {
      const specFile = path.join(tmp, "spec.json");
      fs.writeFileSync(specFile, JSON.stringify(spec));
      const entry = path.join(tmp, "entry.js");
      fs.writeFileSync(entry, builderEntry(builder));
      execFileSync(process.execPath, ["--snapshot-blob", tmpBlob, "--build-snapshot", entry, specFile], {
        stdio: ["ignore", "ignore", "pipe"],
        timeout: 300_000,
      });
      // Renamed into place whole, so a kernel never reads half a blob.
      fs.renameSync(tmpBlob, blob);
      fs.writeFileSync(identityFile, identity);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.rmSync(tmpBlob, { force: true });
    }
    return { blob, built: true };
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    return { reason: `building it failed: ${stderr || (e as Error).message}`.split("\n").slice(-3).join(" ") };
  }
}
