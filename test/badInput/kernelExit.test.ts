/**
 * process.exit() / process.abort() in a cell of the real kernel (dist/, under jupyter_client):
 * refused with an ExitRefusedError the learner sees, from the cell itself, a function an earlier
 * cell defined, or a timer; the session survives; the kernel's own shutdown still exits 0.
 * (It used to abort the kernel natively: SIGABRT from an N-API error.)
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLI, cleanTemp, tempDir } from "./helpers";

const python = "/usr/bin/python3";

interface CellResult {
  status: string;
  ename: string | null;
  evalue: string | null;
  errors: string[];
  values: string[];
}
type Results = Record<string, CellResult> & { aliveBeforeShutdown: boolean; shutdownCode: number | null; log: string };

let results: Results;

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build before these tests`);
  const data = tempDir("nnlab-exit-jupyter-");
  const runtime = tempDir("nnlab-exit-runtime-");
  const env = {
    ...process.env,
    JUPYTER_DATA_DIR: data,
    JUPYTER_RUNTIME_DIR: runtime,
    JUPYTER_PLATFORM_DIRS: "0",
    PYTHONWARNINGS: "ignore",
  };
  execFileSync(process.execPath, [CLI, "kernel", "install", "--no-snapshot"], { env });
  const r = spawnSync(python, ["-u", path.join(__dirname, "kernel_exit.py")], {
    cwd: os.tmpdir(),
    env,
    encoding: "utf8",
    timeout: 300_000,
  });
  const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`kernel_exit.py gave no result (status ${r.status}):\n${r.stdout}\n${r.stderr}`);
  results = JSON.parse(line.slice("RESULT ".length)) as Results;
}, 300_000);

afterAll(cleanTemp);

const REFUSED =
  /is refused in a notebook cell: it would end the kernel and lose this session's variables and trained nets\. To stop a cell early, throw an error; to end the kernel, use Kernel > Shut Down/;

describe("process.exit in a cell", () => {
  test.each([
    ["exit3", "process.exit(3)"],
    ["exitBare", "process.exit()"],
    ["abort", "process.abort()"],
    ["quitLater", "process.exit(1)"],
  ])("%s: the cell fails with ExitRefusedError naming %s", (cell, call) => {
    const r = results[cell];
    expect(r.status).toBe("error");
    expect(r.ename).toBe("ExitRefusedError");
    expect(r.evalue?.startsWith(`${call} is refused`)).toBe(true);
    expect(r.evalue).toMatch(REFUSED);
    expect(r.errors).toEqual([`ExitRefusedError: ${r.evalue}`]);
  });

  test("from a timer: shown in the running cell as a late error; the cell itself completes", () => {
    const r = results.timer;
    expect(r.status).toBe("ok");
    expect(r.values).toEqual(["waited"]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^ExitRefusedError: process\.exit\(2\) is refused/);
  });

  test("the session survives: variables defined before are still there", () => {
    expect(results.after.values).toEqual(["41"]);
    expect(results.still.values).toEqual(["42"]);
    expect(results.aliveBeforeShutdown).toBe(true);
  });

  test("the kernel's own shutdown still ends it cleanly (exit 0, no native abort)", () => {
    expect(results.shutdownCode).toBe(0);
    expect(results.log).not.toMatch(/Napi::Error|terminate called/);
  });
});
