import { execFileSync, spawn, spawnSync, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readNotebook, validateNotebook } from "../../kernel/nbformat";
import { parseRunArgs } from "../../kernel/runner";
import { PY_FIXTURES, processAlive, waitFor } from "./helpers";

// The CLI is tested as a real process (signals, exit status, no kernel left), so runCommand is
// compiled once to plain JS.
const build = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-runner-build-"));
const root = path.join(__dirname, "..", "..");
let main = "";

beforeAll(() => {
  execFileSync(
    process.execPath,
    [
      require.resolve("typescript/bin/tsc"),
      "--outDir",
      build,
      "--rootDir",
      root,
      "--module",
      "commonjs",
      "--target",
      "es2022",
      "--esModuleInterop",
      "--resolveJsonModule",
      "--skipLibCheck",
      // As the project compiles it: narrowing (e.g. of a connection file's fields) needs strict.
      "--strict",
      "--types",
      "node",
      path.join(root, "kernel/runner/runCommand.ts"),
    ],
    { stdio: "inherit" },
  );
  fs.symlinkSync(path.join(root, "node_modules"), path.join(build, "node_modules"));
  main = path.join(build, "main.js");
  fs.writeFileSync(
    main,
    `require("./kernel/runner/runCommand.js").runCommand(process.argv.slice(2)).then((code) => process.exit(code));\n`,
  );
}, 120_000);
afterAll(() => fs.rmSync(build, { recursive: true, force: true }));

function cli(args: string[], cwd = os.tmpdir()): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [main, ...args], { cwd, encoding: "utf8", timeout: 90_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

function tmpCopy(...names: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-run-"));
  for (const n of names) fs.copyFileSync(path.join(PY_FIXTURES, n), path.join(dir, n));
  return dir;
}

/** Starts the CLI and resolves with the kernel's pid once `ready` matches its stderr. */
function startCli(args: string[], ready: RegExp): Promise<{ child: ChildProcess; pid: number; stderr: () => string }> {
  const child = spawn(process.execPath, [main, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      const pid = /\(pid (\d+)\) started/.exec(err);
      if (pid && ready.test(err)) resolve({ child, pid: Number(pid[1]), stderr: () => err });
    });
    child.once("exit", () => reject(new Error(`runner exited early:\n${err}`)));
  });
}

