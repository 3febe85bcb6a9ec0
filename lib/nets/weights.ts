import type { Tensor } from "@tensorflow/tfjs-core";
import { he, normalStd, xavier } from "../init";
import { Rng } from "../random";
import { describeValue } from "../errors";

/**
 * How a net's weights are drawn: "relu"/"he" scale by sqrt(2 / fanIn), "sigmoid"/"xavier" by
 * sqrt(1 / fanIn) (the book's names and formulas), a number is a fixed standard deviation.
 */
export type WeightInitKind = "relu" | "he" | "sigmoid" | "xavier" | number;

/** A seeded generator for a net's weights, or undefined (TF.js's own randomness). @internal */
export function netRng(seed: number | undefined): Rng | undefined {
  return seed === undefined ? undefined : new Rng(seed);
}

/** Checks a WeightInitKind argument. @internal */
export function checkWeightInit(where: string, kind: unknown): asserts kind is WeightInitKind {
  const ok =
    kind === "relu" ||
    kind === "he" ||
    kind === "sigmoid" ||
    kind === "xavier" ||
    (typeof kind === "number" && Number.isFinite(kind) && kind > 0);
  if (!ok) {
    throw new RangeError(
      `${where}: weightInit must be "relu", "he", "sigmoid", "xavier" or a positive standard deviation, got ${JSON.stringify(kind)}`,
    );
  }
}

/** Draws one weight tensor (the caller owns it). @internal */
export function drawWeight(kind: WeightInitKind, shape: number[], fanIn: number, rng: Rng | undefined): Tensor {
  if (kind === "relu" || kind === "he") return he(shape, fanIn, rng);
  if (kind === "sigmoid" || kind === "xavier") return xavier(shape, fanIn, rng);
  return normalStd(shape, kind, rng);
}

/** A seed for the i-th dropout layer of a seeded net, so every mask stream differs. @internal */
export function dropoutSeed(seed: number | undefined, i: number): number | undefined {
  return seed === undefined ? undefined : (seed * 7919 + 104729 * i) % 2147483647;
}

/** Checks an optional integer seed. @internal */
export function checkSeed(where: string, seed: unknown): void {
  if (seed !== undefined && !Number.isInteger(seed)) throw new TypeError(`${where}: seed must be an integer, got ${describeValue(seed)}`);
}

/** Checks a positive integer size argument. @internal */
export function checkSize(where: string, argument: string, value: unknown): void {
  if (!Number.isInteger(value) || (value as number) < 1)
    throw new RangeError(`${where}: ${argument} must be a positive integer, got ${String(value)}`);
}
