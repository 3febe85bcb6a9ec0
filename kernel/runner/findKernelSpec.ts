import * as fs from "fs";
import * as path from "path";
import { kernelSearchDirs } from "../kernelspec/jupyterPaths";

/** A kernelspec (kernel.json) and where it was found. */
export interface KernelSpec {
  /** The kernel's name (its directory name). */
  name: string;
  /** The kernelspec directory (Jupyter's `{resource_dir}`). */
  dir: string;
  argv: string[];
  display_name: string;
  language: string;
  /** "signal" (SIGINT to the process, Jupyter's default) or "message" (interrupt_request). */
  interrupt_mode: "signal" | "message";
  env: Record<string, string>;
  metadata: Record<string, unknown>;
}

/**
 * Reads and checks the kernel.json in a kernelspec directory.
 * @throws TypeError naming the file and the field that is wrong.
 */
export function readKernelSpec(dir: string, name = path.basename(dir)): KernelSpec {
  const file = path.join(dir, "kernel.json");
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new TypeError(`kernelspec ${file}: cannot be read as JSON (${(e as Error).message})`);
  }
  const argv = raw.argv;
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === "string")) {
    throw new TypeError(`kernelspec ${file}: "argv" must be a non-empty list of strings, got ${JSON.stringify(argv)}`);
  }
  if (!argv.some((a: string) => a.includes("{connection_file}"))) {
    throw new TypeError(`kernelspec ${file}: "argv" must contain "{connection_file}", got ${JSON.stringify(argv)}`);
  }
  const env = raw.env ?? {};
  if (typeof env !== "object" || env === null || Object.values(env).some((v) => typeof v !== "string")) {
    throw new TypeError(`kernelspec ${file}: "env" must map names to strings, got ${JSON.stringify(env)}`);
  }
  const mode = raw.interrupt_mode ?? "signal";
  if (mode !== "signal" && mode !== "message") {
    throw new TypeError(`kernelspec ${file}: "interrupt_mode" must be "signal" or "message", got ${JSON.stringify(mode)}`);
  }
  return {
    name,
    dir: path.resolve(dir),
    argv: argv,
    display_name: typeof raw.display_name === "string" ? raw.display_name : name,
    language: typeof raw.language === "string" ? raw.language : "",
    interrupt_mode: mode,
    env: env as Record<string, string>,
    metadata: (raw.metadata as Record<string, unknown> | undefined) ?? {},
  };
}

/**
 * Finds a kernelspec by name in Jupyter's search path.
 * @throws Error listing the directories searched when no kernelspec of that name exists.
 * @example const spec = findKernelSpec("python3");
 */
export function findKernelSpec(name: string, searchDirs: string[] = kernelSearchDirs()): KernelSpec {
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
    throw new TypeError(`findKernelSpec: kernel name must be letters, digits, ".", "_" or "-", got ${JSON.stringify(name)}`);
  }
  for (const kernels of searchDirs) {
    const dir = path.join(kernels, name);
    if (fs.existsSync(path.join(dir, "kernel.json"))) return readKernelSpec(dir, name);
  }
  const hint = name === "nnlab" ? " (install it with: npx nnlab kernel install)" : "";
  throw new Error(`no kernelspec named "${name}"${hint}; searched:\n  ${searchDirs.join("\n  ")}`);
}
