import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import { checkDout, checkFloatTensor, noForwardError } from "./checks";
import type { ForwardOptions, Layer } from "./layer";

/**
 * The tanh layer: `y = tanh(x)`, zero-centred unlike sigmoid; backward from its output:
 * `dx = dout * (1 - y^2)` (local gradient at most 1, at x = 0).
 *
 * @example
 * const tanh = new Tanh();
 * const y = tanh.forward(tf.tensor2d([[0, 1]]));    // [[0, 0.7616]]
 * const dx = tanh.backward(tf.ones([1, 2]));        // [[1, 0.42]]
 */
export class Tanh implements Layer {
  readonly params: Readonly<Record<string, Variable>> = Object.freeze({});
  readonly grads: Readonly<Record<string, Tensor>> = Object.freeze({});
  readonly state: Readonly<Record<string, Variable>> = Object.freeze({});
  /** The last output, kept by the layer (forward returns a separate tensor the caller owns). */
  private y?: Tensor;
  private readonly whereForward: string;
  private readonly whereBackward: string;

  constructor(readonly name = "Tanh") {
    this.whereForward = `Tanh "${name}" forward`;
    this.whereBackward = `Tanh "${name}" backward`;
  }

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkFloatTensor(this.whereForward, "input", x);
    const y = tf.tanh(x);
    this.y?.dispose();
    this.y = tf.keep(y);
    return y.clone();
  }

  backward(dout: Tensor): Tensor {
    const y = this.y;
    if (y === undefined) throw noForwardError(this.whereBackward);
    checkDout(this.whereBackward, dout, y.shape);
    return tf.tidy(() => tf.mul(dout, tf.sub(1, tf.square(y))));
  }

  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }

  dispose(): void {
    this.y?.dispose();
    this.y = undefined;
  }
}
