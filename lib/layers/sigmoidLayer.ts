import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { OutputActivation } from "./outputActivation";

/**
 * The sigmoid layer: `y = 1 / (1 + exp(-x))`, treated as one node of the graph, so its
 * backward needs only its output: `dx = dout * y * (1 - y)`. That local gradient is at most
 * 0.25, which is why deep sigmoid nets stop learning.
 *
 * @example
 * const sig = new Sigmoid();
 * const y = sig.forward(tf.tensor2d([[0, 2]]));     // [[0.5, 0.8808]]
 * const dx = sig.backward(tf.ones([1, 2]));         // [[0.25, 0.105]]
 */
export class Sigmoid extends OutputActivation {
  constructor(name = "Sigmoid") {
    super("Sigmoid", name);
  }

  protected activate(x: Tensor): Tensor {
    return tf.sigmoid(x);
  }

  protected localGradient(y: Tensor): Tensor {
    return tf.mul(y, tf.sub(1, y));
  }
}
