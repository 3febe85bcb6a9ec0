/**
 * Shared diagnosis for graders: compare what the learner's code computed with the expected
 * tensor and, when they differ, name the typical mistake in a plain sentence (wrong shape,
 * transposed, sign, missing division by the batch, the first wrong entry).
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { describeValue, formatShape } from "../errors";

/** Tolerances of a comparison (|got - expected| <= atol + rtol * |expected|, entry by entry). */
export interface Tolerance {
  readonly atol?: number;
  readonly rtol?: number;
}

/** Options of {@link diagnoseTensor}. */
export interface DiagnoseOptions extends Tolerance {
  /** The batch size N, when the value should be a mean over (or a sum over) the batch. */
  readonly batch?: number;
  /** Mistakes specific to this exercise: when the learner's value is close to `value`, the hint is `hint`. */
  readonly mistakes?: readonly { readonly value: Tensor; readonly hint: string }[];
}

const DEFAULT_ATOL = 1e-4;
const DEFAULT_RTOL = 1e-3;

/** True when two float arrays of the same length agree within the tolerance. */
export function allClose(got: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance = {}): boolean {
  return firstMismatch(got, expected, tol) === -1;
}

/** The index of the first entry outside the tolerance, or -1 (a NaN never matches). */
export function firstMismatch(got: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance = {}): number {
  const atol = tol.atol ?? DEFAULT_ATOL;
  const rtol = tol.rtol ?? DEFAULT_RTOL;
  if (got.length !== expected.length) return 0;
  for (let i = 0; i < got.length; i++) {
    if (!(Math.abs(got[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]))) return i;
  }
  return -1;
}

/** A flat index as a multi-index for the shape: 5 in [2, 3] -> [1, 2]. */
export function unravelIndex(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return index;
}

/** A number as a hint shows it: integers as they are, others to 5 significant digits (110.00000000000001 -> 110). */
export function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(5)));
}

function scaled(values: ArrayLike<number>, k: number): Float64Array {
  return Float64Array.from(values, (v) => v * k);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Compares the learner's `got` (named `what`, e.g. "dW") with `expected`. Returns undefined
 * when they agree, else a hint naming the mistake: not a tensor, the shape (expected vs got,
 * with "transposed" or "not summed over the batch" when the shape says so), an exercise's own
 * known mistakes, the sign, a missing (or extra) division by the batch, a transposed matrix,
 * and finally the first wrong entry (index, expected, got).
 *
 * @example
 * diagnoseTensor("dW", learnerDW, expectedDW, { batch: 3 });
 * // "dW has shape [2, 4] but should be [4, 2]: it looks transposed (check the order of the matrix product)"
 */
export function diagnoseTensor(what: string, got: unknown, expected: Tensor, opts: DiagnoseOptions = {}): string | undefined {
  if (got === undefined || got === null) return `${what} is ${String(got)}: it should be a tensor of shape ${formatShape(expected.shape)}`;
  if (!(got instanceof tf.Tensor)) return `${what} should be a tensor of shape ${formatShape(expected.shape)}, got ${describeValue(got)}`;
  const N = opts.batch;
  if (!sameShape(got.shape, expected.shape)) {
    const base = `${what} has shape ${formatShape(got.shape)} but should be ${formatShape(expected.shape)}`;
    if (got.rank === 2 && expected.rank === 2 && got.shape[0] === expected.shape[1] && got.shape[1] === expected.shape[0]) {
      return `${base}: it looks transposed (check the order of the matrix product and which matrix is transposed)`;
    }
    if (N !== undefined && got.rank === expected.rank + 1 && got.shape[0] === N && sameShape(got.shape.slice(1), expected.shape)) {
      return `${base}: it still has the batch axis, sum it over the batch (axis 0)`;
    }
    if (got.size === expected.size) return `${base}: the values are there, but reshape them back to ${formatShape(expected.shape)}`;
    return base;
  }
  const g = got.dataSync();
  const e = expected.dataSync();
  if (allClose(g, e, opts)) return undefined;
  for (const mistake of opts.mistakes ?? []) {
    if (sameShape(mistake.value.shape, expected.shape) && allClose(g, mistake.value.dataSync(), opts)) return `${what}: ${mistake.hint}`;
  }
  const nonZero = Array.prototype.some.call(e, (v: number) => Math.abs(v) > 1e-6);
  if (nonZero && allClose(g, scaled(e, -1), opts)) return `${what} has the wrong sign: every entry is the negative of the expected value`;
  if (N !== undefined && N > 1 && nonZero) {
    if (allClose(g, scaled(e, N), opts)) return `${what} is ${N} times too large: divide by the batch size N = ${N}`;
    if (allClose(g, scaled(e, 1 / N), opts)) return `${what} is ${N} times too small: do not divide by the batch size N = ${N} here`;
  }
  if (expected.rank === 2 && expected.shape[0] === expected.shape[1] && expected.shape[0] > 1) {
    const eT = tf.tidy(() => tf.transpose(expected).dataSync());
    if (allClose(g, eT, opts)) return `${what} is transposed: check the order of the matrix product and which matrix is transposed`;
  }
  const i = firstMismatch(g, e, opts);
  return `${what} is wrong at index [${unravelIndex(i, expected.shape).join(", ")}]: expected ${formatNumber(e[i])}, got ${formatNumber(g[i])}`;
}

/** Compares a number the learner computed with the expected one; undefined when equal within the tolerance. */
export function diagnoseNumber(
  what: string,
  got: unknown,
  expected: number,
  opts: Tolerance & { readonly mistakes?: readonly { readonly value: number; readonly hint: string }[] } = {},
): string | undefined {
  if (got instanceof tf.Tensor && got.size === 1) got = got.dataSync()[0];
  if (typeof got !== "number") return `${what} should be the number ${formatNumber(expected)}, got ${describeValue(got)}`;
  if (allClose([got], [expected], opts)) return undefined;
  for (const mistake of opts.mistakes ?? []) {
    if (allClose([got], [mistake.value], opts)) return `${what}: ${mistake.hint}`;
  }
  if (expected !== 0 && allClose([got], [-expected], opts))
    return `${what} has the wrong sign: expected ${formatNumber(expected)}, got ${formatNumber(got)}`;
  return `${what} is wrong: expected ${formatNumber(expected)}, got ${formatNumber(got)}`;
}
