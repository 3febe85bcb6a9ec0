import * as tf from "@tensorflow/tfjs-core";
import { warn } from "../warning";
import { backendInfo } from "./backend";

let noticed = false;

/**
 * Warns once when tensors are computed on TF.js's plain "cpu" backend although initBackend()
 * never finished: the script forgot `await initBackend()`, and TF.js fell back to the
 * slowest backend it has, without a word. Called on hot paths (a layer's forward, a fit): after
 * the first call it only reads one flag.
 */
export function noticeSlowBackend(): void {
  if (noticed) return;
  noticed = true;
  const warning = slowBackendWarning(tf.getBackend(), backendInfo() !== undefined);
  if (warning !== undefined) warn(warning);
}

/** The warning for a backend in use, or undefined when there is nothing to say. @internal */
export function slowBackendWarning(tfBackend: string | undefined, initialized: boolean): string | undefined {
  if (initialized || tfBackend !== "cpu") return undefined;
  return (
    `TensorFlow.js is computing on its slow "cpu" backend because initBackend() was not awaited: ` +
    `start the script with "await initBackend();" (nnlab then picks tfjs-node or wasm, many times faster)`
  );
}
