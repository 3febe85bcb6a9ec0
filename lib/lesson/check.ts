import { platform } from "../platform";

/** A claim a lesson makes turned out false when its cell computed it. */
export class LessonCheckError extends Error {
  override readonly name = "LessonCheckError";
}

/**
 * Makes a lesson self-checking: a cell states a claim, computes it, and fails loudly when it
 * does not hold, so running the notebooks is a test of the lessons.
 *
 * @example
 * check(outH === 14, `the output is 14x14 (got ${outH}x${outW})`);
 */
export function check(condition: boolean, claim: string): void {
  if (!condition) throw new LessonCheckError(`lesson check failed: ${claim}`);
  // Printed so a reader of the exported lesson sees the claim was verified, not only asserted.
  platform.writeStdout(`✔ ${claim}\n`);
}
