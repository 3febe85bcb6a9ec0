import { platform } from "../platform";

/** A claim a lesson makes turned out false when its cell computed it. */
export class LessonCheckError extends Error {
  override readonly name = "LessonCheckError";
}

/**
 * Makes a lesson self-checking: a cell states a claim, computes it, and fails loudly when it
 * does not hold, so running the notebooks is a test of the lessons.
 *
 * Without a claim, a failure says the condition was false and asks for one.
 *
 * @example
 * check(outH === 14, `the output is 14x14 (got ${outH}x${outW})`);
 */
export function check(condition: boolean, claim?: string): void {
  const stated = typeof claim === "string" && claim !== "";
  if (!condition) {
    throw new LessonCheckError(
      stated
        ? `lesson check failed: ${claim}`
        : `lesson check failed: the condition was ${String(condition)} (give check a second argument saying what should hold, ` +
            `e.g. check(acc > 0.9, "accuracy is above 90%"))`,
    );
  }
  // Printed so a reader of the exported lesson sees the claim was verified, not only asserted.
  platform.writeStdout(stated ? `✔ ${claim}\n` : "✔ check passed\n");
}
