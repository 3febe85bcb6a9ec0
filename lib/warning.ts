import { displayHost } from "./host";

/**
 * Shows a warning the way the library shows its other messages (the Trainer's lines): as a
 * text output through the display host, so a learner sees it in the cell, and a plain Node
 * script on stdout. For what is suspicious but not wrong enough to stop.
 *
 * @example
 * warn("loadParams: net.nnparams holds NaN in Affine1.W");
 * // nnlab warning: loadParams: net.nnparams holds NaN in Affine1.W
 */
export function warn(message: string): void {
  displayHost().display({ "text/plain": `nnlab warning: ${message}` });
}
