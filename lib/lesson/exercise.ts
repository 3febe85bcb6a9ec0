import { displayHost, type MimeBundle } from "../ground/displaySeam";
import { platform } from "../platform";
import { graderFor, exerciseIds } from "./exerciseRegistry";
import { runGrader, thrownHint, type ExerciseCheck } from "./grader";
import type { ExerciseSolutions } from "./graders";

/** nnlab's own MIME type for an exercise's result, displayed next to text/plain. */
export const EXERCISE_MIME = "application/vnd.nnlab.exercise+json";

/** The structured result of grading one exercise (the data of {@link EXERCISE_MIME}). */
export interface ExerciseResult {
  readonly id: string;
  readonly passed: boolean;
  /** The hint of the first failed check (null when passed). */
  readonly hint: string | null;
  /** Every check that ran, in order; grading stops at the first failed one. */
  readonly checks: readonly ExerciseCheck[];
}

/**
 * Grades a solution without printing: the result `exercise` shows. Never throws for a wrong
 * or throwing solution; an unknown id is a failed result naming the known ids.
 *
 * @example
 * gradeExercise("sigmoid-backward", MySigmoid).passed; // true
 */
export function gradeExercise(id: string, solution: unknown): ExerciseResult {
  const grader = graderFor(id);
  if (grader === undefined) {
    const hint = `no exercise is called ${JSON.stringify(id)}; the exercises are: ${exerciseIds().join(", ")}`;
    return { id, passed: false, hint, checks: [{ name: "exercise id", passed: false, hint }] };
  }
  let checks: ExerciseCheck[];
  try {
    checks = runGrader(grader, solution);
  } catch (e) {
    // runGrader catches the solution's errors; this is a last guard so a lesson always goes on.
    checks = [{ name: "grading", passed: false, hint: thrownHint(e) }];
  }
  const failed = checks.find((c) => !c.passed);
  return { id, passed: failed === undefined && checks.length > 0, hint: failed?.hint ?? null, checks };
}

/** The MIME bundle of a result: nnlab's exercise JSON next to a text/plain list of the checks. */
export function exerciseBundle(result: ExerciseResult): MimeBundle {
  const lines = result.checks.map((c) => `  ${c.passed ? "✔" : "✘"} ${c.name}`);
  const text = `exercise ${result.id}: ${result.passed ? "passed" : "not passed yet"}\n${lines.join("\n")}`;
  return {
    "text/plain": text,
    [EXERCISE_MIME]: { id: result.id, passed: result.passed, hint: result.hint, checks: result.checks.map((c) => ({ ...c })) },
  };
}

/**
 * The grading call an exercise cell ends with: checks the learner's solution against the
 * library, prints `✔ <id>: <what was checked>` or `✘ <id>: <hint naming the mistake>`, and
 * displays the structured result. A wrong or unfinished solution never throws, so Run All
 * reaches the end: the lesson goes on with the library's implementation.
 *
 * @returns true when every check passed.
 * @example
 * class Sigmoid { forward(x) { ... } backward(dout) { ... } }
 * exercise("sigmoid-backward", Sigmoid); // ✔ sigmoid-backward: forward and backward match ...
 */
export function exercise<K extends keyof ExerciseSolutions>(id: K, solution: ExerciseSolutions[K]): boolean;
export function exercise(id: string, solution: unknown): boolean;
export function exercise(id: string, solution: unknown): boolean {
  const result = gradeExercise(id, solution);
  const title = graderFor(id)?.title;
  const line = result.passed ? `✔ ${id}: ${title ?? "passed"}` : `✘ ${id}: ${result.hint ?? "failed"}`;
  platform.writeStdout(line + "\n");
  try {
    displayHost().display(exerciseBundle(result));
  } catch {
    // A display host that fails must not stop the lesson; the printed line already says it all.
  }
  return result.passed;
}
