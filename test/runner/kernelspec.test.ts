import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { jupyterDataDir, kernelSearchDirs } from "../../kernel/kernelspec";
import { findKernelSpec, readKernelSpec } from "../../kernel/runner";

/** The variables the Jupyter path search reads; each test starts with none of them set. */
const PATH_VARS = [
  "JUPYTER_PATH",
  "JUPYTER_DATA_DIR",
  "JUPYTER_PREFER_ENV_PATH",
  "VIRTUAL_ENV",
  "CONDA_PREFIX",
  "CONDA_DEFAULT_ENV",
  "XDG_DATA_HOME",
  "APPDATA",
];

describe("kernelspec lookup", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-ks-"));
  const saved = { ...process.env };
  const platform = process.platform;
  beforeEach(() => PATH_VARS.forEach((k) => delete process.env[k]));
  afterEach(() => {
    for (const k of PATH_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    Object.defineProperty(process, "platform", { value: platform });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function spec(where: string, name: string, json: object): string {
    const d = path.join(where, "kernels", name);
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, "kernel.json"), JSON.stringify(json));
    return d;
  }

  it("searches JUPYTER_PATH first, then the user data dir, and includes the system dirs", () => {
    process.env.JUPYTER_PATH = [path.join(dir, "a"), path.join(dir, "b")].join(path.delimiter);
    process.env.JUPYTER_DATA_DIR = path.join(dir, "user");
    const dirs = kernelSearchDirs();
    expect(dirs.slice(0, 3)).toEqual([path.join(dir, "a", "kernels"), path.join(dir, "b", "kernels"), path.join(dir, "user", "kernels")]);
    expect(dirs).toEqual(expect.arrayContaining(["/usr/local/share/jupyter/kernels", "/usr/share/jupyter/kernels"]));
    spec(path.join(dir, "b"), "k", { argv: ["b", "{connection_file}"], display_name: "B" });
    spec(path.join(dir, "user"), "k", { argv: ["user", "{connection_file}"], display_name: "U" });
    expect(findKernelSpec("k").argv[0]).toBe("b");
    expect(findKernelSpec("python3").argv).toContain("ipykernel_launcher");
  });

  it("searches a Python venv and a conda env, before the user dir inside one (jupyter_core 5)", () => {
    process.env.JUPYTER_DATA_DIR = path.join(dir, "user2");
    process.env.VIRTUAL_ENV = path.join(dir, "venv");
    process.env.CONDA_PREFIX = path.join(dir, "conda");
    process.env.CONDA_DEFAULT_ENV = "lab";
    const venv = path.join(dir, "venv", "share", "jupyter", "kernels");
    const conda = path.join(dir, "conda", "share", "jupyter", "kernels");
    const user = path.join(dir, "user2", "kernels");
    expect(kernelSearchDirs().slice(0, 3)).toEqual([venv, conda, user]);
    spec(path.join(dir, "venv", "share", "jupyter"), "v", { argv: ["venv", "{connection_file}"] });
    spec(path.join(dir, "user2"), "v", { argv: ["user", "{connection_file}"] });
    expect(findKernelSpec("v").argv[0]).toBe("venv");

    process.env.JUPYTER_PREFER_ENV_PATH = "0";
    expect(kernelSearchDirs().slice(0, 3)).toEqual([user, venv, conda]);
    expect(findKernelSpec("v").argv[0]).toBe("user");
    delete process.env.JUPYTER_PREFER_ENV_PATH;
    delete process.env.VIRTUAL_ENV;
    process.env.CONDA_DEFAULT_ENV = "base"; // conda's base env does not come first
    expect(kernelSearchDirs().slice(0, 2)).toEqual([user, conda]);
    // Each directory once, the system dirs last.
    const dirs = kernelSearchDirs();
    expect(new Set(dirs).size).toBe(dirs.length);
    expect(dirs.slice(-2)).toEqual(["/usr/local/share/jupyter/kernels", "/usr/share/jupyter/kernels"]);
  });

  it("finds the user data dir on Linux, macOS and Windows", () => {
    Object.defineProperty(process, "platform", { value: "linux" });
    expect(jupyterDataDir()).toBe(path.join(os.homedir(), ".local", "share", "jupyter"));
    process.env.XDG_DATA_HOME = path.join(dir, "xdg");
    expect(jupyterDataDir()).toBe(path.join(dir, "xdg", "jupyter"));
    Object.defineProperty(process, "platform", { value: "darwin" });
    expect(jupyterDataDir()).toBe(path.join(os.homedir(), "Library", "Jupyter"));
    Object.defineProperty(process, "platform", { value: "win32" });
    process.env.APPDATA = path.join(dir, "Roaming");
    expect(jupyterDataDir()).toBe(path.join(dir, "Roaming", "jupyter"));
    expect(kernelSearchDirs()).toContain(path.join(dir, "Roaming", "jupyter", "kernels"));
    process.env.JUPYTER_DATA_DIR = path.join(dir, "mine");
    expect(jupyterDataDir()).toBe(path.join(dir, "mine"));
  });

  it("reads interrupt_mode and env, with Jupyter's defaults", () => {
    const d = spec(dir, "m", { argv: ["x", "-f", "{connection_file}"], display_name: "M", interrupt_mode: "message", env: { A: "1" } });
    expect(readKernelSpec(d)).toMatchObject({ name: "m", interrupt_mode: "message", env: { A: "1" }, language: "" });
    const s = spec(dir, "s", { argv: ["x", "{connection_file}"] });
    expect(readKernelSpec(s)).toMatchObject({ interrupt_mode: "signal", env: {}, display_name: "s" });
  });

  it("names the file and the field that is wrong", () => {
    expect(() => readKernelSpec(spec(dir, "bad1", { argv: [] }))).toThrow(
      /bad1\/kernel\.json: "argv" must be a non-empty list of strings, got \[\]/,
    );
    expect(() => readKernelSpec(spec(dir, "bad2", { argv: ["x"] }))).toThrow(/"argv" must contain "\{connection_file\}"/);
    expect(() => readKernelSpec(spec(dir, "bad3", { argv: ["{connection_file}"], interrupt_mode: "poke" }))).toThrow(
      /"interrupt_mode" must be "signal" or "message", got "poke"/,
    );
    expect(() => findKernelSpec("../etc")).toThrow(TypeError);
    process.env.JUPYTER_PATH = path.join(dir, "none");
    expect(() => findKernelSpec("nope-kernel")).toThrow(/no kernelspec named "nope-kernel"; searched:/);
  });
});
