/**
 * Runs one lesson notebook in quick mode through the real nnlab kernel (dist/, installed into
 * a temporary JUPYTER_DATA_DIR), the way `npx nnlab run` does: a lesson whose self-checks fail
 * raises, so this is a test of the lesson. One test file per lesson lets jest run two at once.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { joinMultiline, readNotebook, validateNotebook, type CodeCell, type Notebook, type StreamOutput } from "../../kernel/nbformat";
import { runNotebook } from "../../kernel/runner";

const root = path.resolve(__dirname, "../..");

/** A cell's source as one string (nbformat allows a string or a list of lines). */
export function sourceText(cell: CodeCell): string {
  return joinMultiline(cell.source);
}

/** How many calls of the lessons' check( a piece of source makes (as written, not as run). */
export function countChecks(source: string): number {
  return [...source.matchAll(/(?<![\w.])check\(/g)].length;
}

/** How many "✔ claim" lines (lib/lesson/check.ts's format) a cell's stream outputs hold. */
export function countTicks(cell: CodeCell): number {
  const streams = cell.outputs.filter((o): o is StreamOutput => o.output_type === "stream");
  const text = streams.map((o) => joinMultiline(o.text)).join("");
  return text.split("\n").filter((line) => line.startsWith("✔ ")).length;
}

/** The repository root (notebooks/, dist/). */
export const repoRoot = root;

/**
 * Installs the built nnlab kernel (dist/) into a fresh temporary JUPYTER_DATA_DIR and returns
 * that folder; its kernelspec is in kernels/nnlab. The caller removes it.
 */
export function installKernel(): string {
  const cli = path.join(root, "dist/kernel/cli.js");
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build before these tests`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-lesson-jupyter-"));
  execFileSync(process.execPath, [cli, "kernel", "install"], { env: { ...process.env, JUPYTER_DATA_DIR: dataDir } });
  return dataDir;
}

/**
 * Runs only the cells `cellIds` of a lesson (in the lesson's order) in quick mode, with errors
 * recorded instead of stopping, optionally with a sabotage module from sabotage/ loaded into
 * the kernel (NODE_OPTIONS=--require). Resolves with each code cell's id and the error it
 * raised ("ename: evalue", "" for none). `dataDir` is {@link installKernel}'s folder.
 */
export async function runExcerpt(
  dataDir: string,
  lesson: string,
  cellIds: readonly string[],
  { sabotage, timeoutSeconds }: { sabotage?: string; timeoutSeconds: number },
): Promise<Record<string, string>> {
  const source = path.join(root, "notebooks", lesson);
  const nb = readNotebook(source);
  const cells = nb.cells.filter((c) => cellIds.includes(c.id ?? ""));
  expect(cells.map((c) => c.id)).toEqual(cellIds);
  const excerpt: Notebook = { ...nb, cells };
  const env: Record<string, string> = { NNLAB_QUICK: "1" };
  if (sabotage !== undefined) env.NODE_OPTIONS = `--require ${path.join(__dirname, "sabotage", sabotage)}`;
  const done = await runNotebook(excerpt, {
    source,
    kernelDir: path.join(dataDir, "kernels", "nnlab"),
    env,
    allowErrors: true,
    timeoutSeconds,
  });
  const code = done.cells.filter((c): c is CodeCell => c.cell_type === "code");
  return Object.fromEntries(
    code.map((c) => [c.id ?? "", c.outputs.flatMap((o) => (o.output_type === "error" ? [`${o.ename}: ${o.evalue}`] : [])).join("; ")]),
  );
}

/** Runs a lesson through the whole notebook, every ✔ counted against the check( calls in its source. */
export function describeLessonRun(file: string): void {
  describe(`lesson ${file} (NNLAB_QUICK=1, real kernel)`, () => {
    let dataDir = "";
    beforeAll(() => {
      dataDir = installKernel();
    });
    afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    it("runs top to bottom with every check passing, and the outputs validate as nbformat 4.5", async () => {
      const source = path.join(root, "notebooks", file);
      const done = await runNotebook(readNotebook(source), {
        source,
        kernelDir: path.join(dataDir, "kernels", "nnlab"),
        env: { NNLAB_QUICK: "1" },
        // A guard against a hung cell, not a speed target: lesson 04's quick training (then one epoch
        // on all 60,000 images) took over 600 s once while a full lesson run shared both cores.
        timeoutSeconds: 1500,
      });
      expect(validateNotebook(done)).toEqual([]);
      const code = done.cells.filter((c): c is CodeCell => c.cell_type === "code");
      expect(code.length).toBeGreaterThan(3);
      code.forEach((c, i) => expect({ cell: i + 1, count: c.execution_count }).toEqual({ cell: i + 1, count: i + 1 }));
      const errors = code.flatMap((c) => c.outputs.filter((o) => o.output_type === "error"));
      expect(errors).toEqual([]);
      // Self-checking lessons print "✔ claim" for every claim they verified: every check( call in
      // the source must have printed at least once, so a skipped or swallowed check shows here.
      const checks = code.reduce((n, c) => n + countChecks(sourceText(c)), 0);
      const ticks = code.reduce((n, c) => n + countTicks(c), 0);
      expect(checks).toBeGreaterThan(0);
      expect({ file, ticks: ticks >= checks ? "at least the checks" : ticks, checks }).toEqual({
        file,
        ticks: "at least the checks",
        checks,
      });
    }, 1_800_000);
  });
}
