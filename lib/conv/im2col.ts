import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors";
import { windowGeometry, type WindowGeometry, type WindowOptions } from "./options";
import { padOrCrop } from "./spatial";

/**
 * Unrolls every receptive field of an NCHW batch into one row, so that a convolution becomes
 * one matrix product (the book's `common/util.py` im2col, built from tensor ops).
 *
 * The result has `N*OH*OW` rows (batch-major, then output row, then output column) and
 * `C*FH*FW` columns (channel-major, then filter row, then filter column), the book's order.
 *
 * @example
 * const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
 * im2col(x, { filterH: 2, filterW: 2 }).arraySync();
 * // [[1, 2, 4, 5], [2, 3, 5, 6], [4, 5, 7, 8], [5, 6, 8, 9]]
 */
export function im2col(x: tf.Tensor4D, opts: WindowOptions): tf.Tensor2D {
  if (!(x instanceof tf.Tensor) || x.rank !== 4) {
    throw new ShapeError("im2col", "x", "rank 4 [N, C, H, W]", x instanceof tf.Tensor ? x.shape : []);
  }
  const [N, C, H, W] = x.shape;
  const g = windowGeometry("im2col", H, W, opts);
  return tf.tidy(() => {
    const taps = windowTaps(x, tapSpec(g), 2, 2);
    // taps: [N, C, FH*FW, OH, OW] -> rows (n, oh, ow), columns (c, fh, fw).
    return tf.reshape<tf.Rank.R2>(tf.transpose(taps, [0, 3, 4, 1, 2]), [N * g.OH * g.OW, C * g.FH * g.FW]);
  });
}

/**
 * Where the taps of a filter land on an input: filter size, per-axis stride and dilation,
 * padding per side, and the output size they produce.
 *
 * @internal
 */
export interface TapSpec {
  readonly FH: number;
  readonly FW: number;
  readonly sh: number;
  readonly sw: number;
  readonly dh: number;
  readonly dw: number;
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
  readonly OH: number;
  readonly OW: number;
}

/** The {@link TapSpec} of square window options. @internal */
export function tapSpec(g: WindowGeometry): TapSpec {
  const { FH, FW, S, P, D, OH, OW } = g;
  return { FH, FW, sh: S, sw: S, dh: D, dw: D, top: P, bottom: P, left: P, right: P, OH, OW };
}

/**
 * The FH*FW strided views of the padded input that each filter tap sees, stacked on `axis`,
 * tap-major (fh, then fw). Height and width sit on axes `spatial` and `spatial + 1`: for
 * NCHW input (spatial 2) and axis 2 the result is [N, C, FH*FW, OH, OW]; for NHWC input
 * (spatial 1) and axis 3 it is [N, OH, OW, FH*FW, C].
 *
 * @internal
 */
export function windowTaps(x: tf.Tensor4D, t: TapSpec, axis: number, spatial: number): tf.Tensor {
  const ah = spatial;
  const aw = spatial + 1;
  // With ceil rounding the last window reaches past the padded input: zeros stand in for
  // the clipped part (Pooling keeps such windows from counting them).
  const reachH = (t.FH - 1) * t.dh + t.sh * (t.OH - 1) + 1;
  const reachW = (t.FW - 1) * t.dw + t.sw * (t.OW - 1) + 1;
  const extraH = Math.max(0, reachH - (x.shape[ah] + t.top + t.bottom));
  const extraW = Math.max(0, reachW - (x.shape[aw] + t.left + t.right));
  const xp = padOrCrop(x, spatial, t.top, t.bottom + extraH, t.left, t.right + extraW);
  const views: tf.Tensor[] = [];
  for (let fh = 0; fh < t.FH; fh++) {
    for (let fw = 0; fw < t.FW; fw++) {
      const begin = [0, 0, 0, 0];
      begin[ah] = fh * t.dh;
      begin[aw] = fw * t.dw;
      if (t.sh === 1 && t.sw === 1) {
        const size = [...xp.shape];
        size[ah] = t.OH;
        size[aw] = t.OW;
        views.push(tf.slice(xp, begin, size));
      } else {
        const end = [...xp.shape];
        end[ah] = begin[ah] + t.sh * (t.OH - 1) + 1;
        end[aw] = begin[aw] + t.sw * (t.OW - 1) + 1;
        const strides = [1, 1, 1, 1];
        strides[ah] = t.sh;
        strides[aw] = t.sw;
        views.push(tf.stridedSlice(xp, begin, end, strides));
      }
    }
  }
  return tf.stack(views, axis);
}
