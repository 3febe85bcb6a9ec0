/**
 * Convolution's fast path: TF.js convolutions on NHWC inside (the layer stays NCHW outside)
 * and nnlab's fast filter gradients (lib/conv/fastConv.ts). The same numbers as the im2col
 * path in convolution.ts, which is the one the lessons teach.
 */
import * as tf from "@tensorflow/tfjs-core";
import { conv2dBackpropFilterNHWC, conv2dBackpropInputNHWC, conv2dNHWC, filterGradByConv, filterGradCHWN } from "../conv/fastConv";
import { tapSpec, type TapSpec } from "../conv/im2col";
import type { WindowGeometry } from "../conv/options";
import type { ConvolutionGrads, ConvolutionPass, ConvolutionPath } from "./convolutionPath";
import { keepShared } from "./keepShared";

/**
 * The fast path's forward: y from conv2d on NHWC, keeping x (in its layout) and W as HWIO.
 * Given NHWC x (inside a Sequential) it needs no transpose and may fuse the next ReLU.
 */
export const fastConvolution: ConvolutionPath = {
  forward(x, W, b, g, mode) {
    const t = tapSpec(g);
    // Cached tensors are kept, so a caller's tf.tidy around forward does not free them.
    const Wh = tf.keep(tf.transpose<tf.Tensor4D>(W, [2, 3, 1, 0]));
    if (mode?.layout === "NHWC") {
      const xh = keepShared(x);
      const y = tf.tidy(() => conv2dNHWC(x, Wh, t, b, mode.relu ? "relu" : undefined));
      const pass: ConvolutionPass = {
        backward: (dout, wantDx) => fastBackwardNHWC(dout, xh, Wh, t, wantDx),
        dispose: () => tf.dispose([xh, Wh]),
      };
      return { y, pass };
    }
    if (mode?.relu === true) throw new Error("fastConvolution: a fused ReLU needs NHWC x");
    const xc = keepShared(x);
    const y = tf.tidy(() => tf.transpose<tf.Tensor4D>(conv2dNHWC(tf.transpose(x, [0, 2, 3, 1]), Wh, t, b), [0, 3, 1, 2]));
    const pass: ConvolutionPass = {
      backward: (dout, wantDx) => fastBackward(dout, xc, Wh, t, g, wantDx),
      dispose: () => tf.dispose([xc, Wh]),
    };
    return { y, pass };
  },
};

/** dW, db and dx of the fast path, from the kept x (NCHW) and filter (HWIO). */
function fastBackward(
  dout: tf.Tensor4D,
  x: tf.Tensor4D,
  Wh: tf.Tensor4D,
  t: TapSpec,
  g: WindowGeometry,
  wantDx: boolean,
): ConvolutionGrads {
  const [N, C, H, W] = x.shape;
  const FN = dout.shape[1];
  // db sums each filter's map: inner-axis sums on the NCHW layout need no transpose.
  const db = tf.sum<tf.Tensor1D>(tf.sum(tf.reshape(dout, [N, FN, g.OH * g.OW]), 2), 0);
  let dyh: tf.Tensor4D | undefined;
  const doutNHWC = () => (dyh ??= tf.transpose(dout, [0, 2, 3, 1]));
  let dW: tf.Tensor4D;
  if (filterGradByConv(t)) {
    // From NCHW, the batch-as-channels layouts are cheap transposes (see filterGradCHWN).
    const xT = tf.transpose(x, [1, 2, 3, 0]);
    const dyT = tf.transpose(dout, [2, 3, 0, 1]);
    dW = tf.transpose(filterGradCHWN(xT, dyT, t), [3, 0, 1, 2]);
  } else {
    dW = tf.transpose(conv2dBackpropFilterNHWC(tf.transpose(x, [0, 2, 3, 1]), doutNHWC(), t), [3, 2, 0, 1]);
  }
  const dx = wantDx ? tf.transpose(conv2dBackpropInputNHWC(doutNHWC(), Wh, [N, H, W, C], t), [0, 3, 1, 2]) : undefined;
  return { dx, dW, db };
}

/** dW, db and dx of the fast path from NHWC x and dout: no layout change but dW's own. */
function fastBackwardNHWC(dout: tf.Tensor4D, x: tf.Tensor4D, Wh: tf.Tensor4D, t: TapSpec, wantDx: boolean): ConvolutionGrads {
  const FN = dout.shape[3];
  const db = tf.sum<tf.Tensor1D>(tf.reshape(dout, [-1, FN]), 0);
  const dW = tf.transpose<tf.Tensor4D>(conv2dBackpropFilterNHWC(x, dout, t), [3, 2, 0, 1]);
  const dx = wantDx ? conv2dBackpropInputNHWC(dout, Wh, x.shape, t) : undefined;
  return { dx, dW, db };
}
