import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { ShapeError, formatShape, describeValue } from "../errors";
import { noForwardError, sameShape } from "./checks";
import { keepShared } from "./keepShared";

/**
 * The multiply gate of a computational graph, from the book's apple example: `forward(x, y)`
 * returns `x * y`; `backward(dout)` returns `[dout * y, dout * x]` (each input gets the
 * other input times the upstream gradient: the gate "swaps").
 *
 * Works on plain numbers (prices, counts) or on two tensors of equal shape. With tensors,
 * the returned tensors belong to the caller; the layer keeps its own copies of x and y until
 * the next forward or `dispose()`.
 *
 * @example
 * const mulApple = new MulLayer();
 * mulApple.forward(100, 2);           // 200
 * mulApple.backward(1.1);             // [2.2, 110]  (dapple, dappleNum)
 */
export class MulLayer {
  private x?: number | Tensor;
  private y?: number | Tensor;

  constructor(readonly name = "MulLayer") {}

  forward(x: number, y: number): number;
  forward(x: Tensor, y: Tensor): Tensor;
  forward(x: number | Tensor, y: number | Tensor): number | Tensor {
    const where = `MulLayer "${this.name}" forward`;
    if (typeof x === "number" && typeof y === "number") {
      this.replace(x, y);
      return x * y;
    }
    if (x instanceof tf.Tensor && y instanceof tf.Tensor) {
      if (!sameShape(x.shape, y.shape)) {
        throw new ShapeError(where, "y", `the shape of x ${formatShape(x.shape)}`, y.shape);
      }
      this.replace(keepShared(x), keepShared(y));
      return tf.mul(x, y);
    }
    throw new TypeError(`${where}: x and y must both be numbers or both be tensors, got ${describeValue(x)} and ${describeValue(y)}`);
  }

  backward(dout: number): [number, number];
  backward(dout: Tensor): [Tensor, Tensor];
  backward(dout: number | Tensor): [number, number] | [Tensor, Tensor] {
    const where = `MulLayer "${this.name}" backward`;
    const { x, y } = this;
    if (x === undefined || y === undefined) throw noForwardError(where);
    if (typeof x === "number" && typeof y === "number") {
      if (typeof dout !== "number") {
        throw new TypeError(`${where}: dout must be a number, as forward took numbers, got ${describeValue(dout)}`);
      }
      return [dout * y, dout * x];
    }
    const xt = x as Tensor;
    if (!(dout instanceof tf.Tensor)) {
      throw new TypeError(`${where}: dout must be a tensor, as forward took tensors, got ${describeValue(dout)}`);
    }
    if (!sameShape(dout.shape, xt.shape)) {
      throw new ShapeError(where, "dout", `the output shape ${formatShape(xt.shape)}`, dout.shape);
    }
    return [tf.mul(dout, y), tf.mul(dout, xt)];
  }

  /** Frees the kept copies of x and y (tensor mode). */
  dispose(): void {
    this.replace(undefined, undefined);
  }

  private replace(x: number | Tensor | undefined, y: number | Tensor | undefined): void {
    if (this.x instanceof tf.Tensor) this.x.dispose();
    if (this.y instanceof tf.Tensor) this.y.dispose();
    this.x = x;
    this.y = y;
  }
}
