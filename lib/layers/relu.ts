import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import { checkDout, checkFloatTensor, noForwardError } from "./checks";
import type { ForwardOptions } from "./layer";
import type { FusedReluTarget } from "./reluFusion";
import { keepShared } from "./keepShared";

/**
 * ReLU: `y = max(0, x)`. Backward lets the upstream gradient through where x was positive
 * and blocks it elsewhere (x = 0 counts as blocked, as in the book).
 *
 * @example
 * const relu = new Relu("Relu1");
 * const y = relu.forward(tf.tensor2d([[1, -0.5], [-2, 3]]));   // [[1, 0], [0, 3]]
 * const dx = relu.backward(tf.ones([2, 2]));                    // [[1, 0], [0, 1]]
 */
export class Relu implements FusedReluTarget {
  readonly params: Readonly<Record<string, Variable>> = Object.freeze({});
  readonly grads: Readonly<Record<string, Tensor>> = Object.freeze({});
  readonly state: Readonly<Record<string, Variable>> = Object.freeze({});
  /** 1 where x > 0, else 0: all backward needs. */
  private mask?: Tensor;
  /** The last forward's input, until backward turns it into the mask. */
  private input?: Tensor;

  private readonly whereForward: string;
  private readonly whereBackward: string;

  constructor(readonly name = "Relu") {
    this.whereForward = `Relu "${name}" forward`;
    this.whereBackward = `Relu "${name}" backward`;
  }

  forward(x: Tensor, opts?: ForwardOptions): Tensor {
    checkFloatTensor(this.whereForward, "input", x, opts?.layout);
    const y = tf.relu(x);
    // Keeping x (shared, not copied) and making the mask in backward keeps inference to
    // one kernel. step(0) = 0, as in the book.
    this.mask?.dispose();
    this.mask = undefined;
    this.input?.dispose();
    this.input = keepShared(x);
    return y;
  }

  /** ReLU works on any layout: a Sequential may run it on NHWC feature maps. */
  supportsNHWC(_train?: boolean): boolean {
    return true;
  }

  /** Takes y = relu(z) from a fused convolution as this forward's output; y > 0 exactly where z > 0. */
  adoptFusedOutput(y: Tensor): Tensor {
    checkFloatTensor(this.whereForward, "fused output", y);
    this.mask?.dispose();
    this.mask = undefined;
    this.input?.dispose();
    // step(y) = step(z): the mask backward makes from y is the one it would make from z.
    this.input = keepShared(y);
    return y;
  }

  /** 1 where x > 0, else 0. step is one wasm kernel; greater + cast took ~10x longer there. */
  private maskOf(where: string): Tensor {
    if (this.mask === undefined) {
      if (this.input === undefined) throw noForwardError(where);
      this.mask = tf.keep(tf.step(this.input));
      this.input.dispose();
      this.input = undefined;
    }
    return this.mask;
  }

  backward(dout: Tensor): Tensor {
    const where = this.whereBackward;
    const mask = this.maskOf(where);
    checkDout(where, dout, mask.shape);
    return tf.mul(dout, mask);
  }

  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }

  dispose(): void {
    this.mask?.dispose();
    this.mask = undefined;
    this.input?.dispose();
    this.input = undefined;
  }
}
