import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import { ShapeError, describeValue } from "../errors";

/**
 * Turns a parameter argument into the tf.Variable a layer trains. A Variable is used as is,
 * so layers (or a net and its layers) can share one weight; a plain Tensor is copied into a
 * new float32 Variable, so the caller may dispose its tensor afterwards.
 *
 * `where` and `argument` name the caller for the error messages; `rank` is the rank the
 * parameter must have.
 *
 * @example
 * const W = toVariable(tf.randomNormal([784, 50]), 'Affine "Affine1" constructor', "W", 2);
 */
export function toVariable(value: Tensor, where: string, argument: string, rank: number): Variable {
  if (!(value instanceof tf.Tensor)) {
    throw new TypeError(`${where}: ${argument} must be a tf.Tensor or tf.Variable, got ${describeValue(value)}`);
  }
  if (value.isDisposed) {
    throw new Error(`${where}: ${argument} was already disposed`);
  }
  if (value.rank !== rank) {
    throw new ShapeError(where, argument, `rank ${rank}`, value.shape);
  }
  if (value instanceof tf.Variable) {
    if (value.dtype !== "float32") {
      throw new TypeError(`${where}: ${argument} must be a float32 Variable, got dtype ${value.dtype}`);
    }
    return value;
  }
  // tf.variable shares the (immutable) data of its initial value and counts a reference of
  // its own, so this is a copy as far as the caller can tell.
  // The tidy frees the float32 copy a cast makes; tidy never tracks variables.
  return tf.tidy(() => tf.variable(value.dtype === "float32" ? value : tf.cast(value, "float32")));
}
