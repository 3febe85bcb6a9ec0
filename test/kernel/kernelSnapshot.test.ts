/**
 * The kernel's startup snapshot: the kernelspec's launcher starts Node from the blob only when
 * it fits (the blob is there, and the Node binary has not changed since it was written), and a
 * blob that fits is kept. The kernel started from it, under a real client, is in kernel_snapshot.py.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installKernelspec } from "../../kernel/kernelspec";
import { ensureKernelSnapshot, kernelArgv, snapshotBlobPath } from "../../kernel/snapshot/kernelSnapshot";

const root = path.resolve(__dirname, "../..");
let dir: string;
let fakeCli: string;

/** Runs the kernelspec's argv with a CLI that only reports how Node started it. */
interface Launched {
  /** The blob the process started from, or null. */
  startedFrom: string | null;
  execArgv: string[];
  argv: string[];
  parsedFiles: boolean;
  /** Lines of a new Error's stack (a snapshot drops Error.stackTraceLimit, and with it every stack). */
  stackLines: number;
}

function launch(argv: string[]): Launched {
  const [cmd, ...args] = argv.map((a) => a.replace("{connection_file}", path.join(dir, "kernel-1.json")));
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) throw new Error(`launcher exited ${String(r.status)}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Launched;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-snapshot-test-"));
  fakeCli = path.join(dir, "cli.js");
  // Started from the snapshot, the CLI is required and its runCli called; otherwise it is the main module.
  // It lives outside the package, where tslab would load another compiler than the snapshot's.
  fs.writeFileSync(
    fakeCli,
    [
      "exports.runCli = (argv) => console.log(JSON.stringify({ startedFrom: globalThis.__nnlabStartedFromSnapshot__ ?? null,",
      "  execArgv: process.execArgv, argv, stackLines: String(new Error('x').stack).split('\\n').length,",
      '  parsedFiles: typeof globalThis.__nnlabParsedFiles__ === "object" }));',
      "if (require.main === module) exports.runCli(process.argv.slice(2));",
    ].join("\n"),
  );
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("kernel startup snapshot", () => {
  test("without a blob the kernelspec runs plain node; with one, the launcher", () => {
    expect(kernelArgv("/x/cli.js")).toEqual([process.execPath, "/x/cli.js", "kernel", "start", "-f", "{connection_file}"]);
    const argv = kernelArgv("/x/cli.js", "/x/k.blob");
    expect(argv.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(argv.slice(3)).toEqual(["nnlab-kernel", "/x/k.blob", process.execPath, "/x/cli.js", "{connection_file}"]);
  });

  test("is built once and kept while it fits; the kernelspec names it", () => {
    const first = ensureKernelSnapshot();
    if (first.blob === undefined) throw new Error(`no snapshot: ${first.reason}`);
    expect(first.blob).toBe(snapshotBlobPath(root));
    expect(fs.statSync(first.blob).size).toBeGreaterThan(1_000_000);
    const second = ensureKernelSnapshot();
    expect(second).toEqual({ blob: first.blob, built: false });
    process.env.JUPYTER_DATA_DIR = path.join(dir, "data");
    try {
      const spec = installKernelspec({ kind: "user" }, fakeCli);
      const json = JSON.parse(fs.readFileSync(path.join(spec, "kernel.json"), "utf8")) as { argv: string[] };
      expect(json.argv).toEqual(kernelArgv(fakeCli, first.blob));
    } finally {
      delete process.env.JUPYTER_DATA_DIR;
    }
  });

  test("NNLAB_SNAPSHOT=0 turns it off, with the reason", () => {
    process.env.NNLAB_SNAPSHOT = "0";
    try {
      expect(ensureKernelSnapshot()).toEqual({ reason: "NNLAB_SNAPSHOT=0" });
    } finally {
      delete process.env.NNLAB_SNAPSHOT;
    }
  });

  test("the launcher starts from the blob when it fits, and without it when it is missing or older than node", () => {
    const s = ensureKernelSnapshot();
    if (s.blob === undefined) throw new Error(`no snapshot: ${s.reason}`);
    const fits = launch(kernelArgv(fakeCli, s.blob));
    expect(fits.startedFrom).toBe(s.blob);
    // Taken out, so a child process the kernel forks starts as plain Node.
    expect(fits.execArgv).toEqual([]);
    // Its tslab would not load the snapshot's compiler, so the parsed files are dropped, never misused.
    expect(fits.parsedFiles).toBe(false);
    expect(fits.stackLines).toBeGreaterThan(1);
    expect(fits.argv).toEqual(["kernel", "start", "-f", path.join(dir, "kernel-1.json")]);

    const missing = launch(kernelArgv(fakeCli, path.join(dir, "missing.blob")));
    expect(missing).toMatchObject({ startedFrom: null, execArgv: [], argv: fits.argv, parsedFiles: false });

    // A blob written before node last changed (node upgraded in place): Node would refuse it.
    const old = path.join(dir, "old.blob");
    fs.copyFileSync(s.blob, old);
    const before = new Date(fs.statSync(process.execPath).ctimeMs - 60_000);
    fs.utimesSync(old, before, before);
    expect(launch(kernelArgv(fakeCli, old))).toMatchObject({ startedFrom: null, execArgv: [], argv: fits.argv, parsedFiles: false });
  });
});
