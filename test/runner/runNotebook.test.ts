import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { joinMultiline, readNotebook, validateNotebook, type CodeCell, type Notebook } from "../../kernel/nbformat";
import { NotebookRunError, runNotebook, type RunProgress } from "../../kernel/runner";
import { PY_FIXTURES, processAlive } from "./helpers";

function code(nb: Notebook): CodeCell[] {
  return nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
}

/** Runs a fixture, remembering the kernel's pid from the progress events. */
async function run(
  name: string,
  options: Parameters<typeof runNotebook>[1] = {},
): Promise<{ nb?: Notebook; error?: NotebookRunError; pid: number; events: RunProgress[] }> {
  const events: RunProgress[] = [];
  let pid = -1;
  const onProgress = (e: RunProgress): void => {
    events.push(e);
    if (e.kind === "kernel-started") pid = e.pid;
    options.onProgress?.(e);
  };
  const file = path.join(PY_FIXTURES, name);
  try {
    const nb = await runNotebook(readNotebook(file), { source: file, ...options, onProgress });
    return { nb, pid, events };
  } catch (e) {
    if (!(e instanceof NotebookRunError)) throw e;
    return { error: e, pid, events };
  }
}

describe("runNotebook against ipykernel", () => {
  it("lets a watcher read the last line of text a running cell showed (what nnlab run shows for a long cell)", async () => {
    const { events } = await run("outputs.ipynb");
    const starts = events.filter((e): e is Extract<RunProgress, { kind: "cell-start" }> => e.kind === "cell-start");
    expect(starts[0].lastLine()).toBe("42"); // prints a, b (stderr), c, d, then its value 42 comes last
    expect(starts[2].lastLine()).toBe("'value'"); // nothing printed: its value's text
    expect(starts[4].lastLine()).toBe("kept"); // what clear_output left (the empty cell before it never starts)
  });

  it("records outputs and execution counts as nbconvert does, in a valid 4.5 notebook, and leaves no kernel", async () => {
    const { nb, pid, events } = await run("outputs.ipynb");
    expect(nb).toBeDefined();
    expect(validateNotebook(nb)).toEqual([]);
    expect(pid).toBeGreaterThan(0);
    expect(processAlive(pid)).toBe(false);
    const cells = code(nb!);
    expect(cells.map((c) => c.execution_count)).toEqual([1, 2, 3, null, 4, 5, 6]);
    // merged consecutive streams of one name, not across names
    expect(cells[0].outputs.map((o) => (o.output_type === "stream" ? [o.name, joinMultiline(o.text)] : o.output_type))).toEqual([
      ["stdout", "a\n"],
      ["stderr", "b\n"],
      ["stdout", "c\nd\n"],
      "execute_result",
    ]);
    // the display from cell 2 was updated in place by cell 3, which shows only its own value
    expect(cells[1].outputs[0]).toMatchObject({ output_type: "display_data", data: { "text/html": "<b>updated</b>" } });
    expect(cells[2].outputs).toEqual([
      { output_type: "execute_result", execution_count: 3, data: { "text/plain": "'value'" }, metadata: {} },
    ]);
    // a 10,000-line burst arrives whole
    const burst = joinMultiline((cells[4].outputs[0] as { text: string }).text).split("\n");
    expect(burst.length).toBe(10001);
    expect(burst[9999]).toBe("9999");
    // clear_output(wait=True) drops what came before; "\r" overwrites like a terminal
    expect(cells[5].outputs).toEqual([{ output_type: "stream", name: "stdout", text: "kept\n" }]);
    expect(cells[6].outputs[0]).toEqual({ output_type: "stream", name: "stdout", text: "y\n" });
    expect(cells[6].outputs[2]).toMatchObject({ data: { "application/json": { k: 1 } } });
    expect(nb!.metadata.language_info?.name).toBe("python");
    expect(nb!.cells.map((c) => c.id)).toEqual(readNotebook(path.join(PY_FIXTURES, "outputs.ipynb")).cells.map((c) => c.id));
    expect(events.filter((e) => e.kind === "cell-done").length).toBe(6);

    // the oracle: Jupyter's own nbconvert on the same notebook records the same outputs
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-nbc-"));
    try {
      execFileSync(
        "jupyter",
        ["nbconvert", "--to", "notebook", "--execute", "--output-dir", dir, path.join(PY_FIXTURES, "outputs.ipynb")],
        { stdio: "ignore" },
      );
      const theirs = code(readNotebook(path.join(dir, "outputs.ipynb")));
      const norm = (cells: CodeCell[]): unknown =>
        JSON.parse(
          JSON.stringify(
            cells.map((c) => ({ n: c.execution_count, outputs: c.outputs })),
            (k, v) => (Array.isArray(v) && v.every((s) => typeof s === "string") && k !== "traceback" ? v.join("") : v),
          ),
        );
      expect(norm(cells)).toEqual(norm(theirs));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stops at the first error, naming the cell, with the traceback without ANSI; the next cell does not run", async () => {
    const { error, pid } = await run("error.ipynb");
    expect(error?.kind).toBe("error");
    expect(error?.message).toMatch(/error\.ipynb: cell 3 of 4 raised ValueError: boom$/);
    expect(error?.cellIndex).toBe(2);
    expect(error?.traceback.join("\n")).toMatch(/raise ValueError\('boom'\)/);
    expect(error?.traceback.join("\n")).not.toContain("\u001b"); // no ANSI escape
    const cells = code(error!.notebook);
    expect(cells.map((c) => c.execution_count)).toEqual([1, 2, null]);
    expect(cells[1].outputs[0]).toMatchObject({ output_type: "error", ename: "ValueError", evalue: "boom" });
    expect(processAlive(pid)).toBe(false);
  });

  it("with allowErrors records the error and runs the rest", async () => {
    const { nb } = await run("error.ipynb", { allowErrors: true });
    const cells = code(nb!);
    expect(cells.map((c) => c.execution_count)).toEqual([1, 2, 3]);
    expect(cells[2].outputs).toEqual([{ output_type: "stream", name: "stdout", text: "after 1\n" }]);
    expect(validateNotebook(nb)).toEqual([]);
  });

  it("interrupts a cell that runs past the timeout and fails the run", async () => {
    const t0 = Date.now();
    const { error, pid } = await run("slow.ipynb", { timeoutSeconds: 1 });
    expect(error?.kind).toBe("timeout");
    expect(error?.message).toMatch(/cell 2 of 3 timed out after 1 s/);
    // the kernel was interrupted: its KeyboardInterrupt is in the outputs, long before 60 s
    expect(code(error!.notebook)[1].outputs[0]).toMatchObject({ output_type: "error", ename: "KeyboardInterrupt" });
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(processAlive(pid)).toBe(false);
  });

  it("an aborted signal interrupts the kernel and stops the run", async () => {
    const abort = new AbortController();
    const { error, pid } = await run("slow.ipynb", {
      signal: abort.signal,
      onProgress: (e) => {
        if (e.kind === "cell-start" && e.codeCell === 2) setTimeout(() => abort.abort(), 300);
      },
    });
    expect(error?.kind).toBe("interrupted");
    expect(error?.message).toMatch(/interrupted in cell 2 of 3/);
    expect(processAlive(pid)).toBe(false);
  });

  it("reports a kernel that dies with its exit code", async () => {
    const { error, pid } = await run("dies.ipynb");
    expect(error?.kind).toBe("died");
    expect(error?.message).toMatch(/cell 2 of 3: kernel "python3" \(pid \d+\) died: it exited with code 3/);
    expect(code(error!.notebook)[0].outputs).toEqual([{ output_type: "stream", name: "stdout", text: "alive\n" }]);
    expect(processAlive(pid)).toBe(false);
  });

  it("checks its options and the kernel name", async () => {
    const nb = readNotebook(path.join(PY_FIXTURES, "error.ipynb"));
    await expect(runNotebook(nb, { timeoutSeconds: 0 })).rejects.toThrow(RangeError);
    await expect(runNotebook(nb, { kernelName: "no-such-kernel" })).rejects.toThrow(/no kernelspec named "no-such-kernel"; searched:/);
  });
});

describe("runNotebook cleanup", () => {
  it("shuts the kernel down even when a progress callback throws", async () => {
    let pid = -1;
    const file = path.join(PY_FIXTURES, "error.ipynb");
    await expect(
      runNotebook(readNotebook(file), {
        onProgress: (e) => {
          if (e.kind === "kernel-started") {
            pid = e.pid;
            throw new Error("callback broke");
          }
        },
      }),
    ).rejects.toThrow("callback broke");
    expect(pid).toBeGreaterThan(0);
    expect(processAlive(pid)).toBe(false);
  });
});
