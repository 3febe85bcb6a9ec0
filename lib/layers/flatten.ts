import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors";
import { checkDout, checkFloatTensor, noForwardError } from "./checks";
import type { ForwardOptions, Layer } from "./layer";

/**
 * Flattens every sample to one row: `[N, ...rest] -> [N, prod(rest)]` (NCHW feature maps
 * become C*H*W features, in C, H, W order, as numpy's reshape does in the book). Backward
 * reshapes dout back to the input's shape.
 *
 * @example
 * const flat = new Flatten();
 * flat.forward(tf.zeros([2, 3, 4, 4])).shape;     // [2, 48]
 * flat.backward(tf.zeros([2, 48])).shape;         // [2, 3, 4, 4]
 */
export class Flatten implements Layer {
  readonly params: Readonly<Record<string, Variable>> = Object.freeze({});
  readonly grads: Readonly<Record<string, Tensor>> = Object.freeze({});
  readonly state: Readonly<Record<string, Variable>> = Object.freeze({});
  /** The last input's shape: all backward needs. */
  private xShape?: number[];
  private readonly whereForward: string;
  private readonly whereBackward: string;

  constructor(readonly name = "Flatten") {
    this.whereForward = `Flatten "${name}" forward`;
    this.whereBackward = `Flatten "${name}" backward`;
  }

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkFloatTensor(this.whereForward, "input", x);
    const outShape = this.shapeFor(this.whereForward, x.shape);
    this.xShape = x.shape.slice();
    return tf.reshape(x, outShape);
  }

  backward(dout: Tensor): Tensor {
    const xShape = this.xShape;
    if (xShape === undefined) throw noForwardError(this.whereBackward);
    checkDout(this.whereBackward, dout, [xShape[0], features(xShape)]);
    return tf.reshape(dout, xShape);
  }

  outputShape(inputShape: readonly number[]): number[] {
    return this.shapeFor(`Flatten "${this.name}" outputShape`, inputShape);
  }

  dispose(): void {
    this.xShape = undefined;
  }

  private shapeFor(where: string, shape: readonly number[]): number[] {
    if (shape.length < 2) throw new ShapeError(where, "input", "rank >= 2 [N, ...]", shape);
    return [shape[0], features(shape)];
  }
}

function features(shape: readonly number[]): number {
  let n = 1;
  for (let i = 1; i < shape.length; i++) n *= shape[i];
  return n;
}
