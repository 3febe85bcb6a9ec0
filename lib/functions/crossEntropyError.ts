import * as tf from "@tensorflow/tfjs-core";
import type { Scalar, Tensor } from "@tensorflow/tfjs-core";
import { asBatch } from "./labels";

/** Added inside the log, as the book does, so a probability of exactly 0 gives a large finite loss, not Infinity. */
export const CROSS_ENTROPY_DELTA = 1e-7;

/**
 * Mean cross-entropy of predicted probabilities y against targets t:
 * `-sum(t * log(y + 1e-7)) / N`.
 *
 * y is `[N, classes]` (rows of probabilities, e.g. softmax output) or `[classes]` for one
 * sample; t is integer labels `[N]` or one-hot `[N, classes]` (for one sample: a label or a
 * one-hot `[classes]`).
 *
 * @example
 * const y = tf.tensor1d([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
 * crossEntropyError(y, tf.scalar(2, "int32")); // 0.5108 (= -log 0.6)
 * crossEntropyError(y, tf.scalar(7, "int32")); // 2.3026 (= -log 0.1)
 */
export function crossEntropyError(y: Tensor, t: Tensor): Scalar {
  const { y2, t2 } = asBatch("crossEntropyError", "y", y, t);
  try {
    return tf.tidy(() => {
      const N = y2.shape[0];
      return tf.div<Scalar>(tf.neg(tf.sum(tf.mul(t2, tf.log(tf.add(y2, CROSS_ENTROPY_DELTA))))), Math.max(N, 1));
    });
  } finally {
    y2.dispose();
    t2.dispose();
  }
}
