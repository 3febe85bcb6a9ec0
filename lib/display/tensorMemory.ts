import * as tf from "@tensorflow/tfjs-core";
import { toMimeBundle, type MimeBundle } from "../ground/displaySeam";

/** What TensorFlow.js holds right now; displays itself as one line. */
export interface TensorMemoryReport {
  readonly numTensors: number;
  readonly numBytes: number;
  readonly backend: string;
  [toMimeBundle](): MimeBundle;
}

/**
 * How many tensors and bytes TensorFlow.js holds (a cell's last expression shows it).
 * Use it to spot leaks: run a cell twice and compare.
 *
 * @example
 * tensorMemory(); // TensorFlow.js holds 12 tensors, 3.1 MB (backend wasm)
 */
export function tensorMemory(): TensorMemoryReport {
  const m = tf.memory();
  const backend = tf.getBackend() ?? "none";
  const mb = (m.numBytes / 1e6).toFixed(m.numBytes < 1e5 ? 3 : 1);
  const text = `TensorFlow.js holds ${m.numTensors} tensors, ${mb} MB (backend ${backend})`;
  return {
    numTensors: m.numTensors,
    numBytes: m.numBytes,
    backend,
    [toMimeBundle]: () => ({ "text/plain": text }),
  };
}
