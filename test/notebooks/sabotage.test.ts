/**
 * The lessons' checks bite: lesson 01's cells that check Affine's backward (by hand and by a
 * numerical gradient check) run in the real kernel twice, once as shipped and once with
 * Affine's backward sabotaged by sabotage/affineBackward.js (dx and dW scaled by 1.1, loaded
 * with NODE_OPTIONS=--require). As shipped they pass; sabotaged, exactly the named checks fail.
 * Only the few cells those checks need run, so the test stays cheap.
 */
import * as fs from "fs";
import * as path from "path";
import { readNotebook, type CodeCell, type Notebook } from "../../kernel/nbformat";
import { runNotebook } from "../../kernel/runner";
import { installKernel, repoRoot } from "./lessonRun";

const lesson = path.join(repoRoot, "notebooks", "01-backprop.ipynb");
// Setup (imports), the Affine layer's hand check, the cell that loads MNIST, the gradient check.
const cellIds = ["backprop-setup", "backprop-layers-affine", "backprop-vanishing-gradients", "backprop-gradient-check"];
const sabotage = path.join(__dirname, "sabotage", "affineBackward.js");

/** Lesson 01 cut down to `cellIds`, in the lesson's order. */
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

describe("a sabotaged layer fails lesson 01's named checks (real kernel, NNLAB_QUICK=1)", () => {
  let dataDir = "";
  beforeAll(() => {
    dataDir = installKernel();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const run = (env: Record<string, string>) =>
    runNotebook(excerpt(), {
      source: lesson,
      kernelDir: path.join(dataDir, "kernels", "nnlab"),
      env: { NNLAB_QUICK: "1", ...env },
      allowErrors: true,
      timeoutSeconds: 300,
    });

  it("as shipped, the excerpt's checks pass", async () => {
    expect(errorsById(await run({}))).toEqual(Object.fromEntries(cellIds.map((id) => [id, ""])));
  }, 600_000);

  it("with Affine's backward scaled by 1.1, the hand check of dW and dx and the gradient check fail, and nothing else", async () => {
    const errors = errorsById(await run({ NODE_OPTIONS: `--require ${sabotage}` }));
    expect(errors["backprop-setup"]).toBe("");
    // This cell's nets use Affine too, but its claims compare gradient norms across layers (factors of 10 and more),
    // which 1.1 per layer does not turn around: a sabotage is caught by the checks that test the layer itself.
    expect(errors["backprop-vanishing-gradients"]).toBe("");
    expect(errors["backprop-layers-affine"]).toMatch(/^LessonCheckError: lesson check failed: Affine: dW = xᵀ · dout/);
    expect(errors["backprop-gradient-check"]).toMatch(
      /^LessonCheckError: lesson check failed: the two-layer net's backward agrees with the numerical gradient/,
    );
  }, 600_000);
});
