import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PNG } from "pngjs";
import { installKernelspec, listKernelspecs, uninstallKernelspec, kernelsDir } from "../../kernel/kernelspec";
import { findKernelSpec } from "../../kernel/runner";

describe("kernelspec", () => {
  let dir: string;
  const saved = process.env.JUPYTER_DATA_DIR;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-spec-"));
    process.env.JUPYTER_DATA_DIR = path.join(dir, "data");
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.JUPYTER_DATA_DIR;
    else process.env.JUPYTER_DATA_DIR = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("install writes kernel.json and logos; list finds it; uninstall removes it", () => {
    const cli = path.join(dir, "cli.js");
    fs.writeFileSync(cli, "");
    const spec = installKernelspec({ kind: "user" }, cli, { snapshot: false });
    expect(spec).toBe(path.join(dir, "data", "kernels", "nnlab"));
    const json = JSON.parse(fs.readFileSync(path.join(spec, "kernel.json"), "utf8"));
    expect(json.argv).toEqual([process.execPath, cli, "kernel", "start", "-f", "{connection_file}"]);
    expect(json.display_name).toMatch(/TypeScript.*deep learning/);
    expect(json.interrupt_mode).toBe("message");
    for (const [file, size] of [
      ["logo-32x32.png", 32],
      ["logo-64x64.png", 64],
    ] as const) {
      const png = PNG.sync.read(fs.readFileSync(path.join(spec, file)));
      expect([png.width, png.height]).toEqual([size, size]);
    }
    expect(fs.readFileSync(path.join(spec, "logo-svg.svg"), "utf8")).toMatch(/^<svg/);
    expect(listKernelspecs().map((k) => k.dir)).toContain(spec);
    expect(uninstallKernelspec({ kind: "user" })).toBe(spec);
    expect(fs.existsSync(spec)).toBe(false);
    expect(listKernelspecs().map((k) => k.dir)).not.toContain(spec);
  });

  test("prefix installs go under PREFIX/share/jupyter/kernels", () => {
    expect(kernelsDir({ kind: "prefix", prefix: dir })).toBe(path.join(dir, "share", "jupyter", "kernels"));
  });

  test("the installer, the list and the runner search the same places (a venv prefix too)", () => {
    const cli = path.join(dir, "cli.js");
    fs.writeFileSync(cli, "");
    const venv = path.join(dir, "venv");
    const saved = { VIRTUAL_ENV: process.env.VIRTUAL_ENV, JUPYTER_PREFER_ENV_PATH: process.env.JUPYTER_PREFER_ENV_PATH };
    process.env.VIRTUAL_ENV = venv;
    delete process.env.JUPYTER_PREFER_ENV_PATH;
    try {
      const inVenv = installKernelspec({ kind: "prefix", prefix: venv }, cli, { snapshot: false });
      const inUser = installKernelspec({ kind: "user" }, cli, { snapshot: false });
      // Inside a venv, its kernelspec wins over the user's, for Jupyter and for the runner alike.
      expect(listKernelspecs().slice(0, 2)).toEqual([
        { location: "VIRTUAL_ENV", dir: inVenv },
        { location: "user", dir: inUser },
      ]);
      expect(findKernelSpec("nnlab").dir).toBe(inVenv);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  test("install refuses a CLI that is not built", () => {
    expect(() => installKernelspec({ kind: "user" }, path.join(dir, "missing.js"))).toThrow(/not built/);
  });
});
