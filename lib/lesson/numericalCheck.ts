import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { numericalGradient } from "../train/numericalGradient";

/**
 * The numerical gradient of a scalar function of a tensor, for graders: f gets x as a
 * variable and returns a number (e.g. the sum of a layer's output times a fixed dout, whose
 * gradient is what the layer's backward(dout) must return). The variable is freed afterwards.
 * The default step suits float32 values of size ~1.
 *
 * @example
 * const expectedDx = numericalGradientOf((x) => tf.sum(tf.mul(layer.forward(x), dout)).arraySync() as number, x);
 */
export function numericalGradientOf(f: (x: Tensor) => number, x: Tensor, h = 1e-2): Tensor {
  const v = tf.variable(x.toFloat(), false);
  try {
    return numericalGradient(() => tf.tidy(() => f(v)), v, h);
  } finally {
    v.dispose();
  }
}

/** `sum(y * dout)` as a number: the loss whose gradient with respect to y is dout. */
export function dotWith(y: unknown, dout: Tensor): number {
  if (!(y instanceof tf.Tensor)) throw new TypeError(`forward must return a tensor, got ${typeof y}`);
  return tf.tidy(() => tf.sum(tf.mul(y, dout)).dataSync()[0]);
}

/** Tolerance for a float32 numerical gradient. */
export const NUMERIC_TOLERANCE = { atol: 2e-3, rtol: 2e-2 } as const;
