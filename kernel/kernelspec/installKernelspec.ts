/**
 * Installs the `nnlab` kernelspec where Jupyter looks for kernels (user, sys-prefix or a given
 * prefix), without needing Jupyter installed: it only writes kernel.json and the logos.
 */
import * as fs from "fs";
import * as path from "path";
import { ensureKernelSnapshot, kernelArgv } from "../snapshot/kernelSnapshot";
import { jupyterDataDir, jupyterDataDirs, nodePrefix } from "./jupyterPaths";
import { writeLogos } from "./logo";

/** The kernel's name in Jupyter. */
export const KERNEL_NAME = "nnlab";

/** Where to install: the user's data dir, `sys.prefix`-style prefix of this Node, or a prefix. */
export type InstallLocation = { kind: "user" } | { kind: "sys-prefix" } | { kind: "prefix"; prefix: string };

/** The kernels directory for a location. */
export function kernelsDir(location: InstallLocation): string {
  switch (location.kind) {
    case "user":
      return path.join(jupyterDataDir(), "kernels");
    case "sys-prefix":
      return path.join(nodePrefix(), "share", "jupyter", "kernels");
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

/** Every nnlab kernelspec Jupyter would see, in its search order (the first wins in Jupyter). */
export function listKernelspecs(): { location: string; dir: string }[] {
  return jupyterDataDirs()
    .map(({ dir, source }) => ({ location: source, dir: path.join(dir, "kernels", KERNEL_NAME) }))
    .filter(({ dir }) => fs.existsSync(path.join(dir, "kernel.json")));
}
