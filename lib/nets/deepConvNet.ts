import * as tf from "@tensorflow/tfjs-core";
import { Affine } from "../layers/affine";
import { Convolution, type ConvImpl } from "../layers/convolution";
import { Dropout } from "../layers/dropout";
import type { Layer } from "../layers/layer";
import { Pooling } from "../layers/pooling";
import { Relu } from "../layers/relu";
import { SoftmaxWithLoss } from "../layers/softmaxWithLoss";
import { layerNamer } from "./layerNamer";
import { Sequential } from "./sequential";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { checkSeed, checkSize, drawWeight, dropoutSeed, netRng } from "./weights";

/** Options of {@link DeepConvNet}; the defaults are the book's. */
export interface DeepConvNetOptions {
  /** One sample (default [1, 28, 28]; the architecture needs 28x28 images). */
  readonly inputShape?: readonly [number, number, number];
  /** Classes (default 10). */
  readonly outputSize?: number;
  /** Units of the hidden Affine (default 50). */
  readonly hiddenSize?: number;
  /** Seed for the weights and the dropout masks (default: unseeded). */
  readonly seed?: number;
  /** How the convolutions compute (default "fast"). */
  readonly convImpl?: ConvImpl;
  /** Dropout ratio of both dropout layers (default 0.5, the book's). */
  readonly dropoutRatio?: number;
}

// The option names of DeepConvNetOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const DEEP_CONV_NET_KEYS = optionKeys<DeepConvNetOptions>({
  inputShape: true,
  outputSize: true,
  hiddenSize: true,
  seed: true,
  convImpl: true,
  dropoutRatio: true,
});

/** How to build a {@link DeepConvNet} again: its name and its options, as plain data. */
export interface DeepConvNetSpec {
  readonly net: "DeepConvNet";
  readonly options?: DeepConvNetOptions;
}

/** The six convolutions: filters and pads (3x3, stride 1), as in the book's ch08/deep_convnet.py. */
const CONVS = [
  { filters: 16, pad: 1 },
  { filters: 16, pad: 1 },
  { filters: 32, pad: 1 },
  { filters: 32, pad: 2 },
  { filters: 64, pad: 1 },
  { filters: 64, pad: 1 },
] as const;

/**
 * The book's chapter-8 DeepConvNet for MNIST, exactly: conv-relu-conv-relu-pool three times
 * (3x3 filters 16, 16, 32, 32, 64, 64, pads 1, 1, 1, 2, 1, 1, stride 1; 2x2 max pools with
 * stride 2), then Affine(64*4*4 -> 50) - Relu - Dropout(0.5) - Affine(50 -> 10) -
 * Dropout(0.5) - SoftmaxWithLoss. He initialization with the book's pre_node_nums
 * [1*3*3, 16*3*3, 16*3*3, 32*3*3, 32*3*3, 64*3*3, 64*4*4, hidden]. 123,552 params.
 *
 * @example
 * const net = new DeepConvNet({ seed: 1 });
 * net.predict(x).shape; // x [N, 1, 28, 28] -> [N, 10]
 */
export class DeepConvNet extends Sequential {
  /** How to build a replica of this net (another thread builds one for ParallelNet). */
  readonly spec: DeepConvNetSpec;

  constructor(options: DeepConvNetOptions = {}) {
    checkOptions("DeepConvNet", options, DEEP_CONV_NET_KEYS);
    const { inputShape = [1, 28, 28], outputSize = 10, hiddenSize = 50, seed, convImpl = "fast", dropoutRatio = 0.5 } = options;
    const where = "DeepConvNet";
    if (!Array.isArray(inputShape) || inputShape.length !== 3) {
      throw new RangeError(`${where}: inputShape must be [C, H, W], got ${JSON.stringify(inputShape)}`);
    }
    inputShape.forEach((d, i) => checkSize(where, `inputShape[${i}]`, d));
    checkSize(where, "outputSize", outputSize);
    checkSize(where, "hiddenSize", hiddenSize);
    checkSeed(where, seed);
    const [C] = inputShape;
    const rng = netRng(seed);
    const name = layerNamer();
    const layers: Layer[] = [];
    const temporaries: tf.Tensor[] = [];
    let channels = C;
    CONVS.forEach(({ filters, pad }, i) => {
      // pre_node_nums: the previous layer's channels times the 3x3 window.
      const W = drawWeight("he", [filters, channels, 3, 3], channels * 3 * 3, rng);
      const b = tf.zeros([filters]);
      temporaries.push(W, b);
      layers.push(new Convolution(W, b, { stride: 1, pad, impl: convImpl, name: name("Conv") }));
      layers.push(new Relu(name("Relu")));
      if (i % 2 === 1) layers.push(new Pooling({ poolH: 2, poolW: 2, stride: 2, name: name("Pool") }));
      channels = filters;
    });
    // The book hard-codes 64*4*4; computing it from the input makes a wrong inputShape fail
    // in Affine1's shape check with the real numbers.
    const W7 = drawWeight("he", [64 * 4 * 4, hiddenSize], 64 * 4 * 4, rng);
    const W8 = drawWeight("he", [hiddenSize, outputSize], hiddenSize, rng);
    const b7 = tf.zeros([hiddenSize]);
    const b8 = tf.zeros([outputSize]);
    temporaries.push(W7, W8, b7, b8);
    layers.push(new Affine(W7, b7, name("Affine")));
    layers.push(new Relu(name("Relu")));
    layers.push(new Dropout({ ratio: dropoutRatio, seed: dropoutSeed(seed, 1), name: name("Dropout") }));
    layers.push(new Affine(W8, b8, name("Affine")));
    layers.push(new Dropout({ ratio: dropoutRatio, seed: dropoutSeed(seed, 2), name: name("Dropout") }));
    tf.dispose(temporaries);
    super(layers, new SoftmaxWithLoss("SoftmaxWithLoss"), { name: "DeepConvNet", inputShape });
    this.spec = { net: "DeepConvNet", options: { ...options } };
  }
}
