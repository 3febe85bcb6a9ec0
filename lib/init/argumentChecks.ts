import { ShapeError, formatShape, describeValue } from "../errors";
import { Rng } from "../random/rng";
import { defaultRng } from "../random/defaultRng";
import { checkTensorSize } from "./tensorSizeLimit";

/** Checks a shape argument: a non-empty array of positive integers. @internal */
export function checkShape(where: string, shape: unknown): asserts shape is readonly number[] {
  if (!Array.isArray(shape)) {
    throw new TypeError(`${where}: shape must be an array of positive integers, got ${typeof shape}`);
  }
  if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    // ShapeError wants numbers; show whatever arrived verbatim when it is not all numbers.
    if (shape.every((d) => typeof d === "number")) {
      throw new ShapeError(where, "shape", "a non-empty list of positive integers", shape);
    }
    throw new TypeError(`${where}: shape must be a non-empty list of positive integers, got ${formatShape(shape.map(String))}`);
  }
  // Past the limit, TF.js would fail with V8's bare "Invalid typed array length" (or fill the wasm heap).
  checkTensorSize(where, "the weights", "the shape", shape);
}

/** Checks a fan-in: a positive integer. @internal */
export function checkFanIn(where: string, fanIn: unknown): asserts fanIn is number {
  if (typeof fanIn !== "number" || !Number.isInteger(fanIn) || fanIn < 1) {
    throw new RangeError(`${where}: fanIn must be a positive integer (inputs per output unit), got ${String(fanIn)}`);
  }
}

/** The rng argument or the default generator; rejects anything else. @internal */
export function pickRng(where: string, rng: unknown): Rng {
  if (rng === undefined) return defaultRng();
  if (!(rng instanceof Rng)) throw new TypeError(`${where}: rng must be an Rng (new Rng(seed)) or undefined, got ${describeValue(rng)}`);
  return rng;
}
