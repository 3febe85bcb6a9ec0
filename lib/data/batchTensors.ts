import * as tf from "@tensorflow/tfjs-core";
import type { Dataset } from "./dataset";
import { checkDataset } from "./makeDataset";
import { gatherSamples } from "./gatherSamples";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of `batchTensors`. */
export interface BatchOptions {
  /** One-hot float32 labels [n, classes] instead of int32 [n]; defaults to `ds.oneHot`. */
  readonly oneHot?: boolean;
}

// The option names of BatchOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const BATCH_KEYS = optionKeys<BatchOptions>({ oneHot: true });

/**
 * Makes one mini-batch as tensors: x [n, ...sampleShape] float32 and t int32 labels [n] (or
 * one-hot float32 [n, numClasses]). The caller owns both tensors.
 *
 * @example
 * const idx = new Rng(0).permutation(train.length).subarray(0, 100);
 * const { x, t } = batchTensors(train, idx);  // x [100, 1, 28, 28], t [100]
 * tf.dispose([x, t]);
 */
export function batchTensors(ds: Dataset, indices: ArrayLike<number>, options: BatchOptions = {}): { x: tf.Tensor; t: tf.Tensor } {
  const where = "batchTensors";
  checkOptions(where, options, BATCH_KEYS);
  const { oneHot = ds?.oneHot ?? false } = options;
  const size = checkDataset(where, "ds", ds);
  if (indices === null || typeof indices !== "object" || typeof indices.length !== "number") {
    throw new TypeError(`${where}: indices must be an array of sample indices, got ${indices === null ? "null" : typeof indices}`);
  }
  if (typeof oneHot !== "boolean") throw new TypeError(`${where}: oneHot must be a boolean, got ${String(oneHot)}`);
  const n = indices.length;
  const { x, labels } = gatherSamples(where, ds, size, indices);
  const xt = tf.tensor(x, [n, ...ds.sampleShape], "float32");
  if (!oneHot) return { x: xt, t: tf.tensor1d(Int32Array.from(labels), "int32") };
  const hot = new Float32Array(n * ds.numClasses);
  for (let k = 0; k < n; k++) hot[k * ds.numClasses + labels[k]] = 1;
  return { x: xt, t: tf.tensor2d(hot, [n, ds.numClasses], "float32") };
}
