import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { OutputActivation } from "./outputActivation";

/**
 * The tanh layer: `y = tanh(x)`, zero-centred unlike sigmoid; backward from its output:
 * `dx = dout * (1 - y^2)` (local gradient at most 1, at x = 0).
 *
 * @example
 * const tanh = new Tanh();
 * const y = tanh.forward(tf.tensor2d([[0, 1]]));    // [[0, 0.7616]]
 * const dx = tanh.backward(tf.ones([1, 2]));        // [[1, 0.42]]
 */
export class Tanh extends OutputActivation {
  constructor(name = "Tanh") {
    super("Tanh", name);
  }

  protected activate(x: Tensor): Tensor {
    return tf.tanh(x);
  }

  protected localGradient(y: Tensor): Tensor {
    return tf.sub(1, tf.square(y));
  }
}
