/**
 * Where a Sequential keeps its activations NHWC: TF.js's convolutions and pooling work on
 * NHWC, so a run of layers that accept it (Convolution's fast path, Relu, Pooling) passes
 * NHWC from one to the next, transposing only at the run's two ends, and a Convolution
 * followed by a Relu may fuse the ReLU into its kernel. NCHW stays the net's API and what
 * every layer takes when called on its own.
 *
 * @internal
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Layer, Layout } from "../layers/layer";
import { isFusedReluTarget, isReluFusable } from "../layers/reluFusion";

/** What a Sequential does around one layer. */
export interface LayerStep {
  /** The layer runs on NHWC (forward's x and y, backward's dout and dx). */
  readonly nhwc: boolean;
  /** First layer of an NHWC run: its input is transposed to NHWC, its dx back to NCHW. */
  readonly enter: boolean;
  /** Last layer of an NHWC run: its output is transposed to NCHW, the dout it gets to NHWC. */
  readonly exit: boolean;
  /** The layer may apply the next layer's ReLU in its own kernel (the next is a Relu in the same run). */
  readonly fuseNext: boolean;
}

/**
 * A rank-4 tensor in the other layout (`to` names the result's). With one channel both
 * layouts hold the same bytes in the same order (MNIST's input), so a reshape does it for free.
 */
export function relayout(t: tf.Tensor, to: Layout): tf.Tensor {
  const [N, a, b, c] = t.shape;
  if (to === "NHWC") return a === 1 ? tf.reshape(t, [N, b, c, 1]) : tf.transpose(t, [0, 2, 3, 1]);
  return c === 1 ? tf.reshape(t, [N, 1, a, b]) : tf.transpose(t, [0, 3, 1, 2]);
}

const NCHW_STEP: LayerStep = { nhwc: false, enter: false, exit: false, fuseNext: false };

/**
 * One step per layer, from the layers, their NCHW input shapes (batch included) and the mode
 * (a layer may gain from NHWC in inference only: Pooling). A run is
 * two or more consecutive layers that accept NHWC on a rank-4 input; a single such layer
 * gains nothing (it would transpose inside instead of outside).
 */
export function planLayouts(layers: readonly Layer[], inputShapes: readonly (readonly number[])[], train: boolean): LayerStep[] {
  const accepts = layers.map((l, i) => inputShapes[i].length === 4 && typeof l.supportsNHWC === "function" && l.supportsNHWC(train));
  const steps: LayerStep[] = layers.map(() => NCHW_STEP);
  let i = 0;
  while (i < layers.length) {
    if (!accepts[i]) {
      i++;
      continue;
    }
    let end = i;
    while (end + 1 < layers.length && accepts[end + 1]) end++;
    if (end > i) {
      for (let k = i; k <= end; k++) {
        const fuseNext = k < end && isReluFusable(layers[k]) && isFusedReluTarget(layers[k + 1]);
        steps[k] = { nhwc: true, enter: k === i, exit: k === end, fuseNext };
      }
    }
    i = end + 1;
  }
  return steps;
}
