/**
 * Input checks every layer shares (internal: not re-exported). Messages
 * are built only when a check fails, since these run on every forward and backward.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { ShapeError, formatShape, describeValue } from "../errors";

/** Throws a TypeError unless x is a live float32 tf.Tensor. */
export function checkFloatTensor(where: string, argument: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof tf.Tensor)) {
    throw new TypeError(`${where}: ${argument} must be a tf.Tensor, got ${describeValue(x)}`);
  }
  if (x.isDisposed) {
    throw new Error(`${where}: ${argument} was already disposed`);
  }
  if (x.dtype !== "float32") {
    throw new TypeError(`${where}: ${argument} must be float32, got dtype ${x.dtype} (use tf.cast(x, "float32"))`);
  }
}

/** Throws unless dout is a float32 tensor of the shape forward returned. */
export function checkDout(where: string, dout: unknown, shape: readonly number[]): asserts dout is Tensor {
  checkFloatTensor(where, "dout", dout);
  if (!sameShape(dout.shape, shape)) {
    throw new ShapeError(where, "dout", `the shape forward returned ${formatShape(shape)}`, dout.shape);
  }
}

/** The error for backward called with nothing cached. */
export function noForwardError(where: string): Error {
  return new Error(`${where}: called before forward (there is nothing to differentiate)`);
}

/** True when both shapes have the same dims. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
