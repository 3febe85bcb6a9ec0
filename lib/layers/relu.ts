import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import { checkDout, checkFloatTensor, noForwardError } from "./checks";
import type { ForwardOptions, Layer } from "./layer";

/**
 * ReLU: `y = max(0, x)`. Backward lets the upstream gradient through where x was positive
 * and blocks it elsewhere (x = 0 counts as blocked, as in the book).
 *
 * @example
 * const relu = new Relu("Relu1");
 * const y = relu.forward(tf.tensor2d([[1, -0.5], [-2, 3]]));   // [[1, 0], [0, 3]]
 * const dx = relu.backward(tf.ones([2, 2]));                    // [[1, 0], [0, 1]]
 */
export class Relu implements Layer {
  readonly params: Readonly<Record<string, Variable>> = Object.freeze({});
  readonly grads: Readonly<Record<string, Tensor>> = Object.freeze({});
  readonly state: Readonly<Record<string, Variable>> = Object.freeze({});
  /** 1 where x > 0, else 0: all backward needs. */
  private mask?: Tensor;

  private readonly whereForward: string;
  private readonly whereBackward: string;

  constructor(readonly name = "Relu") {
    this.whereForward = `Relu "${name}" forward`;
    this.whereBackward = `Relu "${name}" backward`;
  }

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkFloatTensor(this.whereForward, "input", x);
    // relu and step are single wasm kernels; greater + cast + mul took ~10x longer on wasm
    // (a broadcast comparison and a JS-side bool-to-float copy). step(0) = 0, as in the book.
    const y = tf.relu(x);
    const mask = tf.step(x);
    this.mask?.dispose();
    this.mask = tf.keep(mask);
    return y;
  }

  backward(dout: Tensor): Tensor {
    const where = this.whereBackward;
    const mask = this.mask;
    if (mask === undefined) throw noForwardError(where);
    checkDout(where, dout, mask.shape);
    return tf.mul(dout, mask);
  }

  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }

  dispose(): void {
    this.mask?.dispose();
    this.mask = undefined;
  }
}
