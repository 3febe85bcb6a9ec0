/**
 * Lesson 02's regularization claim bites: its overfitting and search cells run in the real
 * kernel with every MultiLayerNet built without dropout and weight decay
 * (sabotage/noRegularization.js, loaded with NODE_OPTIONS=--require). The "weight decay and
 * dropout both narrow the gap" check must fail, and nothing else. The lesson as shipped is
 * lesson02.test.ts's run.
 */
import * as fs from "fs";
import * as path from "path";
import { readNotebook, type CodeCell, type Notebook } from "../../kernel/nbformat";
import { runNotebook } from "../../kernel/runner";
import { installKernel, repoRoot } from "./lessonRun";

const lesson = path.join(repoRoot, "notebooks", "02-training-tricks.ipynb");
// Setup (MNIST, imports), batch norm (imports Trainer; no regularization in it), overfitting, the search (weight decay).
const cellIds = ["tricks-setup", "tricks-batchnorm", "tricks-overfitting", "tricks-hyperparameter-search"];
const sabotage = path.join(__dirname, "sabotage", "noRegularization.js");

/** Lesson 02 cut down to `cellIds`, in the lesson's order. */
function excerpt(): Notebook {
  const nb = readNotebook(lesson);
  const cells = nb.cells.filter((c) => cellIds.includes(c.id ?? ""));
  expect(cells.map((c) => c.id)).toEqual(cellIds);
  return { ...nb, cells };
}

/** Each code cell's id and the value of the error it raised ("" when it raised none). */
function errorsById(nb: Notebook): Record<string, string> {
  const code = nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
  return Object.fromEntries(
    code.map((c) => [c.id ?? "", c.outputs.flatMap((o) => (o.output_type === "error" ? [`${o.ename}: ${o.evalue}`] : [])).join("; ")]),
  );
}

describe("lesson 02 without dropout and weight decay fails its regularization check (real kernel, NNLAB_QUICK=1)", () => {
  let dataDir = "";
  beforeAll(() => {
    dataDir = installKernel();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("fails the gap-narrowing check, and nothing else", async () => {
    const done = await runNotebook(excerpt(), {
      source: lesson,
      kernelDir: path.join(dataDir, "kernels", "nnlab"),
      env: { NNLAB_QUICK: "1", NODE_OPTIONS: `--require ${sabotage}` },
      allowErrors: true,
      timeoutSeconds: 600,
    });
    const errors = errorsById(done);
    expect(errors["tricks-setup"]).toBe("");
    expect(errors["tricks-batchnorm"]).toBe("");
    expect(errors["tricks-hyperparameter-search"]).toBe("");
    expect(errors["tricks-overfitting"]).toMatch(
      /^LessonCheckError: lesson check failed: weight decay and dropout both narrow the gap between training and test accuracy/,
    );
  }, 900_000);
});
