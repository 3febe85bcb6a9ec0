/**
 * Lessons 05 and 06's comparative claims bite: each lesson's cells up to the claim run in the real kernel
 * (NNLAB_QUICK=1) with the effect the claim is about taken away by a sabotage module loaded with
 * NODE_OPTIONS=--require (see sabotage.test.ts for the pattern). Every other cell of the excerpt still
 * passes, and the claim's cell fails with exactly the named check:
 * - lesson 05 with augmentation made the identity (sabotage/identityAugmentation.js): the overfitting gap
 *   does not narrow;
 * - lesson 06 with the copied layers re-initialized (sabotage/reinitializedCopy.js): the fine-tuned net does
 *   not beat the one trained from scratch.
 * The lessons as shipped pass these very checks in lesson05.test.ts and lesson06.test.ts.
 */
import * as fs from "fs";
import { installKernel, runExcerpt } from "./lessonRun";

describe("a sabotaged effect fails lessons 05 and 06's named claims (real kernel, NNLAB_QUICK=1)", () => {
  let dataDir = "";
  beforeAll(() => {
    dataDir = installKernel();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const runSabotaged = (lesson: string, cellIds: readonly string[], sabotage: string) =>
    runExcerpt(dataDir, lesson, cellIds, { sabotage, timeoutSeconds: 900 });

  it("lesson 05 with augmentation made the identity: the gap check fails, and nothing else", async () => {
    const ids = ["setup", "preview", "experiment", "experiment-result"];
    const errors = await runSabotaged("05-data-augmentation.ipynb", ids, "identityAugmentation.js");
    expect({ ...errors, "experiment-result": "" }).toEqual(Object.fromEntries(ids.map((id) => [id, ""])));
    expect(errors["experiment-result"]).toMatch(/^LessonCheckError: lesson check failed: augmentation narrows the overfitting gap/);
  }, 1_200_000);

  it("lesson 06 with the copied layers re-initialized: the fine-tuning check fails, and nothing else", async () => {
    const ids = ["setup", "schema", "solver", "solve", "finetune"];
    const errors = await runSabotaged("06-nets-as-schemas-and-fine-tuning.ipynb", ids, "reinitializedCopy.js");
    expect({ ...errors, finetune: "" }).toEqual(Object.fromEntries(ids.map((id) => [id, ""])));
    expect(errors["finetune"]).toMatch(/^LessonCheckError: lesson check failed: fine-tuning beats training from scratch/);
  }, 1_200_000);
});
