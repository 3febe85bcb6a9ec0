import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import { checkDout, checkFloatTensor, noForwardError } from "./checks";
import type { ForwardOptions, Layer } from "./layer";

/**
 * An elementwise activation whose local gradient is a function of its own output (sigmoid:
 * y(1 - y), tanh: 1 - y^2). Such a layer keeps y, not x: the book's point that a sub-expression
 * can be one node of the graph with a cheap backward. Subclasses give the two formulas.
 */
export abstract class OutputActivation implements Layer {
  readonly params: Readonly<Record<string, Variable>> = Object.freeze({});
  readonly grads: Readonly<Record<string, Tensor>> = Object.freeze({});
  readonly state: Readonly<Record<string, Variable>> = Object.freeze({});
  /** The last output, kept by the layer (forward returns a separate tensor the caller owns). */
  private y?: Tensor;
  private readonly whereForward: string;
  private readonly whereBackward: string;

  protected constructor(
    kind: string,
    readonly name: string,
  ) {
    this.whereForward = `${kind} "${name}" forward`;
    this.whereBackward = `${kind} "${name}" backward`;
  }

  /** y = f(x). */
  protected abstract activate(x: Tensor): Tensor;
  /** dy/dx written in terms of y alone. */
  protected abstract localGradient(y: Tensor): Tensor;

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkFloatTensor(this.whereForward, "input", x);
    const y = this.activate(x);
    this.y?.dispose();
    this.y = tf.keep(y);
    return y.clone();
  }

  backward(dout: Tensor): Tensor {
    const y = this.y;
    if (y === undefined) throw noForwardError(this.whereBackward);
    checkDout(this.whereBackward, dout, y.shape);
    return tf.tidy(() => tf.mul(dout, this.localGradient(y)));
  }

  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }

  dispose(): void {
    this.y?.dispose();
    this.y = undefined;
  }
}
