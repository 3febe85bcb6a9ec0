/**
 * The runner against the real nnlab kernel (dist/, built by `npm run build`), installed with
 * `nnlab kernel install` into a temporary JUPYTER_DATA_DIR.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { joinMultiline, readNotebook, validateNotebook, type CodeCell, type Notebook } from "../../kernel/nbformat";
import { KernelClient, NotebookRunError, readKernelSpec, runNotebook, type RunProgress } from "../../kernel/runner";
import { processAlive } from "./helpers";

const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "dist/kernel/cli.js");
const TS_FIXTURES = path.join(__dirname, "..", "fixtures", "notebooks", "typescript");
let dataDir = "";
let kernelDir = "";

beforeAll(() => {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build before these tests`);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-runner-jupyter-"));
  execFileSync(process.execPath, [cli, "kernel", "install"], { env: { ...process.env, JUPYTER_DATA_DIR: dataDir } });
  kernelDir = path.join(dataDir, "kernels", "nnlab");
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const code = (nb: Notebook): CodeCell[] => nb.cells.filter((c): c is CodeCell => c.cell_type === "code");

async function run(
  name: string,
  options: Parameters<typeof runNotebook>[1] = {},
): Promise<{ nb?: Notebook; error?: NotebookRunError; pid: number }> {
  let pid = -1;
  const onProgress = (e: RunProgress): void => {
    if (e.kind === "kernel-started") pid = e.pid;
  };
  const file = path.join(TS_FIXTURES, name);
  try {
    return { nb: await runNotebook(readNotebook(file), { source: file, kernelDir, onProgress, ...options }), pid };
  } catch (e) {
    if (!(e instanceof NotebookRunError)) throw e;
    return { error: e, pid };
  }
}

describe("runner against the nnlab kernel", () => {
  it("records values, streams, a 10,000-line burst, a live display updated in place and a Plotly bundle", async () => {
    const { nb, pid } = await run("outputs.ipynb");
    expect(validateNotebook(nb)).toEqual([]);
    expect(processAlive(pid)).toBe(false);
    const cells = code(nb!);
    expect(cells.map((c) => c.execution_count)).toEqual([1, 2, 3, 4, 5]);
    expect(cells[0].outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "x is 42\n" },
      { output_type: "stream", name: "stderr", text: "to stderr\n" },
      { output_type: "execute_result", execution_count: 1, data: { "text/plain": "42" }, metadata: {} },
    ]);
    const burst = joinMultiline((cells[1].outputs[0] as { text: string }).text).split("\n");
    expect(burst.length).toBe(10001);
    expect(burst[9999]).toBe("9999");
    expect(cells[2].outputs[0]).toMatchObject({ output_type: "display_data" });
    expect(JSON.stringify((cells[2].outputs[0] as { data: unknown }).data)).toMatch(/epoch 3/);
    expect(cells[2].outputs[1]).toEqual({ output_type: "stream", name: "stdout", text: "after display\n" });
    expect(cells[3].outputs.map((o) => o.output_type)).toEqual(["execute_result"]);
    const plot = cells[4].outputs[0] as { output_type: string; data: Record<string, unknown> };
    expect(plot.output_type).toBe("display_data");
    expect(Object.keys(plot.data).sort()).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
    expect(typeof plot.data["application/vnd.plotly.v1+json"]).toBe("object");
    expect(nb!.metadata.language_info?.name).toBe("typescript");
  });

  it("stops at a type error; with allowErrors records it and a thrown error with the cell's line, and runs on", async () => {
    const stopped = await run("error.ipynb");
    expect(stopped.error?.kind).toBe("error");
    expect(stopped.error?.message).toMatch(/error\.ipynb: cell 2 of 4 raised \w+: .*TS2322/);
    expect(stopped.error?.traceback.join("\n")).toMatch(/const s: string = 1;/);
    expect(code(stopped.error!.notebook).map((c) => c.execution_count)).toEqual([1, 2, null, null]);
    expect(processAlive(stopped.pid)).toBe(false);

    const { nb } = await run("error.ipynb", { allowErrors: true });
    const cells = code(nb!);
    expect(cells.map((c) => c.execution_count)).toEqual([1, 2, 3, 4]);
    expect(cells[2].outputs[0]).toMatchObject({ output_type: "error", ename: "RangeError", evalue: "out of range" });
    expect((cells[2].outputs[0] as { traceback: string[] }).traceback.join("\n")).toMatch(/line 2/);
    expect(cells[3].outputs[0]).toMatchObject({ output_type: "execute_result", data: { "text/plain": "2" } });
    expect(validateNotebook(nb)).toEqual([]);
  });

  it("a timeout interrupts a sync loop (message-mode interrupt) and the kernel keeps its state", async () => {
    const kernel = await KernelClient.start(readKernelSpec(kernelDir));
    try {
      expect(kernel.spec.interrupt_mode).toBe("message");
      await kernel.execute("let n = 0;");
      const t0 = Date.now();
      const looped = await kernel.execute("while (true) { n++; }", { timeoutMs: 1000 });
      expect(looped.timedOut).toBe(true);
      expect(looped.reply.status).toBe("error");
      expect(Date.now() - t0).toBeLessThan(10_000);
      const after = await kernel.execute("n > 0");
      expect(after.outputs).toEqual([{ output_type: "execute_result", execution_count: 3, data: { "text/plain": "true" }, metadata: {} }]);
    } finally {
      await kernel.shutdown();
    }
    expect(processAlive(kernel.pid)).toBe(false);

    const { error, pid } = await run("loop.ipynb", { timeoutSeconds: 1 });
    expect(error?.kind).toBe("timeout");
    expect(processAlive(pid)).toBe(false);
  });
});
