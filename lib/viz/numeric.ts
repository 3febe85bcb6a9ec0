import * as tf from "@tensorflow/tfjs-core";
import { ShapeError, describeValue, formatShape } from "../errors";

/**
 * Numbers in any of the forms builders accept: a tensor, nested arrays, or a flat typed
 * array / number array together with a shape.
 */
export type NumericInput = tf.Tensor | readonly unknown[] | Float32Array | Float64Array | Uint8Array | Int32Array;

/** A flat copy of numbers with their shape (row-major, like a tensor's dataSync()). */
export interface NumericArray {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

function isTypedArray(value: unknown): value is ArrayLike<number> {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/**
 * Reads `value` (tensor, nested arrays, or flat array + `shape`) into a flat Float64Array.
 * Throws a TypeError naming `where` and `argument` for anything that is not numbers, and a
 * ShapeError for ragged arrays or a flat array whose length does not match `shape`.
 *
 * @internal
 */
export function toNumeric(where: string, argument: string, value: unknown, shape?: readonly number[]): NumericArray {
  if (value instanceof tf.Tensor) {
    if (value.isDisposed) throw new TypeError(`${where}: ${argument} is a disposed tensor`);
    if (value.dtype === "string" || value.dtype === "complex64") {
      throw new TypeError(`${where}: ${argument} must be a numeric tensor, got dtype ${value.dtype}`);
    }
    const data = Float64Array.from(value.dataSync() as ArrayLike<number>);
    return withShape(where, argument, data, shape ?? value.shape);
  }
  if (isTypedArray(value)) {
    const data = Float64Array.from(value);
    return withShape(where, argument, data, shape ?? [data.length]);
  }
  if (Array.isArray(value)) {
    const inferred: number[] = [];
    let level: unknown = value;
    while (Array.isArray(level)) {
      inferred.push(level.length);
      level = level[0];
    }
    const size = inferred.reduce((a, b) => a * b, 1);
    const data = new Float64Array(size);
    let k = 0;
    const walk = (node: unknown, depth: number, path: string): void => {
      if (depth === inferred.length) {
        if (typeof node !== "number") {
          throw new TypeError(`${where}: ${argument}${path} must be a number, got ${describe(node)}`);
        }
        data[k++] = node;
        return;
      }
      if (!Array.isArray(node) || node.length !== inferred[depth]) {
        throw new ShapeError(
          where,
          `${argument}${path}`,
          `an array of length ${inferred[depth]} (${argument} looked like shape ${formatShape(inferred)})`,
          Array.isArray(node) ? [node.length] : [],
        );
      }
      for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, `${path}[${i}]`);
    };
    walk(value, 0, "");
    return withShape(where, argument, data, shape ?? inferred);
  }
  throw new TypeError(`${where}: ${argument} must be a tensor or an array of numbers, got ${describe(value)}`);
}

function withShape(where: string, argument: string, data: Float64Array, shape: readonly number[]): NumericArray {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new TypeError(`${where}: shape of ${argument} must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) {
    throw new ShapeError(where, argument, `${size} values for shape ${formatShape(shape)}`, [data.length]);
  }
  return { data, shape: [...shape] };
}

/** A short description of a value for error messages (one describer for the library). @internal */
export const describe: (value: unknown) => string = describeValue;

/** Throws a TypeError unless every value is a finite number (NaN would break a scale). @internal */
export function checkFinite(where: string, argument: string, data: ArrayLike<number>): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(`${where}: ${argument} must hold finite numbers, got ${data[i]} at index ${i}`);
    }
  }
}

/** Throws a RangeError unless value is an integer in [min, max]. @internal */
export function checkInt(where: string, name: string, value: unknown, min: number, max = Infinity): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `in ${min}..${max}`;
    throw new RangeError(`${where}: ${name} must be an integer ${range}, got ${describe(value)}`);
  }
  return value;
}

/** Rounds to `digits` significant digits so figure JSON stays small. @internal */
export function round(value: number, digits = 5): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}
