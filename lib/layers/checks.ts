/**
 * Input checks every layer shares (internal: not re-exported). Messages
 * are built only when a check fails, since these run on every forward and backward.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { ShapeError, formatShape, describeValue } from "../errors";
import type { Layout } from "./layer";

/**
 * Throws unless x is a live float32 tf.Tensor holding at least one sample (x is NHWC when
 * layout says so; messages show shapes as NCHW): a TypeError for
 * what is not a float32 tensor, a ShapeError for an empty batch (N = 0), on which TF.js's
 * kernels return uninitialized memory or trap in wasm ("divide by zero").
 */
export function checkFloatTensor(where: string, argument: string, x: unknown, layout?: Layout): asserts x is Tensor {
  if (!(x instanceof tf.Tensor)) {
    throw new TypeError(`${where}: ${argument} must be a tf.Tensor, got ${describeValue(x)}`);
  }
  if (x.isDisposed) {
    throw new Error(`${where}: ${argument} was already disposed`);
  }
  if (x.dtype !== "float32") {
    throw new TypeError(`${where}: ${argument} must be float32, got dtype ${x.dtype} (use tf.cast(x, "float32"))`);
  }
  checkNotEmpty(where, argument, x, layout);
}

/**
 * Throws a ShapeError when a batch has no samples (its first dimension is 0). Exported so a
 * net can refuse an empty batch before any layer runs.
 *
 * @example
 * checkNotEmpty("MultiLayerNet.predict", "x", x);
 * // MultiLayerNet.predict: x must be a batch of at least one sample (N >= 1), got shape [0, 784]
 */
export function checkNotEmpty(where: string, argument: string, x: Tensor, layout?: Layout): void {
  if (x.rank === 0 || x.shape[0] !== 0) return;
  // Inside a Sequential, x may be NHWC; the message shows the NCHW shape the caller gave.
  const s = x.shape;
  const shown = layout === "NHWC" && s.length === 4 ? [s[0], s[3], s[1], s[2]] : s;
  throw new ShapeError(where, argument, "a batch of at least one sample (N >= 1)", shown);
}

/**
 * Throws when a layer's param or state variable was disposed (its net was disposed), instead
 * of TF.js's "Cannot read properties of undefined (reading 'backend')" from inside an op.
 */
export function checkAlive(where: string, variables: Readonly<Record<string, Tensor>>): void {
  for (const key in variables) {
    if (variables[key].isDisposed) {
      throw new Error(`${where}: ${key} was disposed (the net was disposed); build a new net or layer, then load its params`);
    }
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
