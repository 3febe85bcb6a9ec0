import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Tensor2D } from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors";

/**
 * Turns the targets t of a batch into a float32 `[N, classes]` tensor the losses can multiply
 * with: integer labels `[N]` (int32, or float holding integers) become one-hot rows; a
 * `[N, classes]` tensor (one-hot, or any distribution per row) is used as given.
 * Labels are read back to check them, because an out-of-range label would otherwise turn
 * silently into an all-zero row and a plausible-looking loss.
 *
 * Internal to nnlab's losses; `where` names the caller for the error messages.
 */
export function targetsToOneHot(where: string, t: Tensor, N: number, classes: number): Tensor2D {
  if (t.rank === 2 && t.shape[0] === N && t.shape[1] === classes) {
    return (t.dtype === "float32" ? t.clone() : tf.cast(t, "float32")) as Tensor2D;
  }
  if (t.rank !== 1 || t.shape[0] !== N) {
    throw new ShapeError(where, "t", `integer labels [${N}] or one-hot [${N}, ${classes}]`, t.shape);
  }
  const labels = t.dataSync();
  const oneHot = new Float32Array(N * classes);
  for (let i = 0; i < N; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`${where}: t must hold integer class labels in [0, ${classes}), got ${label} at index ${i}`);
    }
    oneHot[i * classes + label] = 1;
  }
  return tf.tensor2d(oneHot, [N, classes]);
}

/**
 * Brings a loss function's arguments to batch form: y `[N, C]` (or one sample `[C]`, read as
 * `[1, C]`) and t as one-hot `[N, C]`. For one sample, t may be a scalar label, a label `[1]`
 * or a one-hot `[C]`. The caller owns both returned tensors.
 */
export function asBatch(where: string, argument: string, y: Tensor, t: Tensor): { y2: Tensor2D; t2: Tensor2D } {
  if (y.rank === 1) {
    const C = y.shape[0];
    let tBatch: Tensor;
    if (t.rank === 0) tBatch = tf.reshape(t, [1]);
    else if (t.rank === 1 && t.shape[0] === C && C !== 1) tBatch = tf.reshape(t, [1, C]);
    else if (t.rank === 1 && t.shape[0] === 1) tBatch = t.clone();
    else throw new ShapeError(where, "t", `a label (scalar or [1]) or one-hot [${C}] for one sample y [${C}]`, t.shape);
    try {
      const t2 = targetsToOneHot(where, tBatch, 1, C); // first: it may throw, and y2 would leak
      return { y2: tf.reshape<tf.Rank.R2>(y, [1, C]), t2 };
    } finally {
      tBatch.dispose();
    }
  }
  if (y.rank !== 2) {
    throw new ShapeError(where, argument, "rank 2 [N, classes] (or rank 1 [classes] for one sample)", y.shape);
  }
  const [N, C] = y.shape;
  const t2 = targetsToOneHot(where, t, N, C);
  return { y2: y.clone() as Tensor2D, t2 };
}
