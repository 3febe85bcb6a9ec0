import { displayHost } from "../ground/displaySeam";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of {@link clearOutput}. */
export interface ClearOutputOptions {
  /**
   * Wait to clear until the next output arrives, so a cell that redraws in a loop replaces its
   * output without a blank flicker (Jupyter's clear_output wait flag). Default false.
   */
  wait?: boolean;
}

const CLEAR_OUTPUT_KEYS = optionKeys<ClearOutputOptions>({ wait: true });

/**
 * Clears the running cell's output so far (Jupyter's clear_output). In a plain Node script,
 * where printed text cannot be taken back, it does nothing.
 *
 * @example
 * for (let epoch = 1; epoch <= 3; epoch++) {
 *   clearOutput({ wait: true });
 *   console.log(`epoch ${epoch}`);
 * }
 */
export function clearOutput(options: ClearOutputOptions = {}): void {
  checkOptions("clearOutput", options, CLEAR_OUTPUT_KEYS);
  const wait = options.wait ?? false;
  if (typeof wait !== "boolean") throw new TypeError(`clearOutput: wait must be a boolean, got ${JSON.stringify(wait)}`);
  displayHost().clear?.(wait);
}
