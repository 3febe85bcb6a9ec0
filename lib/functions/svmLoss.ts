import * as tf from "@tensorflow/tfjs-core";
import type { Scalar, Tensor } from "@tensorflow/tfjs-core";
import { asBatch } from "./labels";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of {@link svmLoss}. */
export interface SvmLossOptions {
  /**
   * How far the correct class's score must lead every other score before that class stops
   * adding loss. 1 by convention: scores have no fixed scale, so any positive margin gives
   * the same classifier up to a scaling of the weights.
   */
  readonly margin?: number;
}

const SVM_LOSS_KEYS = optionKeys<SvmLossOptions>({ margin: true });

/**
 * The multiclass SVM (hinge) loss of a linear classifier, averaged over the batch:
 * `L_i = sum_{j != t_i} max(0, s_j - s_{t_i} + margin)`, `L = mean_i L_i`.
 *
 * scores is `[N, classes]` (or `[classes]` for one sample); t is integer labels `[N]` or
 * one-hot `[N, classes]`.
 *
 * @example
 * // CS231n's cat / car / frog example: per-image losses 2.9, 0, 12.9
 * const scores = tf.tensor2d([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]]);
 * svmLoss(scores, tf.tensor1d([0, 1, 2], "int32")); // 5.27
 */
export function svmLoss(scores: Tensor, t: Tensor, options: SvmLossOptions = {}): Scalar {
  checkOptions("svmLoss", options, SVM_LOSS_KEYS);
  const { margin = 1 } = options;
  if (!Number.isFinite(margin) || margin < 0) {
    throw new RangeError(`svmLoss: margin must be a finite number >= 0, got ${margin}`);
  }
  const { y2: s, t2: oneHot } = asBatch("svmLoss", "scores", scores, t);
  try {
    return tf.tidy(() => {
      const N = s.shape[0];
      const correct = tf.sum(tf.mul(s, oneHot), 1, true);
      // The correct class would contribute max(0, margin) to its own sum: mask it out.
      const margins = tf.mul(tf.relu(tf.add(tf.sub(s, correct), margin)), tf.sub(1, oneHot));
      return tf.div<Scalar>(tf.sum(margins), Math.max(N, 1));
    });
  } finally {
    s.dispose();
    oneHot.dispose();
  }
}
