import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors";

/**
 * Softmax along the last axis: `exp(x - max) / sum(exp(x - max))`. Subtracting each row's
 * max first keeps exp from overflowing (scores like 1010 would give Infinity / Infinity);
 * it changes nothing else because softmax is invariant to adding a constant.
 *
 * @example
 * softmax(tf.tensor1d([0.3, 2.9, 4.0])); // [0.0182, 0.2452, 0.7366]
 * softmax(tf.tensor2d([[1010, 1000, 990]])); // [[0.99995, 4.54e-5, 2.06e-9]], no NaN
 */
export function softmax<T extends Tensor>(x: T): T {
  if (x.rank < 1) {
    throw new ShapeError("softmax", "x", "rank >= 1 (softmax is taken along the last axis)", x.shape);
  }
  return tf.tidy(() => {
    const shifted = tf.sub(x, tf.max(x, -1, true));
    const e = tf.exp(shifted);
    return tf.div<T>(e, tf.sum(e, -1, true));
  });
}
