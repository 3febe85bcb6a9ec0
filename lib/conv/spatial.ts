import * as tf from "@tensorflow/tfjs-core";

/**
 * Spatial helpers for 4-D tensors whose height and width sit on two adjacent axes
 * (`[N, C, H, W]` -> axis 2, `[N, H, W, C]` -> axis 1).
 *
 * @internal
 */

/**
 * Inserts `S - 1` zeros (`SW - 1` along the width) between neighbouring pixels along both spatial axes:
 * [.., OH, OW, ..] -> [.., (OH-1)*S+1, (OW-1)*S+1, ..]. A stride-S convolution's gradient
 * spreads over the input this way.
 */
export function dilateSpatial(t: tf.Tensor4D, S: number, axis: number, SW = S): tf.Tensor4D {
  if (S === 1 && SW === 1) return t;
  const shape = t.shape;
  const OH = shape[axis];
  const OW = shape[axis + 1];
  const pre = shape.slice(0, axis);
  const rest = shape.slice(axis + 2);
  const spread = tf.reshape(t, [...pre, OH, 1, OW, 1, ...rest]);
  const padding: Array<[number, number]> = spread.shape.map(() => [0, 0] as [number, number]);
  padding[axis + 1] = [0, S - 1];
  padding[axis + 3] = [0, SW - 1];
  const out = tf.reshape(tf.pad(spread, padding), [...pre, OH * S, OW * SW, ...rest]) as unknown as tf.Tensor4D;
  return padOrCrop(out, axis, 0, 1 - S, 0, 1 - SW);
}

/**
 * Pads (positive amounts) or crops (negative amounts) the two spatial axes on each side.
 */
export function padOrCrop(t: tf.Tensor4D, axis: number, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  let out = t;
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const begin = [0, 0, 0, 0];
    const size = [...out.shape];
    begin[axis] = Math.max(0, -top);
    begin[axis + 1] = Math.max(0, -left);
    size[axis] -= begin[axis] + Math.max(0, -bottom);
    size[axis + 1] -= begin[axis + 1] + Math.max(0, -right);
    out = tf.slice(out, begin, size);
  }
  if (top > 0 || bottom > 0 || left > 0 || right > 0) {
    const padding: Array<[number, number]> = [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    padding[axis] = [Math.max(0, top), Math.max(0, bottom)];
    padding[axis + 1] = [Math.max(0, left), Math.max(0, right)];
    out = tf.pad(out, padding);
  }
  return out;
}
