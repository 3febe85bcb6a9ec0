import * as tf from "@tensorflow/tfjs-core";
import type { WindowGeometry } from "./options";

/**
 * Max pooling as plain loops over the tensors' memory: one pass forward (max and where it
 * was), one scatter backward. Pooling is memory-bound, and on wasm the tensor-op versions
 * (window reshapes, argMax, oneHot, MaxPoolGrad) each walk the data several times; these
 * walk it once. Semantics are the book's (im2col + argmax): zero padding takes part in the
 * max, ties go to the first window position in (fh, fw) order, a max that sits in the
 * padding passes no gradient on. A ceil-rounded last window is clipped to the padded input.
 *
 * @internal
 */

interface WasmHeap {
  typedArrayFromHeap(info: { shape: number[]; dtype: string; dataId: object }): Float32Array | Int32Array;
}

/**
 * x's values without a copy where the backend allows it (a view of wasm memory, valid until
 * the next allocation), else a copy. Read-only.
 */
function values(x: tf.Tensor): Float32Array;
function values(x: tf.Tensor<tf.Rank>, int32: true): Int32Array;
function values(x: tf.Tensor, _int32?: true): Float32Array | Int32Array {
  const backend = tf.backend() as unknown as Partial<WasmHeap>;
  if (tf.getBackend() === "wasm" && typeof backend.typedArrayFromHeap === "function") {
    return backend.typedArrayFromHeap({ shape: x.shape, dtype: x.dtype, dataId: x.dataId });
  }
  return x.dataSync() as Float32Array | Int32Array;
}

/** What {@link maxPoolForward} returns: the pooled tensor and, per output, its input position. */
export interface MaxPoolResult {
  /** [N, C, OH, OW]; owned by the caller. */
  readonly y: tf.Tensor4D;
  /** Per output element (NCHW order): the max's offset h*W + w in its H x W plane, or -1 for padding. */
  readonly argmax: Int32Array;
}

/** Max pooling of x [N, C, H, W] (float32) over the windows of g. */
export function maxPoolForward(x: tf.Tensor4D, g: WindowGeometry): MaxPoolResult {
  const [N, C, H, W] = x.shape;
  const { FH, FW, S, P, OH, OW } = g;
  const src = values(x);
  const planes = N * C;
  const out = new Float32Array(planes * OH * OW);
  const argmax = new Int32Array(out.length);
  // With ceil rounding the last windows reach past the input: those take the checked loop.
  if (P === 0 && (OH - 1) * S + FH <= H && (OW - 1) * S + FW <= W) {
    unpaddedMax(src, out, argmax, planes, H, W, g);
    return { y: tf.tensor4d(out, [N, C, OH, OW]), argmax };
  }
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * H * W;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * S - P;
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * S - P;
        let best = -Infinity;
        let at = -2; // -2: nothing seen yet; -1: the padding
        for (let fh = 0; fh < FH; fh++) {
          const h = h0 + fh;
          // Past the padded input (a ceil-rounded last window): clipped, as in Caffe.
          if (h >= H + P) break;
          const inRows = h >= 0 && h < H;
          for (let fw = 0; fw < FW; fw++) {
            const w = w0 + fw;
            if (w >= W + P) break;
            if (inRows && w >= 0 && w < W) {
              const v = src[base + h * W + w];
              // A NaN wins and stays, as argmax over the book's columns would report it.
              if (v > best || (v !== v && best === best) || at === -2) {
                best = v;
                at = h * W + w;
              }
            } else if (0 > best || at === -2) {
              best = 0;
              at = -1;
            }
          }
        }
        out[o] = best;
        argmax[o] = at;
        o++;
      }
    }
  }
  return { y: tf.tensor4d(out, [N, C, OH, OW]), argmax };
}

/** Without padding every window lies inside the image: no bounds checks in the hot loop. */
function unpaddedMax(
  src: Float32Array,
  out: Float32Array,
  argmax: Int32Array,
  planes: number,
  H: number,
  W: number,
  g: WindowGeometry,
): void {
  const { FH, FW, S, OH, OW } = g;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * H * W;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const first = oh * S * W + ow * S;
        let best = src[base + first];
        let at = first;
        for (let fh = 0; fh < FH; fh++) {
          const row = first + fh * W;
          for (let fw = 0; fw < FW; fw++) {
            const v = src[base + row + fw];
            if (v > best || (v !== v && best === best)) {
              best = v;
              at = row + fw;
            }
          }
        }
        out[o] = best;
        argmax[o] = at;
        o++;
      }
    }
  }
}

/**
 * dx [N, C, H, W] of max pooling: each dout element added at its window's max. argmax is
 * {@link MaxPoolResult.argmax}, or the same numbers as an int32 tensor (a layer keeps it as
 * a tensor so its cache counts the same in every mode).
 */
export function maxPoolBackward(dout: tf.Tensor4D, argmaxIn: Int32Array | tf.Tensor, xShape: readonly number[]): tf.Tensor4D {
  const [N, C, H, W] = xShape;
  const [, , OH, OW] = dout.shape;
  const argmax = argmaxIn instanceof Int32Array ? argmaxIn : values(argmaxIn, true);
  const d = values(dout);
  const dx = new Float32Array(N * C * H * W);
  const per = OH * OW;
  const plane = H * W;
  for (let p = 0, o = 0; p < N * C; p++) {
    const base = p * plane;
    for (let k = 0; k < per; k++, o++) {
      const at = argmax[o];
      if (at >= 0) dx[base + at] += d[o];
    }
  }
  return tf.tensor4d(dx, [N, C, H, W]);
}
