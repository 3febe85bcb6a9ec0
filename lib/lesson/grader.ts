import * as tf from "@tensorflow/tfjs-core";

/** One check of an exercise: what was checked, whether it held, and the hint when it did not. */
export interface ExerciseCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly hint?: string;
}

/**
 * What a grader's steps use to record their checks. `check` runs one step; a step returns
 * nothing when the learner's code is right, or a hint (a plain sentence naming the mistake).
 * The first failed step ends the grading: later steps usually build on it.
 */
export interface GradeRun {
  check(name: string, step: () => string | null | undefined | void): void;
}

/** A grader: how one exercise (by id) checks a learner's solution. Define one with {@link defineGrader}. */
export interface Grader<S = unknown> {
  /** The id a lesson passes to `exercise`, e.g. "affine-forward-backward". */
  readonly id: string;
  /** What the exercise asks, in a few words (the ✔ line says it). */
  readonly title: string;
  /** Runs the checks on the learner's solution through `run.check`. */
  grade(solution: S, run: GradeRun): void;
}

/** Thrown by {@link GradeRun.check} to stop grading at the first failed step. @internal */
export class StepFailed extends Error {
  override readonly name = "StepFailed";
}

/** Describes an error the learner's code threw, as a hint. A stub's "not implemented" is named as such. */
export function thrownHint(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (/not implemented/i.test(message)) {
    return `your code is not written yet (${message}): replace the stub between BEGIN SOLUTION and END SOLUTION`;
  }
  if (/matMul/.test(message) && /inner shapes/.test(message)) {
    // tf.matMul's own message gives the shapes; say what they usually mean.
    return `your code threw an error: ${message}. The matrix shapes do not fit: a matrix is probably not transposed where it should be (or transposed where it should not)`;
  }
  return `your code threw an error: ${message}`;
}

/**
 * Runs a grader's steps and collects their checks. Each step runs in tf.tidy, so the tensors
 * the learner's code and the step create are freed.
 */
export function runGrader<S>(grader: Grader<S>, solution: S): ExerciseCheck[] {
  const checks: ExerciseCheck[] = [];
  const run: GradeRun = {
    check(name, step) {
      let hint: string | null | undefined | void;
      try {
        hint = tf.tidy(() => step() ?? undefined);
      } catch (e) {
        hint = thrownHint(e);
      }
      if (typeof hint === "string") {
        checks.push({ name, passed: false, hint });
        throw new StepFailed(hint);
      }
      checks.push({ name, passed: true });
    },
  };
  try {
    grader.grade(solution, run);
  } catch (e) {
    // A throw outside a step (in the grader's own set-up, or the learner's constructor) is one more failed check.
    if (!(e instanceof StepFailed)) checks.push({ name: "set-up", passed: false, hint: thrownHint(e) });
  }
  return checks;
}

/**
 * Defines a grader (typed by the solution it takes). One file per exercise, added to
 * lib/lesson/graders/index.ts.
 *
 * @example
 * export const doubleGrader = defineGrader<(x: number) => number>({
 *   id: "double",
 *   title: "doubles a number",
 *   grade(double, run) {
 *     run.check("double(2) is 4", () => diagnoseNumber("double(2)", double(2), 4));
 *   },
 * });
 */
export function defineGrader<S>(grader: Grader<S>): Grader<S> {
  return grader;
}
