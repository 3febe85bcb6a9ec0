/**
 * Installs the `nnlab` kernelspec where Jupyter looks for kernels (user, sys-prefix or a given
 * prefix), without needing Jupyter installed: it only writes kernel.json and the logos.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ensureKernelSnapshot, kernelArgv } from "../snapshot/kernelSnapshot";
import { writeLogos } from "./logo";

/** The kernel's name in Jupyter. */
export const KERNEL_NAME = "nnlab";

/** Where to install: the user's data dir, `sys.prefix`-style prefix of this Node, or a prefix. */
export type InstallLocation = { kind: "user" } | { kind: "sys-prefix" } | { kind: "prefix"; prefix: string };

/** The user's Jupyter data directory (honours JUPYTER_DATA_DIR, XDG_DATA_HOME, macOS, Windows). */
export function userDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  if (process.platform === "darwin") return path.join(os.homedir(), "Library", "Jupyter");
  if (process.platform === "win32") return path.join(process.env.APPDATA ?? path.join(os.homedir(), "AppData", "Roaming"), "jupyter");
  return path.join(process.env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share"), "jupyter");
}

/** The kernels directory for a location. */
export function kernelsDir(location: InstallLocation): string {
  switch (location.kind) {
    case "user":
      return path.join(userDataDir(), "kernels");
    case "sys-prefix":
      // Like Python's sys.prefix: the prefix this Node lives in (/usr, /usr/local, a venv, nvm dir).
      return path.join(path.dirname(path.dirname(process.execPath)), "share", "jupyter", "kernels");
    case "prefix":
      return path.join(path.resolve(location.prefix), "share", "jupyter", "kernels");
  }
}

/**
 * The kernel.json nnlab writes: this Node, this package's CLI, message-mode interrupts; with a
 * startup snapshot blob, the launcher that uses it when it fits (kernel/snapshot).
 */
export function kernelJson(cliPath: string, snapshotBlob?: string): Record<string, unknown> {
  return {
    argv: kernelArgv(cliPath, snapshotBlob),
    display_name: "nnlab (TypeScript, deep learning)",
    language: "typescript",
    interrupt_mode: "message",
    env: { NODE_OPTIONS: "" },
    metadata: { debugger: false },
  };
}

/** How to install. */
export interface InstallOptions {
  /** Start the kernel from a startup snapshot, building it first if needed (default true). */
  readonly snapshot?: boolean;
  /** Told what happened to the snapshot, in one line. */
  readonly log?: (line: string) => void;
}

/**
 * Writes `<kernels>/nnlab/{kernel.json, logo-32x32.png, logo-64x64.png, logo-svg.svg}`.
 * @returns the kernelspec directory.
 */
export function installKernelspec(
  location: InstallLocation,
  cliPath: string,
  { snapshot = true, log = () => {} }: InstallOptions = {},
): string {
  if (!fs.existsSync(cliPath)) throw new TypeError(`nnlab kernel install: the kernel's CLI is not built: ${cliPath} (run npm run build)`);
  let blob: string | undefined;
  if (snapshot) {
    const started = Date.now();
    const s = ensureKernelSnapshot();
    blob = s.blob;
    if (s.blob === undefined) log(`nnlab kernel: no startup snapshot (${s.reason}); the kernel starts without it`);
    else if (s.built) log(`nnlab kernel: startup snapshot built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${s.blob}`);
  }
  const dir = path.join(kernelsDir(location), KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(kernelJson(cliPath, blob), null, 2) + "\n");
  writeLogos(dir);
  return dir;
}

/** Removes the kernelspec from a location; returns the removed directory or undefined. */
export function uninstallKernelspec(location: InstallLocation): string | undefined {
  const dir = path.join(kernelsDir(location), KERNEL_NAME);
  if (!fs.existsSync(dir)) return undefined;
  fs.rmSync(dir, { recursive: true, force: true });
  return dir;
}

/** Every kernelspec directory Jupyter would see for nnlab (first wins in Jupyter). */
export function listKernelspecs(): { location: string; dir: string }[] {
  const candidates: [string, string][] = [
    ["user", kernelsDir({ kind: "user" })],
    ["sys-prefix", kernelsDir({ kind: "sys-prefix" })],
    ["/usr/local", "/usr/local/share/jupyter/kernels"],
    ["/usr", "/usr/share/jupyter/kernels"],
  ];
  for (const extra of (process.env.JUPYTER_PATH ?? "").split(path.delimiter).filter(Boolean))
    candidates.unshift(["JUPYTER_PATH", path.join(extra, "kernels")]);
  const seen = new Set<string>();
  const out: { location: string; dir: string }[] = [];
  for (const [location, kernels] of candidates) {
    const dir = path.join(kernels, KERNEL_NAME);
    if (seen.has(dir) || !fs.existsSync(path.join(dir, "kernel.json"))) continue;
    seen.add(dir);
    out.push({ location, dir });
  }
  return out;
}
