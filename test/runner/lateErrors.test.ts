/**
 * `nnlab run` against the real nnlab kernel (dist/, built by `npm run build`): an error that a
 * cell's asynchronous code throws after the cell ended fails the run, naming the cell, or is
 * recorded in the notebook with --allow-errors.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readNotebook, validateNotebook, type CodeCell, type ErrorOutput, type Notebook } from "../../kernel/nbformat";

const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "dist/kernel/cli.js");
let dataDir = "";
let kernelDir = "";
let work = "";

beforeAll(() => {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build before these tests`);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-late-jupyter-"));
  execFileSync(process.execPath, [cli, "kernel", "install"], { env: { ...process.env, JUPYTER_DATA_DIR: dataDir } });
  kernelDir = path.join(dataDir, "kernels", "nnlab");
  work = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-late-"));
});
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

function notebook(...sources: string[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: sources.map((source, i) => ({
      cell_type: "code",
      id: `cell-${i + 1}`,
      source,
      metadata: {},
      outputs: [],
      execution_count: null,
    })),
  };
}

/** Writes the notebook, runs `nnlab run` on it, and returns the exit status, stderr and the notebook written. */
function run(name: string, nb: Notebook, ...flags: string[]): { status: number | null; stderr: string; written: Notebook } {
  const file = path.join(work, name);
  fs.writeFileSync(file, JSON.stringify(nb));
  const r = spawnSync(process.execPath, [cli, "run", "--kernel-dir", kernelDir, ...flags, file], { encoding: "utf8", timeout: 120_000 });
  return { status: r.status, stderr: r.stderr, written: readNotebook(file) };
}

const errors = (cell: CodeCell): ErrorOutput[] => cell.outputs.filter((o): o is ErrorOutput => o.output_type === "error");
const LATE_LAST_CELL = 'const kept = 41;\nsetTimeout(() => { throw new Error("late"); }, 300);\n"scheduled"';

describe("nnlab run and errors that come after their cell ended", () => {
  test("a timer that throws after the last cell fails the run, naming that cell and the error", () => {
    const { status, stderr } = run("late-last.ipynb", notebook("const a = 1;", LATE_LAST_CELL));
    expect(status).toBe(1);
    expect(stderr).toMatch(/cell 2 of 2: its asynchronous code raised Error: late after the last cell ended/);
    expect(stderr).toContain("--- cell 2 (id cell-2) ---");
    expect(stderr).toMatch(/--- traceback ---[\s\S]*late/);
  });

  test("with --allow-errors the late error is recorded in the last cell's outputs and the run passes", () => {
    const { status, stderr, written } = run("late-last-allowed.ipynb", notebook("const a = 1;", LATE_LAST_CELL), "--allow-errors");
    expect({ status, stderr }).toMatchObject({ status: 0 });
    expect(validateNotebook(written)).toEqual([]);
    const cells = written.cells as CodeCell[];
    expect(cells[1].outputs.filter((o) => o.output_type === "execute_result")).toHaveLength(1);
    const late = errors(cells[1]);
    expect(late).toHaveLength(1);
    expect(late[0].evalue).toContain("late");
    expect(late[0].traceback.join("\n")).toContain("late");
    expect(errors(cells[0])).toEqual([]);
  });

  test("a late error that arrives while a later cell runs fails the run at that cell", () => {
    const { status, stderr, written } = run(
      "late-middle.ipynb",
      notebook(
        'setTimeout(() => { throw new Error("late in the middle"); }, 200);',
        "await new Promise((r) => setTimeout(r, 1500));",
        "1 + 1",
      ),
    );
    expect(status).toBe(1);
    expect(stderr).toMatch(/cell 2 of 3: its asynchronous code raised Error: late in the middle while it ran/);
    // The notebook is not written on failure: the third cell never ran.
    expect((written.cells[2] as CodeCell).outputs).toEqual([]);
  });

  test("a notebook without late errors still passes after the wait", () => {
    const { status, stderr } = run("quiet.ipynb", notebook("const b = 2;", "setTimeout(() => console.log('late but fine'), 100); b"));
    expect({ status, stderr: stderr.includes("Error") ? stderr : "" }).toEqual({ status: 0, stderr: "" });
  });
});
