import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import { ShapeError, formatShape, describeValue } from "../errors";
import { checkDout, checkFloatTensor, noForwardError, sameShape } from "./checks";
import type { ForwardOptions } from "./layer";
import type { MultiInputLayer } from "./multiInputLayer";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { keepShared } from "./keepShared";

/** Caffe's three element-wise operations. */
export type EltwiseOperation = "SUM" | "PROD" | "MAX";

/** Options of {@link Eltwise}. */
export interface EltwiseOptions {
  /** SUM (default, as in Caffe), PROD or MAX. */
  readonly operation?: EltwiseOperation;
  /** SUM only: one factor per bottom, y = sum(coeff[i] * x[i]) (default all 1; [1, -1] subtracts). */
  readonly coeff?: readonly number[];
}

// The option names of EltwiseOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const ELTWISE_KEYS = optionKeys<EltwiseOptions>({ operation: true, coeff: true });

/**
 * Caffe's Eltwise: combines bottoms of equal shape element by element. SUM is the add gate of
 * a residual block (y = x + F(x)): backward hands each bottom dout (times its coefficient).
 * PROD is the multiply gate: each bottom gets dout times the product of the others. MAX routes
 * dout to the bottom that won (the first one on a tie), like max pooling.
 *
 * @example
 * const sum = new Eltwise("Sum1");                         // SUM
 * const y = sum.forward([x, fx]);                          // x + fx
 * const [dx, dfx] = sum.backward(dout);                    // dout, dout
 * new Eltwise("Diff", { operation: "SUM", coeff: [1, -1] }); // x - fx
 */
export class Eltwise implements MultiInputLayer {
  readonly multiInput = true;
  readonly params: Readonly<Record<string, Variable>> = Object.freeze({});
  readonly grads: Readonly<Record<string, Tensor>> = Object.freeze({});
  readonly state: Readonly<Record<string, Variable>> = Object.freeze({});
  readonly operation: EltwiseOperation;
  /** SUM's coefficients; undefined means all 1. */
  readonly coeff?: readonly number[];
  /** What backward needs: the shape, the bottom count, and PROD's bottoms or MAX's winners. */
  private cache?:
    | { readonly op: "SUM"; readonly shape: readonly number[]; readonly count: number }
    | { readonly op: "PROD"; readonly shape: readonly number[]; readonly xs: readonly Tensor[] }
    | { readonly op: "MAX"; readonly shape: readonly number[]; readonly count: number; readonly winner: Tensor };

  constructor(
    readonly name = "Eltwise",
    options: EltwiseOptions = {},
  ) {
    checkOptions(`Eltwise "${name}"`, options, ELTWISE_KEYS);
    const { operation = "SUM", coeff } = options;
    const where = `Eltwise "${name}"`;
    if (operation !== "SUM" && operation !== "PROD" && operation !== "MAX")
      throw new RangeError(`${where}: operation must be "SUM", "PROD" or "MAX", got ${JSON.stringify(operation)}`);
    if (coeff !== undefined) {
      // Caffe refuses coefficients for PROD and MAX too.
      if (operation !== "SUM") throw new RangeError(`${where}: coeff is only for operation "SUM", got operation "${operation}"`);
      if (!Array.isArray(coeff) || coeff.some((c) => typeof c !== "number" || !Number.isFinite(c)))
        throw new TypeError(`${where}: coeff must be an array of finite numbers, got ${JSON.stringify(coeff)}`);
      this.coeff = [...coeff];
    }
    this.operation = operation;
  }

  outputShape(inputShapes: readonly (readonly number[])[]): number[] {
    const where = `Eltwise "${this.name}"`;
    if (!Array.isArray(inputShapes) || inputShapes.length < 2)
      throw new RangeError(`${where}: needs at least 2 bottoms, got ${inputShapes?.length ?? 0}`);
    if (this.coeff !== undefined && this.coeff.length !== inputShapes.length)
      throw new RangeError(`${where}: has ${this.coeff.length} coefficients for ${inputShapes.length} bottoms (one per bottom)`);
    const first = inputShapes[0];
    inputShapes.forEach((s, i) => {
      if (!sameShape(s, first)) throw new ShapeError(where, `bottom ${i}`, `the shape of bottom 0 ${formatShape(first)}`, s);
    });
    return first.slice();
  }

  forward(xs: readonly Tensor[], _opts?: ForwardOptions): Tensor {
    const where = `Eltwise "${this.name}" forward`;
    if (!Array.isArray(xs)) throw new TypeError(`${where}: expects an array of bottoms, got ${describeValue(xs)}`);
    xs.forEach((x, i) => checkFloatTensor(where, `bottom ${i}`, x));
    const shape = this.outputShape(xs.map((x) => x.shape));
    this.dispose();
    const count = xs.length;
    if (this.operation === "SUM") {
      this.cache = { op: "SUM", shape, count };
      const c = this.coeff;
      return tf.tidy(() => tf.addN(xs.map((x, i) => (c === undefined || c[i] === 1 ? x : tf.mul(x, c[i])))));
    }
    if (this.operation === "PROD") {
      this.cache = { op: "PROD", shape, xs: xs.map((x) => keepShared(x)) };
      return tf.tidy(() =>
        xs
          .slice(1)
          .reduce<Tensor>((p, x) => tf.mul(p, x), xs[0])
          .clone(),
      );
    }
    const [y, winner] = tf.tidy(() => {
      let top = xs[0];
      let win: Tensor = tf.zerosLike(xs[0]).toInt();
      for (let i = 1; i < count; i++) {
        // Strictly greater: on a tie the earlier bottom keeps the gradient.
        const greater = tf.greater(xs[i], top);
        top = tf.where(greater, xs[i], top);
        win = tf.where(greater, tf.fill(shape, i, "int32"), win);
      }
      return [top === xs[0] ? top.clone() : top, win];
    });
    this.cache = { op: "MAX", shape, count, winner: tf.keep(winner) };
    return y;
  }

  backward(dout: Tensor): Tensor[] {
    const where = `Eltwise "${this.name}" backward`;
    const c = this.cache;
    if (c === undefined) throw noForwardError(where);
    checkDout(where, dout, c.shape);
    if (c.op === "SUM") {
      const k = this.coeff;
      return Array.from({ length: c.count }, (_, i) => (k === undefined || k[i] === 1 ? dout.clone() : tf.mul(dout, k[i])));
    }
    if (c.op === "PROD") {
      // The product of the others, not y / x[i]: stays right where some x[i] is 0.
      return c.xs.map((_, i) => tf.tidy(() => c.xs.reduce<Tensor>((g, x, j) => (j === i ? g : tf.mul(g, x)), dout).clone()));
    }
    return Array.from({ length: c.count }, (_, i) =>
      tf.tidy(() => tf.where(tf.equal(c.winner, tf.scalar(i, "int32")), dout, tf.zerosLike(dout))),
    );
  }

  /** Frees what forward kept (PROD's bottoms, MAX's winners). */
  dispose(): void {
    const c = this.cache;
    if (c?.op === "PROD") tf.dispose(c.xs as Tensor[]);
    if (c?.op === "MAX") c.winner.dispose();
    this.cache = undefined;
  }
}