describe("nnlab run (CLI)", () => {
  it("runs notebooks to --out, then stops at the first error with notebook, cell and plain traceback", () => {
    const dir = tmpCopy("outputs.ipynb", "error.ipynb");
    const out = path.join(dir, "out");
    const r = cli(["--out", out, "outputs.ipynb", "error.ipynb"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/outputs\.ipynb: cell 1\/7 ok \(\d+\.\d+ s\)/);
    expect(r.stderr).toMatch(/outputs\.ipynb: done in .* written to/);
    expect(r.stderr).toMatch(/nnlab run: error\.ipynb: cell 3 of 4 raised ValueError: boom/);
    expect(r.stderr).toMatch(/--- traceback ---[\s\S]*raise ValueError\('boom'\)/);
    expect(r.stderr).not.toContain("\u001b"); // no ANSI escape
    expect(fs.readdirSync(out)).toEqual(["outputs.ipynb"]);
    expect(validateNotebook(readNotebook(path.join(out, "outputs.ipynb")))).toEqual([]);
    // the sources were not touched
    expect(fs.readFileSync(path.join(dir, "outputs.ipynb"), "utf8")).toBe(fs.readFileSync(path.join(PY_FIXTURES, "outputs.ipynb"), "utf8"));
  });

  it("--allow-errors writes in place a notebook Python's nbformat accepts", () => {
    const dir = tmpCopy("error.ipynb");
    const r = cli(["--allow-errors", "--quiet", "error.ipynb"], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const py = `import nbformat,sys\nnb=nbformat.read(sys.argv[1], as_version=4)\nnbformat.validate(nb)\nprint([c.get('execution_count') for c in nb.cells])`;
    expect(
      execFileSync("/usr/bin/python3", ["-c", py, path.join(dir, "error.ipynb")])
        .toString()
        .trim(),
    ).toBe("[1, None, 2, 3]");
  });

  it("--timeout fails the run with status 1", () => {
    const dir = tmpCopy("slow.ipynb");
    const r = cli(["--timeout", "1", "slow.ipynb"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/slow\.ipynb: cell 2 of 3 timed out after 1 s \(the kernel was interrupted\)/);
  });

  it("usage errors exit 2 with the problem", () => {
    expect(cli([]).stderr).toMatch(/nnlab run: no notebook given/);
    expect(cli([]).status).toBe(2);
    expect(cli(["--timeout", "soon", "a.ipynb"]).stderr).toMatch(/--timeout must be a positive number of seconds, got "soon"/);
    expect(cli(["--help"]).stdout).toMatch(/usage: nnlab run/);
    expect(cli(["missing.ipynb"]).stderr).toMatch(/missing\.ipynb: no such notebook file/);
  });

  it("Ctrl-C interrupts the kernel, shuts it down and exits 130", async () => {
    const dir = tmpCopy("slow.ipynb");
    const { child, pid, stderr } = await startCli([path.join(dir, "slow.ipynb")], /cell 1\/3 ok/);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await new Promise((r) => setTimeout(r, 500));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr()).toMatch(/interrupting the kernel/);
    expect(stderr()).toMatch(/interrupted in cell 2 of 3/);
    expect(processAlive(pid)).toBe(false);
  });

  it("no kernel outlives a runner that is terminated or killed", async () => {
    const dir = tmpCopy("slow.ipynb");
    const a = await startCli([path.join(dir, "slow.ipynb")], /cell 1\/3 ok/);
    a.child.kill("SIGTERM");
    expect(await waitFor(() => !processAlive(a.pid), 5000)).toBe(true);
    // SIGKILL runs no handler of ours: the kernel notices its parent is gone (JPY_PARENT_PID).
    const b = await startCli([path.join(dir, "slow.ipynb")], /cell 1\/3 ok/);
    b.child.kill("SIGKILL");
    expect(await waitFor(() => !processAlive(b.pid), 15_000)).toBe(true);
  });

  it("a kernel that ignores JPY_PARENT_PID is still killed when the runner is SIGKILLed (watchdog)", async () => {
    const dir = tmpCopy("slow.ipynb");
    const kernelDir = path.join(dir, "deaf-kernel");
    fs.mkdirSync(kernelDir);
    fs.writeFileSync(
      path.join(kernelDir, "kernel.json"),
      JSON.stringify({
        argv: ["/bin/sh", "-c", 'exec env -u JPY_PARENT_PID /usr/bin/python3 -m ipykernel_launcher -f "$0"', "{connection_file}"],
        display_name: "deaf",
      }),
    );
    const c = await startCli(["--kernel-dir", kernelDir, path.join(dir, "slow.ipynb")], /cell 1\/3 ok/);
    c.child.kill("SIGKILL");
    expect(await waitFor(() => !processAlive(c.pid), 10_000)).toBe(true);
  });
});

describe("parseRunArgs", () => {
  it("reads options in both spellings and rejects what it does not know", () => {
    expect(parseRunArgs(["--out=o", "--kernel", "python3", "--timeout", "2.5", "--allow-errors", "a.ipynb", "b.ipynb"])).toEqual({
      notebooks: ["a.ipynb", "b.ipynb"],
      out: "o",
      kernel: "python3",
      timeout: 2.5,
      allowErrors: true,
      quiet: false,
    });
    expect(() => parseRunArgs(["--frobnicate", "a.ipynb"])).toThrow("unknown option --frobnicate");
    expect(() => parseRunArgs(["--out", "o", "x/a.ipynb", "y/a.ipynb"])).toThrow(/two notebooks named a\.ipynb/);
    expect(() => parseRunArgs(["--kernel"])).toThrow("--kernel needs a value");
  });
});
