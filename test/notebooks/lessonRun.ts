/**
 * Runs one lesson notebook in quick mode through the real nnlab kernel (dist/, installed into
 * a temporary JUPYTER_DATA_DIR), the way `npx nnlab run` does: a lesson whose self-checks fail
 * raises, so this is a test of the lesson. One test file per lesson lets jest run two at once.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readNotebook, validateNotebook, type CodeCell } from "../../kernel/nbformat";
import { runNotebook } from "../../kernel/runner";

const root = path.resolve(__dirname, "../..");

export function describeLessonRun(file: string): void {
  describe(`lesson ${file} (NNLAB_QUICK=1, real kernel)`, () => {
    let dataDir = "";
    beforeAll(() => {
      const cli = path.join(root, "dist/kernel/cli.js");
      if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build before these tests`);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-lesson-jupyter-"));
      execFileSync(process.execPath, [cli, "kernel", "install"], { env: { ...process.env, JUPYTER_DATA_DIR: dataDir } });
    });
    afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    it("runs top to bottom with every check passing, and the outputs validate as nbformat 4.5", async () => {
      const source = path.join(root, "notebooks", file);
      const done = await runNotebook(readNotebook(source), {
        source,
        kernelDir: path.join(dataDir, "kernels", "nnlab"),
        env: { NNLAB_QUICK: "1" },
        timeoutSeconds: 600,
      });
      expect(validateNotebook(done)).toEqual([]);
      const code = done.cells.filter((c): c is CodeCell => c.cell_type === "code");
      expect(code.length).toBeGreaterThan(3);
      code.forEach((c, i) => expect({ cell: i + 1, count: c.execution_count }).toEqual({ cell: i + 1, count: i + 1 }));
      const errors = code.flatMap((c) => c.outputs.filter((o) => o.output_type === "error"));
      expect(errors).toEqual([]);
      // Self-checking lessons print "✔ claim" for every claim they verified.
      const text = JSON.stringify(code.map((c) => c.outputs));
      expect(text).toContain("✔");
    }, 900_000);
  });
}
