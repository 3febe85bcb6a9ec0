import type * as tf from "@tensorflow/tfjs-core";
import type { WindowGeometry } from "../conv/options";
import type { Layout } from "./layer";

/** Internal options of a forward inside a Sequential: x's layout and a fused ReLU. */
export interface PathMode {
  /** Layout of x, y and the pass's dout and dx. */
  readonly layout: Layout;
  /** y = relu(conv(x, W) + b) in one kernel; the pass's dout is still dL/d(conv(x, W) + b). */
  readonly relu: boolean;
}

/** The gradients one convolution backward computes (dx only when asked for). */
// A type, not an interface: tf.tidy returns it, and only type literals fit TensorContainer.
export type ConvolutionGrads = {
  readonly dx: tf.Tensor4D | undefined;
  readonly dW: tf.Tensor4D;
  readonly db: tf.Tensor1D;
};

/**
 * What one forward pass kept for its backward: the backward of exactly that pass, and the
 * release of what it kept. Owned by the {@link Convolution} that made it.
 */
export interface ConvolutionPass {
  /** dW, db and (when `wantDx`) dx for dout [N, FN, OH, OW] (or NHWC); run inside the layer's tf.tidy. */
  backward(dout: tf.Tensor4D, wantDx: boolean): ConvolutionGrads;
  /** Frees what forward kept. */
  dispose(): void;
}

/**
 * One way to compute a convolution (im2col like the book, or TF.js's fast convolutions).
 * Arguments are already checked by the layer: x [N, C, H, W] with W's C, g from x's H, W.
 */
export interface ConvolutionPath {
  /**
   * y = conv(x, W) + b as [N, FN, OH, OW], and the pass its backward needs. `mode` (NHWC, a
   * fused ReLU) is given only to paths the layer lists as supporting it.
   */
  forward(
    x: tf.Tensor4D,
    W: tf.Variable<tf.Rank.R4>,
    b: tf.Variable<tf.Rank.R1>,
    g: WindowGeometry,
    mode?: PathMode,
  ): { y: tf.Tensor4D; pass: ConvolutionPass };
}
