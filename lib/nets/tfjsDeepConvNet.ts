import * as tf from "@tensorflow/tfjs-core";
import { checkOptions, optionKeys } from "../options/checkOptions";
import * as tfl from "@tensorflow/tfjs-layers";

/** Options for {@link tfjsDeepConvNet}. */
export interface TfjsDeepConvNetOptions {
  /** Adam's learning rate (the book's 0.001). */
  readonly lr?: number;
  /**
   * Seed for the weight initializers and the dropout masks, so two builds start from the same
   * weights and train the same way.
   */
  readonly seed?: number;
}

// The option names of TfjsDeepConvNetOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const TFJS_DEEP_CONV_NET_KEYS = optionKeys<TfjsDeepConvNetOptions>({ lr: true, seed: true });

/**
 * The book's DeepConvNet written with TensorFlow.js layers (tf.layers), for lessons and
 * benchmarks that compare it with nnlab's hand-written layers. It takes the same NCHW
 * batches ([N, 1, 28, 28]) and integer labels as nnlab's nets: the first layer permutes to
 * the NHWC layout TF.js convolutions use, and the loss is sparse categorical cross-entropy.
 *
 * Padding 2 on the fourth convolution has no "same"/"valid" equivalent, so it is an explicit
 * zero-padding layer followed by a "valid" convolution.
 *
 * @example
 * const model = tfjsDeepConvNet({ seed: 1 });
 * await model.trainOnBatch(x, t); // x [100, 1, 28, 28] float32, t [100] labels as float32
 */
export function tfjsDeepConvNet(options: TfjsDeepConvNetOptions = {}): tfl.LayersModel {
  checkOptions("tfjsDeepConvNet", options, TFJS_DEEP_CONV_NET_KEYS);
  const { lr = 0.001, seed = 0 } = options;
  let nextSeed = seed;
  const he = () => tfl.initializers.heNormal({ seed: nextSeed++ });
  // Far from the initializers' seeds; one count shared by both dropout layers.
  let dropoutSeed = seed * 1_000_003 + 500_009;
  const dropoutSeeds = () => dropoutSeed++;
  const conv = (filters: number, padding: "same" | "valid") =>
    tfl.layers.conv2d({ filters, kernelSize: 3, padding, activation: "relu", kernelInitializer: he() });
  const pool = () => tfl.layers.maxPooling2d({ poolSize: 2, strides: 2 });
  const model = tfl.sequential({
    name: "TfjsDeepConvNet",
    layers: [
      tfl.layers.permute({ dims: [2, 3, 1], inputShape: [1, 28, 28] }),
      conv(16, "same"),
      conv(16, "same"),
      pool(),
      conv(32, "same"),
      tfl.layers.zeroPadding2d({ padding: 2 }),
      conv(32, "valid"),
      pool(),
      conv(64, "same"),
      conv(64, "same"),
      pool(),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 50, activation: "relu", kernelInitializer: he() }),
      seededDropout(0.5, dropoutSeeds),
      tfl.layers.dense({ units: 10, kernelInitializer: he() }),
      seededDropout(0.5, dropoutSeeds),
      tfl.layers.activation({ activation: "softmax" }),
    ],
  });
  model.compile({
    optimizer: tf.train.adam(lr),
    loss: "sparseCategoricalCrossentropy",
    metrics: ["accuracy"],
  });
  return model;
}

/**
 * tf.layers' dropout draws its mask from an unseeded generator (Math.random), so the same
 * model trained differently in every run (lesson 04's side-by-side once ended 10 points apart),
 * and a fixed `seed` option would draw the same mask at every step. This one takes a new seed
 * at each call: a new mask every step, the same sequence of masks in every run.
 */
function seededDropout(rate: number, nextSeed: () => number): tfl.layers.Layer {
  const layer = tfl.layers.dropout({ rate });
  const call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => {
    (layer as unknown as { seed: number }).seed = nextSeed();
    return call(inputs, kwargs);
  };
  return layer;
}
