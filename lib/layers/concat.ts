import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import { ShapeError, formatShape, describeValue } from "../errors";
import { checkDout, checkFloatTensor, noForwardError } from "./checks";
import type { ForwardOptions } from "./layer";
import { checkOptions, optionKeys } from "../options/checkOptions";
import type { MultiInputLayer } from "./multiInputLayer";

/** Options of {@link Concat}. */
export interface ConcatOptions {
  /** The axis to join along (default 1, the channel axis of NCHW, as in Caffe); negative counts from the end. */
  readonly axis?: number;
}

// The option names of ConcatOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const CONCAT_KEYS = optionKeys<ConcatOptions>({ axis: true });

/**
 * Caffe's Concat: joins its bottoms along one axis (the channels by default), as an
 * Inception block joins its branches. Backward cuts dout back into the bottoms' slices: each
 * bottom gets exactly the part of the gradient that its values became.
 *
 * @example
 * const concat = new Concat("Concat1");
 * const y = concat.forward([a, b]);   // a [N, 2, H, W], b [N, 3, H, W] -> y [N, 5, H, W]
 * const [da, db] = concat.backward(dout);
 */
export class Concat implements MultiInputLayer {
  readonly multiInput = true;
  readonly params: Readonly<Record<string, Variable>> = Object.freeze({});
  readonly grads: Readonly<Record<string, Tensor>> = Object.freeze({});
  readonly state: Readonly<Record<string, Variable>> = Object.freeze({});
  /** The axis as given (may be negative). */
  readonly axis: number;
  /** What backward needs: the output's shape and each bottom's extent along the axis. */
  private cache?: { readonly shape: readonly number[]; readonly axis: number; readonly sizes: readonly number[] };

  constructor(
    readonly name = "Concat",
    options: ConcatOptions = {},
  ) {
    checkOptions(`Concat "${name}"`, options, CONCAT_KEYS);
    const { axis = 1 } = options;
    if (!Number.isInteger(axis)) throw new TypeError(`Concat "${name}": axis must be an integer, got ${String(axis)}`);
    this.axis = axis;
  }

  /** The axis for a rank, checked (Caffe's CanonicalAxisIndex). */
  private resolveAxis(where: string, rank: number): number {
    const a = this.axis < 0 ? this.axis + rank : this.axis;
    if (a < 0 || a >= rank) throw new RangeError(`${where}: axis ${this.axis} is out of range for bottoms of rank ${rank}`);
    return a;
  }

  outputShape(inputShapes: readonly (readonly number[])[]): number[] {
    const where = `Concat "${this.name}"`;
    if (!Array.isArray(inputShapes) || inputShapes.length === 0)
      throw new RangeError(`${where}: needs at least one bottom, got ${inputShapes?.length ?? 0}`);
    const first = inputShapes[0];
    const a = this.resolveAxis(where, first.length);
    const out = first.slice();
    for (let i = 1; i < inputShapes.length; i++) {
      const s = inputShapes[i];
      if (s.length !== first.length || s.some((d: number, k: number) => k !== a && d !== first[k])) {
        throw new ShapeError(where, `bottom ${i}`, `the shape of bottom 0 ${formatShape(first)} except along axis ${this.axis}`, s);
      }
      out[a] += s[a];
    }
    return out;
  }

  forward(xs: readonly Tensor[], _opts?: ForwardOptions): Tensor {
    const where = `Concat "${this.name}" forward`;
    if (!Array.isArray(xs)) throw new TypeError(`${where}: expects an array of bottoms, got ${describeValue(xs)}`);
    xs.forEach((x, i) => checkFloatTensor(where, `bottom ${i}`, x));
    const shape = this.outputShape(xs.map((x) => x.shape));
    const axis = this.resolveAxis(where, shape.length);
    this.cache = { shape, axis, sizes: xs.map((x) => x.shape[axis]) };
    return xs.length === 1 ? xs[0].clone() : tf.concat(xs as Tensor[], axis);
  }

  backward(dout: Tensor): Tensor[] {
    const where = `Concat "${this.name}" backward`;
    const c = this.cache;
    if (c === undefined) throw noForwardError(where);
    checkDout(where, dout, c.shape);
    return c.sizes.length === 1 ? [dout.clone()] : tf.split(dout, c.sizes as number[], c.axis);
  }

  /** Forgets the last forward (nothing but shapes is cached). */
  dispose(): void {
    this.cache = undefined;
  }
}
