import * as tf from "@tensorflow/tfjs-core";
import { windowTaps, type TapSpec } from "./im2col";
import { dilateSpatial, padOrCrop } from "./spatial";

/**
 * Convolution and its two gradients in TF.js's layout (x NHWC, filter HWIO [FH, FW, C, FN]),
 * built only from ops the wasm backend runs fast: XNNPACK conv2d, matMul, slice, pad,
 * transpose. The wasm backend lacks Conv2DBackpropFilter and runs Conv2DBackpropInput as a
 * plain loop; these replace both (see wasmKernels.ts) and serve the Convolution layer.
 *
 * Every function expects to run inside a tf.tidy (it leaves its intermediates to it).
 *
 * @internal
 */

/** How the filter gradient is computed; "conv" measured fastest on wasm for every DeepConvNet shape. */
export type FilterGradMethod = "conv" | "matmul";

function stridedAndDilated(sh: number, sw: number, dh: number, dw: number): boolean {
  // tf.conv2d refuses stride > 1 together with dilation > 1.
  return (sh > 1 || sw > 1) && (dh > 1 || dw > 1);
}

function explicitPad(
  top: number,
  bottom: number,
  left: number,
  right: number,
): [[number, number], [number, number], [number, number], [number, number]] {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

/** Unrolls x's receptive fields into rows (n, oh, ow) and columns (fh, fw, c), NHWC's im2col. */
function im2rowNHWC(x: tf.Tensor4D, t: TapSpec): tf.Tensor2D {
  const [N, , , C] = x.shape;
  return tf.reshape<tf.Rank.R2>(windowTaps(x, t, 3, 1), [N * t.OH * t.OW, t.FH * t.FW * C]);
}

/**
 * y = x * filter (+ bias), then ReLU when asked: x [N, H, W, C], filter [FH, FW, C, FN], bias
 * [FN] -> y [N, OH, OW, FN]. With a bias or the ReLU, one fused kernel applies them while the
 * output is still in cache.
 */
export function conv2dNHWC(x: tf.Tensor4D, filter: tf.Tensor4D, t: TapSpec, bias?: tf.Tensor1D, activation?: "relu"): tf.Tensor4D {
  const [N] = x.shape;
  const [FH, FW, C, FN] = filter.shape;
  if (stridedAndDilated(t.sh, t.sw, t.dh, t.dw)) {
    const y = tf.reshape<tf.Rank.R4>(tf.matMul(im2rowNHWC(x, t), tf.reshape(filter, [FH * FW * C, FN])), [N, t.OH, t.OW, FN]);
    const biased = bias === undefined ? y : tf.add<tf.Tensor4D>(y, bias);
    return activation === "relu" ? tf.relu(biased) : biased;
  }
  const pad = explicitPad(t.top, t.bottom, t.left, t.right);
  if (bias === undefined && activation === undefined) return tf.conv2d(x, filter, [t.sh, t.sw], pad, "NHWC", [t.dh, t.dw]);
  return tf.fused.conv2d({ x, filter, strides: [t.sh, t.sw], pad, dataFormat: "NHWC", dilations: [t.dh, t.dw], bias, activation });
}

/**
 * dx of a convolution: the upstream gradient, spread by the stride, convolved with the filter
 * rotated 180 degrees with its in/out channels swapped (a "full" convolution), then cut to
 * the input's size (the padding rows get no gradient).
 */
export function conv2dBackpropInputNHWC(dy: tf.Tensor4D, filter: tf.Tensor4D, xShape: readonly number[], t: TapSpec): tf.Tensor4D {
  const [, H, W] = xShape;
  const [FH, FW] = filter.shape;
  const dyd = dilateSpatial(dy, t.sh, 1, t.sw);
  const Lh = dyd.shape[1];
  const Lw = dyd.shape[2];
  const rotated = tf.transpose<tf.Tensor4D>(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
  // Output row h reads dy rows h + top - fh*dh; with the rotated filter that is a valid
  // convolution of dy padded by (FH-1)*dh - top above and enough below to give H rows.
  const pt = (FH - 1) * t.dh - t.top;
  const pb = H - Lh - pt + (FH - 1) * t.dh;
  const pl = (FW - 1) * t.dw - t.left;
  const pr = W - Lw - pl + (FW - 1) * t.dw;
  if (pt >= 0 && pb >= 0 && pl >= 0 && pr >= 0) {
    return tf.conv2d(dyd, rotated, 1, explicitPad(pt, pb, pl, pr), "NHWC", [t.dh, t.dw]);
  }
  return tf.conv2d(padOrCrop(dyd, 1, pt, pb, pl, pr), rotated, 1, "valid", "NHWC", [t.dh, t.dw]);
}

/**
 * dW of a convolution, [FH, FW, C, FN].
 *
 * "conv": dW[fh, fw, c, f] = sum over (n, oh, ow) of x[n, fh*dh + oh*sh, fw*dw + ow*sw, c] *
 * dy[n, oh, ow, f] is itself a convolution once the batch is treated as the channel axis:
 * input x as [C, H, W, N], filter dy as [OH, OW, N, FN], stride dh and dilation sh (the roles
 * swap). "matmul": im2col(x)^T @ dy, the book's way.
 */
export function conv2dBackpropFilterNHWC(x: tf.Tensor4D, dy: tf.Tensor4D, t: TapSpec, method: FilterGradMethod = "conv"): tf.Tensor4D {
  const [N, , , C] = x.shape;
  const FN = dy.shape[3];
  if (method === "matmul" || stridedAndDilated(t.dh, t.dw, t.sh, t.sw)) {
    const rows = im2rowNHWC(x, t);
    const dy2 = tf.reshape(dy, [N * t.OH * t.OW, FN]);
    return tf.reshape<tf.Rank.R4>(tf.matMul(rows, dy2, true, false), [t.FH, t.FW, C, FN]);
  }
  const xT = tf.transpose<tf.Tensor4D>(x, [3, 1, 2, 0]);
  const dyT = tf.transpose<tf.Tensor4D>(dy, [1, 2, 0, 3]);
  return tf.transpose<tf.Tensor4D>(filterGradCHWN(xT, dyT, t), [1, 2, 0, 3]);
}

/** True when {@link filterGradCHWN} can compute this geometry (tf.conv2d takes it). */
export function filterGradByConv(t: TapSpec): boolean {
  return !stridedAndDilated(t.dh, t.dw, t.sh, t.sw);
}

/**
 * The core of the "conv" filter gradient, from operands already laid out for it: xT
 * [C, H, W, N] (the batch as channels) and dyT [OH, OW, N, FN] (dy as the filter). Returns dW
 * as [C, FH, FW, FN]. From NCHW tensors both layouts are one cheap transpose each
 * (x: [1, 2, 3, 0], dout: [2, 3, 0, 1]), much cheaper than from NHWC (x: [3, 1, 2, 0] is
 * a strided gather on wasm). Needs {@link filterGradByConv}.
 */
export function filterGradCHWN(xT: tf.Tensor4D, dyT: tf.Tensor4D, t: TapSpec): tf.Tensor4D {
  const C = xT.shape[0];
  const FN = dyT.shape[3];
  const full = tf.conv2d(xT, dyT, [t.dh, t.dw], explicitPad(t.top, t.bottom, t.left, t.right), "NHWC", [t.sh, t.sw]);
  // Rows past the last tap appear when the padded input is longer than the windows need.
  return full.shape[1] === t.FH && full.shape[2] === t.FW ? full : tf.slice(full, [0, 0, 0, 0], [C, t.FH, t.FW, FN]);
}
