import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";

/**
 * A fixed tensor of the given shape with values spread over [-scale, scale), the same on every
 * run (a small linear congruential generator, so graders do not touch the global seed the
 * lesson set). Entries are distinct, so a transposed or shifted result cannot match by chance.
 *
 * @example
 * sampleTensor([2, 3], 1); // the same 2x3 values every time
 */
export function sampleTensor(shape: readonly number[], seed: number, scale = 1): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = (state / 2 ** 32) * 2 * scale - scale;
  }
  return tf.tensor(values, shape.slice(), "float32");
}
