import * as tf from "@tensorflow/tfjs-core";
import { ShapeError, formatShape } from "../errors";
import { windowGeometry, type WindowGeometry, type WindowOptions } from "./options";
import { dilateSpatial, padOrCrop } from "./spatial";

/**
 * The inverse bookkeeping of {@link im2col} (the book's col2im): puts every column entry back
 * at the pixel it came from, summing where receptive fields overlap. It is im2col's adjoint,
 * so it turns the gradient of the unrolled matrix into the gradient of the image.
 *
 * @param col - [N*OH*OW, C*FH*FW], rows and columns in im2col's order.
 * @param inputShape - the image's shape [N, C, H, W].
 * @example
 * const col = tf.ones([4, 4]) as tf.Tensor2D; // a 3x3 image seen by four 2x2 windows
 * col2im(col, [1, 1, 3, 3], { filterH: 2, filterW: 2 }).arraySync();
 * // [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]: how many windows cover each pixel
 */
export function col2im(col: tf.Tensor2D, inputShape: readonly number[], opts: WindowOptions): tf.Tensor4D {
  const where = "col2im";
  if (!Array.isArray(inputShape) || inputShape.length !== 4 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new RangeError(`${where}: inputShape must be [N, C, H, W] of positive integers, got ${JSON.stringify(inputShape)}`);
  }
  const [N, C, H, W] = inputShape;
  const g = windowGeometry(where, H, W, opts);
  const { FH, FW, OH, OW } = g;
  if (!(col instanceof tf.Tensor) || col.rank !== 2 || col.shape[0] !== N * OH * OW || col.shape[1] !== C * FH * FW) {
    throw new ShapeError(
      where,
      "col",
      `[N*OH*OW, C*FH*FW] = [${N * OH * OW}, ${C * FH * FW}] for input ${formatShape(inputShape)}`,
      col instanceof tf.Tensor ? col.shape : [],
    );
  }
  return tf.tidy(() => {
    const perTap = tf.transpose(tf.reshape(col, [N, OH, OW, C, FH * FW]), [4, 0, 3, 1, 2]);
    return tapsToImage(
      (k) => tf.reshape<tf.Rank.R4>(tf.slice(perTap, [k, 0, 0, 0, 0], [1, N, C, OH, OW]), [N, C, OH, OW]),
      [N, C, H, W],
      g,
    );
  });
}

/**
 * Sums per-tap gradients back onto the image: tap k = fh*FW + fw gives [N, C, OH, OW] values
 * for the pixels (fh*D + oh*S - P, fw*D + ow*S - P). Shared by col2im and Pooling.
 *
 * @internal
 */
export function tapsToImage(tap: (k: number) => tf.Tensor4D, inputShape: readonly number[], g: WindowGeometry): tf.Tensor4D {
  const [N, C, H, W] = inputShape;
  const { FH, FW, S, P, D, OH, OW } = g;
  const Hp = H + 2 * P;
  const Wp = W + 2 * P;
  const L = (OH - 1) * S + 1;
  const LW = (OW - 1) * S + 1;
  const parts: tf.Tensor4D[] = [];
  for (let fh = 0; fh < FH; fh++) {
    for (let fw = 0; fw < FW; fw++) {
      // The tap (fh, fw) read pixels fh*D + oh*S: spread by the stride, shift by the tap.
      const y0 = fh * D;
      const x0 = fw * D;
      parts.push(padOrCrop(dilateSpatial(tap(fh * FW + fw), S, 2), 2, y0, Hp - y0 - L, x0, Wp - x0 - LW));
    }
  }
  const padded = parts.length === 1 ? parts[0] : tf.addN<tf.Tensor4D>(parts);
  return P > 0 ? tf.slice<tf.Rank.R4, tf.Tensor4D>(padded, [0, 0, P, P], [N, C, H, W]) : padded;
}
