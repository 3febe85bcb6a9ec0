import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import { checkDout, checkFloatTensor, noForwardError } from "./checks";
import type { ForwardOptions, Layer } from "./layer";

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
export class Sigmoid implements Layer {
  readonly params: Readonly<Record<string, Variable>> = Object.freeze({});
  readonly grads: Readonly<Record<string, Tensor>> = Object.freeze({});
  readonly state: Readonly<Record<string, Variable>> = Object.freeze({});
  /** The last output, kept by the layer (forward returns a separate tensor the caller owns). */
  private y?: Tensor;
  private readonly whereForward: string;
  private readonly whereBackward: string;

  constructor(readonly name = "Sigmoid") {
    this.whereForward = `Sigmoid "${name}" forward`;
    this.whereBackward = `Sigmoid "${name}" backward`;
  }

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkFloatTensor(this.whereForward, "input", x);
    const y = tf.sigmoid(x);
    this.y?.dispose();
    this.y = tf.keep(y);
    return y.clone();
  }

  backward(dout: Tensor): Tensor {
    const y = this.y;
    if (y === undefined) throw noForwardError(this.whereBackward);
    checkDout(this.whereBackward, dout, y.shape);
    return tf.tidy(() => tf.mul(dout, tf.mul(y, tf.sub(1, y))));
  }

  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }

  dispose(): void {
    this.y?.dispose();
    this.y = undefined;
  }
}
