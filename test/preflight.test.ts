/**
 * test/preflight.js (run by `npm test` before everything) names what is missing and the one
 * command that installs it. Here it runs against a real Python that cannot see Debian's
 * Jupyter packages (python3 -S skips site-packages) and a Chromium path that does not exist.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const PREFLIGHT = path.join(__dirname, "preflight.js");

function preflight(env: Record<string, string>) {
  const run = spawnSync(process.execPath, [PREFLIGHT], { encoding: "utf8", env: { ...process.env, ...env } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-preflight-"));
  fs.writeFileSync(path.join(dir, "python-without-site"), '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, "python-broken"), "#!/bin/sh\necho 'cannot start' >&2\nexit 3\n", { mode: 0o755 });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("passes quietly where Jupyter and Chromium are installed", () => {
  expect(preflight({})).toEqual({ status: 0, stdout: "", stderr: "" });
});

test("lists every missing part and the one apt-get line that installs them, without a stack trace", () => {
  const { status, stderr } = preflight({
    NNLAB_PREFLIGHT_PYTHON: path.join(dir, "python-without-site"),
    CHROMIUM_PATH: path.join(dir, "chromium"),
  });
  expect(status).toBe(1);
  expect(stderr).toContain(`Chromium (${path.join(dir, "chromium")})`);
  for (const m of ["jupyter_client", "jupyter_kernel_test", "nbconvert", "jupyter_console", "nbformat", "ipykernel"]) {
    expect(stderr).toContain(`Python module ${m} on ${path.join(dir, "python-without-site")}`);
  }
  const install = stderr.split("\n").filter((l) => l.includes("apt-get install"));
  expect(install).toEqual([
    "  sudo apt-get update && sudo apt-get install -y chromium jupyter-client python3-jupyter-kernel-test jupyter-nbconvert jupyter-console python3-nbformat python3-ipykernel",
  ]);
  expect(stderr).not.toMatch(/^\s+at /m);
});

test("installs only what is missing: a working Python leaves only Chromium on the line", () => {
  const { status, stderr } = preflight({ CHROMIUM_PATH: path.join(dir, "chromium") });
  expect(status).toBe(1);
  expect(stderr).not.toContain("Python module");
  expect(stderr).toContain("  sudo apt-get update && sudo apt-get install -y chromium\n");
});

test("a Python that does not start is reported with its error", () => {
  const { status, stderr } = preflight({ NNLAB_PREFLIGHT_PYTHON: path.join(dir, "python-broken") });
  expect(status).toBe(1);
  expect(stderr).toContain(`Python module nbconvert (${path.join(dir, "python-broken")} failed: cannot start)`);
});
