/**
 * The lessons' checks bite: lesson 01's cells that check Affine's backward (by hand and by a
 * numerical gradient check) run in the real kernel twice, once as shipped and once with
 * Affine's backward sabotaged by sabotage/affineBackward.js (dx and dW scaled by 1.1, loaded
 * with NODE_OPTIONS=--require). As shipped they pass; sabotaged, exactly the named checks fail.
 * Only the few cells those checks need run, so the test stays cheap.
 */
import * as fs from "fs";
import { installKernel, runExcerpt } from "./lessonRun";

// Setup (imports), the Affine layer's hand check, the cell that loads MNIST, the gradient check.
const cellIds = ["backprop-setup", "backprop-layers-affine", "backprop-vanishing-gradients", "backprop-gradient-check"];

describe("a sabotaged layer fails lesson 01's named checks (real kernel, NNLAB_QUICK=1)", () => {
  let dataDir = "";
  beforeAll(() => {
    dataDir = installKernel();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const run = (sabotage?: string) => runExcerpt(dataDir, "01-backprop.ipynb", cellIds, { sabotage, timeoutSeconds: 300 });

  it("as shipped, the excerpt's checks pass", async () => {
    expect(await run()).toEqual(Object.fromEntries(cellIds.map((id) => [id, ""])));
  }, 600_000);

  it("with Affine's backward scaled by 1.1, the hand check of dW and dx and the gradient check fail, and nothing else", async () => {
    const errors = await run("affineBackward.js");
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
