import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Tensor2D } from "@tensorflow/tfjs-core";
import { ShapeError, formatShape } from "../errors";

/** How far a target row's sum may be from 1 (float32 rounding of a computed distribution). */
const ROW_SUM_TOLERANCE = 1e-3;

/**
 * Turns the targets t of a batch into a float32 `[N, classes]` tensor the losses can multiply
 * with: integer labels `[N]` (int32, or float holding integers) become one-hot rows; a
 * `[N, classes]` tensor (one-hot, or any distribution per row) is used as given.
 * Both are read back to check them, because an out-of-range label would otherwise turn
 * silently into an all-zero row, and a row that is no distribution ([0.5, 0.5, 0.5]) into a
 * plausible-looking loss.
 *
 * Internal to nnlab's losses; `where` names the caller for the error messages.
 */
export function targetsToOneHot(where: string, t: Tensor, N: number, classes: number): Tensor2D {
  // The callers refuse an empty x first; this keeps an empty batch from becoming a loss of -0.
  if (N === 0) throw new ShapeError(where, "t", "the targets of at least one sample (N >= 1)", t.shape);
  if (t.rank === 2 && t.shape[0] === N && t.shape[1] === classes) {
    checkDistributionRows(where, t.dataSync(), N, classes);
    return (t.dtype === "float32" ? t.clone() : tf.cast(t, "float32")) as Tensor2D;
  }
  if (t.rank === 2 && t.shape[0] === N) {
    throw new ShapeError(where, "t", `one-hot [${N}, ${classes}] (x scores ${classes} classes, t has ${t.shape[1]})`, t.shape);
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

/** Throws unless every row of t `[N, classes]` is a distribution: entries in [0, 1] summing to 1. */
function checkDistributionRows(where: string, values: ArrayLike<number>, N: number, classes: number): void {
  for (let i = 0; i < N; i++) {
    let sum = 0;
    let inRange = true;
    for (let j = i * classes; j < (i + 1) * classes; j++) {
      const v = values[j];
      sum += v;
      if (!(v >= 0 && v <= 1)) inRange = false;
    }
    if (inRange && Math.abs(sum - 1) <= ROW_SUM_TOLERANCE) continue;
    const row = Array.from({ length: Math.min(classes, 10) }, (_, j) => Number(values[i * classes + j].toPrecision(4)));
    const shown = formatShape(row).slice(0, -1) + (classes > 10 ? ", ...]" : "]");
    throw new RangeError(
      `${where}: t [${N}, ${classes}] must hold one-hot rows (or probabilities in [0, 1] summing to 1), ` +
        `got row ${i} = ${shown} (sum ${Number(sum.toPrecision(4))})`,
    );
  }
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
  if (N === 0) throw new ShapeError(where, argument, "a batch of at least one sample (N >= 1)", y.shape);
  const t2 = targetsToOneHot(where, t, N, C);
  return { y2: y.clone() as Tensor2D, t2 };
}
