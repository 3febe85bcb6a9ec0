/**
 * How a Sequential fuses a layer with the Relu after it (TF.js's fused convolution applies the
 * ReLU in the convolution's own kernel) while both stay visible layers with their own forward
 * and backward: the first computes relu(its output), the Relu adopts that as its own output.
 *
 * @internal
 */
import type { Tensor } from "@tensorflow/tfjs-core";
import type { ForwardOptions, Layer } from "./layer";

/** A layer that can apply the ReLU of the next layer inside its own forward. */
export interface ReluFusable extends Layer {
  /** True when {@link forwardFusedRelu} can run with these options. */
  canFuseRelu(opts: ForwardOptions): boolean;
  /**
   * relu(forward(x)); backward still takes dL/d(forward(x)), which the adopting Relu's
   * backward returns.
   */
  forwardFusedRelu(x: Tensor, opts: ForwardOptions): Tensor;
}

/** A Relu that can take a fused layer's output as its own forward's output. */
export interface FusedReluTarget extends Layer {
  /**
   * Records y = relu(z) as this layer's output for z it never saw; its backward mask is y > 0,
   * which is z > 0. Returns y itself.
   */
  adoptFusedOutput(y: Tensor): Tensor;
}

/** True for a layer that implements {@link ReluFusable}. */
export function isReluFusable(layer: Layer): layer is ReluFusable {
  const l = layer as Partial<ReluFusable>;
  return typeof l.canFuseRelu === "function" && typeof l.forwardFusedRelu === "function";
}

/** True for a layer that implements {@link FusedReluTarget}. */
export function isFusedReluTarget(layer: Layer): layer is FusedReluTarget {
  return typeof (layer as Partial<FusedReluTarget>).adoptFusedOutput === "function";
}
