import type { Grader } from "./grader";
import { builtInGraders } from "./graders";

const graders = new Map<string, Grader<never>>();
for (const grader of builtInGraders) registerGrader(grader);

/**
 * Adds a grader, so `exercise(grader.id, ...)` finds it. The built-in graders are listed in
 * lib/lesson/graders/index.ts; a course may register its own.
 *
 * @example
 * registerGrader(defineGrader<(x: number) => number>({ id: "double", title: "doubles a number", grade: ... }));
 */
export function registerGrader<S>(grader: Grader<S>): void {
  if (typeof grader?.id !== "string" || grader.id === "" || typeof grader.grade !== "function") {
    throw new TypeError(`registerGrader: a grader needs a non-empty string id and a grade function, got ${JSON.stringify(grader?.id)}`);
  }
  if (graders.has(grader.id)) throw new RangeError(`registerGrader: an exercise "${grader.id}" is already registered`);
  graders.set(grader.id, grader);
}

/** The grader of an exercise id, or undefined. */
export function graderFor(id: string): Grader<unknown> | undefined {
  return graders.get(id);
}

/** The ids of every registered exercise, in registration order. */
export function exerciseIds(): string[] {
  return [...graders.keys()];
}
