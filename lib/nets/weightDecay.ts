import * as tf from "@tensorflow/tfjs-core";
import type { LossLayer } from "../layers/layer";

/**
 * The L2 weight-decay term 0.5 * lambda * sum(W^2) over the given weights, as a number
 * (0 without decay), the way Sequential and GraphNet add it to their loss.
 *
 * @example
 * weightDecayTerm(0.1, [W1, W2]);
 */
export function weightDecayTerm(lambda: number, weights: readonly tf.Tensor[]): number {
  if (lambda === 0) return 0;
  const sum = tf.tidy(() => tf.addN([tf.scalar(0), ...weights.map((W) => tf.sum(tf.square(W)))]));
  const value = sum.dataSync()[0];
  sum.dispose();
  return 0.5 * lambda * value;
}

/**
 * The loss layer's mean loss of the scores `y` against `t`, plus `decay` when it is not 0.
 * Takes ownership of `y` (freed here); the caller owns the scalar.
 *
 * @example
 * const L = lossWithDecay(this.lossLayer, scores, t, this.weightDecayLoss());
 */
export function lossWithDecay(lossLayer: LossLayer, y: tf.Tensor, t: tf.Tensor, decay: number): tf.Scalar {
  let L: tf.Scalar;
  try {
    L = lossLayer.forward(y, t);
  } finally {
    y.dispose();
  }
  if (decay === 0) return L;
  const total = tf.tidy(() => tf.add<tf.Scalar>(L, decay));
  L.dispose();
  return total;
}
