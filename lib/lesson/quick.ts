/**
 * The one scale knob of the lessons: NNLAB_QUICK=1 shrinks data and epochs so every lesson
 * runs in CI in about a minute; without it a lesson reproduces its headline result.
 */
import { platform } from "../platform";

/** True when NNLAB_QUICK=1 (or "true") is set. */
export function isQuick(): boolean {
  const v = platform.env("NNLAB_QUICK")?.trim().toLowerCase();
  return v === "1" || v === "true" || v === "yes";
}

/**
 * Picks the quick-mode value or the full one.
 *
 * @example
 * const epochs = quickOr(1, 20);          // 1 under NNLAB_QUICK=1, else 20
 * const trainLimit = quickOr(2000, undefined);
 */
export function quickOr<T>(quickValue: T, fullValue: T): T {
  return isQuick() ? quickValue : fullValue;
}
