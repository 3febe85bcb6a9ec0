import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { checkShape } from "./argumentChecks";

/**
 * A float32 tensor of zeros, the book's bias initialization, with the same shape checks as
 * the other initializers. The caller owns the tensor.
 *
 * @example
 * const b1 = zeros([50]);
 */
export function zeros(shape: readonly number[]): Tensor {
  checkShape("zeros", shape);
  return tf.zeros([...shape], "float32");
}
