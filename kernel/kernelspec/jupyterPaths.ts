/**
 * Where Jupyter keeps its data (kernelspecs live in `<data dir>/kernels`), computed the way
 * jupyter_core's `jupyter_data_dir()` and `jupyter_path()` do, without asking Python: the
 * installer writes there and the runner searches there, so both must agree.
 */
import * as os from "os";
import * as path from "path";

/** Why a data directory is on the path: the variable or place it comes from. */
export type JupyterDirSource = "JUPYTER_PATH" | "user" | "VIRTUAL_ENV" | "CONDA_PREFIX" | "sys-prefix" | "system";

/** One Jupyter data directory and where it comes from. */
export interface JupyterDataDir {
  readonly dir: string;
  readonly source: JupyterDirSource;
}

/**
 * The user's Jupyter data directory: JUPYTER_DATA_DIR, else ~/Library/Jupyter on macOS,
 * %APPDATA%\jupyter on Windows, $XDG_DATA_HOME/jupyter (default ~/.local/share/jupyter) elsewhere.
 * @example path.join(jupyterDataDir(), "kernels")
 */
export function jupyterDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  if (process.platform === "darwin") return path.join(os.homedir(), "Library", "Jupyter");
  if (process.platform === "win32") return path.join(process.env.APPDATA || path.join(os.homedir(), "AppData", "Roaming"), "jupyter");
  return path.join(process.env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share"), "jupyter");
}

/**
 * The prefix this Node lives in, nnlab's stand-in for Python's `sys.prefix` (/usr, /usr/local,
 * an nvm version folder): node is `<prefix>/bin/node`, or `<prefix>\node.exe` on Windows.
 */
export function nodePrefix(): string {
  const bin = path.dirname(process.execPath);
  return process.platform === "win32" ? bin : path.dirname(bin);
}

/** The system-wide data directories, searched last. */
export function systemDataDirs(): string[] {
  if (process.platform === "win32") return [path.join(process.env.PROGRAMDATA || "C:\\ProgramData", "jupyter")];
  return ["/usr/local/share/jupyter", "/usr/share/jupyter"];
}

/** jupyter_core's truthy test for a flag variable. */
function flagSet(value: string): boolean {
  return !["no", "n", "false", "off", "0", "0.0"].includes(value.toLowerCase());
}

/**
 * Whether an environment's directories come before the user's, as jupyter_core 5 decides:
 * JUPYTER_PREFER_ENV_PATH when set, else yes inside a Python venv or a conda env other than base.
 */
function preferEnvironment(): boolean {
  const flag = process.env.JUPYTER_PREFER_ENV_PATH;
  if (flag !== undefined) return flagSet(flag);
  if (process.env.VIRTUAL_ENV) return true;
  return Boolean(process.env.CONDA_PREFIX) && process.env.CONDA_DEFAULT_ENV !== "base";
}

/**
 * Every Jupyter data directory, in Jupyter's search order (first wins), without repeats:
 * JUPYTER_PATH entries; the user's data dir and the environments' `share/jupyter` (a Python
 * venv, a conda env, this Node's prefix), the environments first inside a venv or conda env;
 * then the system dirs.
 * @example jupyterDataDirs().map((d) => path.join(d.dir, "kernels"))
 */
export function jupyterDataDirs(): JupyterDataDir[] {
  const fromPath: JupyterDataDir[] = (process.env.JUPYTER_PATH ?? "")
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => ({ dir, source: "JUPYTER_PATH" }));
  const user: JupyterDataDir[] = [{ dir: jupyterDataDir(), source: "user" }];
  const system = systemDataDirs();
  const env: JupyterDataDir[] = [];
  for (const [source, prefix] of [
    ["VIRTUAL_ENV", process.env.VIRTUAL_ENV],
    ["CONDA_PREFIX", process.env.CONDA_PREFIX],
    ["sys-prefix", nodePrefix()],
  ] as const) {
    const dir = prefix ? path.join(prefix, "share", "jupyter") : "";
    // A prefix of /usr or /usr/local is a system dir: it keeps its place at the end.
    if (dir && !system.includes(dir)) env.push({ dir, source });
  }
  const all = [
    ...fromPath,
    ...(preferEnvironment() ? [...env, ...user] : [...user, ...env]),
    ...system.map((dir): JupyterDataDir => ({ dir, source: "system" })),
  ];
  const seen = new Set<string>();
  return all.filter(({ dir }) => {
    const key = path.resolve(dir);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The directories Jupyter searches for kernelspecs, first wins.
 * @example kernelSearchDirs()[0] // "/home/me/.local/share/jupyter/kernels"
 */
export function kernelSearchDirs(): string[] {
  return jupyterDataDirs().map(({ dir }) => path.join(dir, "kernels"));
}
