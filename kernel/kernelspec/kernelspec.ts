/**
 * Installs the `nnlab` kernelspec where Jupyter looks for kernels (user, sys-prefix or a given
 * prefix), without needing Jupyter installed: it only writes kernel.json and the logos.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
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

/** The kernel.json nnlab writes: this Node, this package's CLI, message-mode interrupts. */
export function kernelJson(cliPath: string): Record<string, unknown> {
  return {
    argv: [process.execPath, cliPath, "kernel", "start", "-f", "{connection_file}"],
    display_name: "nnlab (TypeScript, deep learning)",
    language: "typescript",
    interrupt_mode: "message",
    env: { NODE_OPTIONS: "" },
    metadata: { debugger: false },
  };
}

/**
 * Writes `<kernels>/nnlab/{kernel.json, logo-32x32.png, logo-64x64.png, logo-svg.svg}`.
 * @returns the kernelspec directory.
 */
export function installKernelspec(location: InstallLocation, cliPath: string): string {
  if (!fs.existsSync(cliPath)) throw new TypeError(`nnlab kernel install: the kernel's CLI is not built: ${cliPath} (run npm run build)`);
  const dir = path.join(kernelsDir(location), KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(kernelJson(cliPath), null, 2) + "\n");
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
