import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import type { Rng } from "../random/rng";
import { checkShape, pickRng } from "./argumentChecks";

/**
 * A float32 tensor of normal samples with mean 0 and a fixed standard deviation, the book's
 * `weight_init_std * np.random.randn(...)`. The numbers come from nnlab's seeded generator on
 * the CPU, so the same seed gives the same weights on any backend. The caller owns the tensor.
 *
 * @example
 * const W1 = normalStd([784, 50], 0.01, new Rng(42));
 */
export function normalStd(shape: readonly number[], std: number, rng?: Rng): Tensor {
  const where = "normalStd";
  checkShape(where, shape);
  if (typeof std !== "number" || !Number.isFinite(std) || std < 0) {
    throw new RangeError(`${where}: std must be a finite number >= 0, got ${String(std)}`);
  }
  const r = pickRng(where, rng);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(r.normalArray(n, 0, std), [...shape], "float32");
}
