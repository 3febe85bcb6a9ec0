import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { describeValue } from "../errors";

/**
 * The logistic function `1 / (1 + exp(-x))`, elementwise. A plain number gives a plain number
 * (handy for tables of values in a lesson); a tensor gives a new tensor the caller owns.
 * Its derivative is `sigmoid(x) * (1 - sigmoid(x))`, at most 0.25 (at x = 0).
 *
 * @example
 * sigmoid(0); // 0.5
 * sigmoid(tf.tensor1d([-1, 1, 2])); // [0.2689, 0.7311, 0.8808]
 */
export function sigmoid(x: number): number;
export function sigmoid<T extends Tensor>(x: T): T;
export function sigmoid(x: number | Tensor): number | Tensor {
  if (typeof x === "number") {
    // Written per sign so exp never overflows to give Infinity / Infinity.
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }
  if (!(x instanceof tf.Tensor)) {
    throw new TypeError(`sigmoid: x must be a number or a tf.Tensor, got ${describeValue(x)}`);
  }
  return tf.sigmoid(x);
}
