import { displayHost } from "../ground/displaySeam";
import { platform } from "../platform";
import { mimeBundle } from "./mimeBundle";

/**
 * Shows a value as a rich output (a figure as a chart, a tensor as text and image, a net as a
 * table). In a plain Node script it prints the text/plain rendering.
 *
 * @example
 * show(trainingCurves(history));
 */
export function show(value: unknown): void {
  displayHost().display(mimeBundle(value));
}

/** An output that can be replaced in place, returned by {@link display}. */
export interface DisplayHandle {
  /** The Jupyter display_id of the output. */
  readonly displayId: string;
  /** Replaces the output with a rendering of `value` (update_display_data). */
  update(value: unknown): void;
}

/**
 * Shows a value and returns a handle whose `update` replaces that same output in place: a
 * live chart, a progress line.
 *
 * @example
 * const d = display("epoch 0");
 * for (let epoch = 1; epoch <= 3; epoch++) d.update(`epoch ${epoch}`);
 */
export function display(value: unknown, displayId: string = platform.randomUUID()): DisplayHandle {
  if (typeof displayId !== "string" || displayId === "") {
    throw new TypeError(`display: displayId must be a non-empty string, got ${JSON.stringify(displayId)}`);
  }
  displayHost().display(mimeBundle(value), displayId);
  return {
    displayId,
    update(next: unknown): void {
      displayHost().update(mimeBundle(next), displayId);
    },
  };
}
