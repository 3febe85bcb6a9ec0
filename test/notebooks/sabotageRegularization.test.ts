/**
 * Lesson 02's regularization claim bites: its overfitting and search cells run in the real
 * kernel with every MultiLayerNet built without dropout and weight decay
 * (sabotage/noRegularization.js, loaded with NODE_OPTIONS=--require). The "weight decay and
 * dropout both narrow the gap" check must fail, and nothing else. The lesson as shipped is
 * lesson02.test.ts's run.
 */
import * as fs from "fs";
import { installKernel, runExcerpt } from "./lessonRun";

// Setup (MNIST, imports), batch norm (imports Trainer; no regularization in it), overfitting, the search (weight decay).
const cellIds = ["tricks-setup", "tricks-batchnorm", "tricks-overfitting", "tricks-hyperparameter-search"];

describe("lesson 02 without dropout and weight decay fails its regularization check (real kernel, NNLAB_QUICK=1)", () => {
  let dataDir = "";
  beforeAll(() => {
    dataDir = installKernel();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("fails the gap-narrowing check, and nothing else", async () => {
    const errors = await runExcerpt(dataDir, "02-training-tricks.ipynb", cellIds, { sabotage: "noRegularization.js", timeoutSeconds: 600 });
    expect(errors["tricks-setup"]).toBe("");
    expect(errors["tricks-batchnorm"]).toBe("");
    expect(errors["tricks-hyperparameter-search"]).toBe("");
    expect(errors["tricks-overfitting"]).toMatch(
      /^LessonCheckError: lesson check failed: weight decay and dropout both narrow the gap between training and test accuracy/,
    );
  }, 900_000);
});
