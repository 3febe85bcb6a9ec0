import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { ShapeError, formatShape, describeValue } from "../errors";
import { noForwardError, sameShape } from "./checks";

/**
 * The add gate of a computational graph, from the book's apple example: `forward(x, y)`
 * returns `x + y`; `backward(dout)` returns `[dout, dout]` (an add gate passes the upstream
 * gradient unchanged to every input).
 *
 * Works on plain numbers or on two tensors of equal shape; with tensors, the returned
 * tensors (two separate ones from backward) belong to the caller.
 *
 * @example
 * const addFruit = new AddLayer();
 * addFruit.forward(200, 450);         // 650
 * addFruit.backward(1.1);             // [1.1, 1.1]
 */
export class AddLayer {
  /** What forward took: "number", or the shape of the tensors; undefined before forward. */
  private input?: "number" | readonly number[];

  constructor(readonly name = "AddLayer") {}

  forward(x: number, y: number): number;
  forward(x: Tensor, y: Tensor): Tensor;
  forward(x: number | Tensor, y: number | Tensor): number | Tensor {
    const where = `AddLayer "${this.name}" forward`;
    if (typeof x === "number" && typeof y === "number") {
      this.input = "number";
      return x + y;
    }
    if (x instanceof tf.Tensor && y instanceof tf.Tensor) {
      if (!sameShape(x.shape, y.shape)) {
        throw new ShapeError(where, "y", `the shape of x ${formatShape(x.shape)}`, y.shape);
      }
      this.input = x.shape.slice();
      return tf.add(x, y);
    }
    throw new TypeError(`${where}: x and y must both be numbers or both be tensors, got ${describeValue(x)} and ${describeValue(y)}`);
  }

  backward(dout: number): [number, number];
  backward(dout: Tensor): [Tensor, Tensor];
  backward(dout: number | Tensor): [number, number] | [Tensor, Tensor] {
    const where = `AddLayer "${this.name}" backward`;
    const input = this.input;
    if (input === undefined) throw noForwardError(where);
    if (input === "number") {
      if (typeof dout !== "number") {
        throw new TypeError(`${where}: dout must be a number, as forward took numbers, got ${describeValue(dout)}`);
      }
      return [dout, dout];
    }
    if (!(dout instanceof tf.Tensor)) {
      throw new TypeError(`${where}: dout must be a tensor, as forward took tensors, got ${describeValue(dout)}`);
    }
    if (!sameShape(dout.shape, input)) {
      throw new ShapeError(where, "dout", `the output shape ${formatShape(input)}`, dout.shape);
    }
    return [dout.clone(), dout.clone()];
  }

  /** Nothing is cached; forgets the last forward so backward needs a new one. */
  dispose(): void {
    this.input = undefined;
  }
}
