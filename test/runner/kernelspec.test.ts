import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findKernelSpec, kernelSearchDirs, readKernelSpec } from "../../kernel/runner";

describe("kernelspec lookup", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-ks-"));
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ["JUPYTER_PATH", "JUPYTER_DATA_DIR"]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
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
