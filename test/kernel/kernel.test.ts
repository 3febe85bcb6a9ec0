/**
 * Runs the real kernel (dist/, built by `npm run build`) under real Jupyter clients from Debian's
 * python3: our protocol tests (jupyter_client), Jupyter's own kernel test suite
 * (jupyter_kernel_test), and nbconvert / jupyter console. The kernelspec is installed with
 * `nnlab kernel install` into a temporary JUPYTER_DATA_DIR. Afterwards no kernel process of
 * ours is left running.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "dist/kernel/cli.js");
const python = "/usr/bin/python3";
let dataDir: string;
/** Connection files go here, so our kernels' command lines name it (other agents run kernels too). */
let runtimeDir: string;

function kernelPids(): string[] {
  const out = spawnSync("pgrep", ["-f", `${cli} kernel start -f ${runtimeDir}`], { encoding: "utf8" }).stdout;
  return out.split("\n").filter(Boolean);
}

function runPython(script: string): { status: number | null; output: string } {
  const r = spawnSync(python, ["-u", path.join(__dirname, script)], {
    cwd: os.tmpdir(),
    env: {
      ...process.env,
      JUPYTER_DATA_DIR: dataDir,
      JUPYTER_RUNTIME_DIR: runtimeDir,
      JUPYTER_PLATFORM_DIRS: "0",
      PYTHONWARNINGS: "ignore",
    },
    encoding: "utf8",
    timeout: 600_000,
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

const jupyterAvailable = spawnSync(python, ["-c", "import jupyter_client, jupyter_kernel_test, nbconvert, jupyter_console"]).status === 0;

beforeAll(() => {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build before these tests`);
  if (!jupyterAvailable)
    throw new Error(
      "Debian's Jupyter packages are missing: apt-get install jupyter-client jupyter-nbconvert jupyter-console python3-jupyter-kernel-test",
    );
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-jupyter-"));
  runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-runtime-"));
  execFileSync(process.execPath, [cli, "kernel", "install"], { env: { ...process.env, JUPYTER_DATA_DIR: dataDir } });
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(runtimeDir, { recursive: true, force: true });
});

describe("nnlab kernel under real Jupyter clients", () => {
  test.each([
    ["protocol: values, streams, burst, errors, stop_on_error, rich output, interrupts, info", "kernel_protocol.py"],
    ["jupyter_kernel_test conformance suite", "kernel_conformance.py"],
    ["interrupts stop Trainer.fit and tf.layers fit for good, 50 at random moments under load", "kernel_interrupts.py"],
    ["nbconvert --execute (with and without --allow-errors) and jupyter console", "jupyter_tools.py"],
    ["late errors (timers, unawaited promises, emitters, TF.js callbacks) never end the kernel", "kernel_errors.py"],
    ["tensors behave like values: the kernel releases what nothing reaches, never what is reachable", "kernel_memory.py"],
    [
      "modules the kernel provides: tslab notebooks, one TF.js whatever the notebook's folder holds, the notebook's own .ts modules",
      "kernel_modules.py",
    ],
    ["an interrupt at any moment of a slow compile never breaks the cell compiler", "kernel_compile_interrupt.py"],
    ["nnlab and TF.js load with the first cell that imports a module, or once the kernel is idle", "kernel_library.py"],
    ["started from its startup snapshot, the kernel checks cells as before; a folder's @types add no globals", "kernel_snapshot.py"],
  ])("%s", (_name, script) => {
    const { status, output } = runPython(script);
    if (status !== 0) throw new Error(`${script} failed:\n${output.slice(-6000)}`);
    expect(output).toMatch(/\nOK/);
    // Every kernel this script started has exited (a client may return while the process is
    // still finishing its exit, so allow it a few seconds).
    const deadline = Date.now() + 10_000;
    let left = kernelPids();
    while (left.length > 0 && Date.now() < deadline) {
      spawnSync("sleep", ["0.2"]);
      left = kernelPids();
    }
    expect(left).toEqual([]);
  });
});
