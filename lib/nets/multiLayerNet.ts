import * as tf from "@tensorflow/tfjs-core";
import { Affine } from "../layers/affine";
import { BatchNormalization } from "../layers/batchNormalization";
import { Dropout } from "../layers/dropout";
import type { Layer } from "../layers/layer";
import { Relu } from "../layers/relu";
import { Sigmoid } from "../layers/sigmoidLayer";
import { SoftmaxWithLoss } from "../layers/softmaxWithLoss";
import { Tanh } from "../layers/tanh";
import { layerNamer } from "./layerNamer";
import { Sequential } from "./sequential";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { checkSeed, checkSize, checkWeightInit, drawWeight, dropoutSeed, netRng, type WeightInitKind } from "./weights";

/** Options of {@link MultiLayerNet}. */
export interface MultiLayerNetOptions {
  /** Features per input sample (784 for flattened MNIST). */
  readonly inputSize: number;
  /** One hidden Affine layer per entry, e.g. [100, 100, 100]. */
  readonly hiddenSizes: readonly number[];
  /** Classes (10 for MNIST). */
  readonly outputSize: number;
  /** The hidden layers' activation (default "relu"). */
  readonly activation?: "relu" | "sigmoid" | "tanh";
  /** "relu"/"he" (sqrt(2/n)), "sigmoid"/"xavier" (sqrt(1/n)) or a std (default "relu"). */
  readonly weightInit?: WeightInitKind;
  /** BatchNormalization after every hidden Affine (default false). */
  readonly useBatchNorm?: boolean;
  /** Dropout after every hidden activation (default false). */
  readonly useDropout?: boolean;
  /** The dropout ratio (default 0.5). */
  readonly dropoutRatio?: number;
  /** L2 weight decay lambda over every W (default 0). */
  readonly weightDecayLambda?: number;
  /** Seed for the weights and dropout masks (default: unseeded). */
  readonly seed?: number;
  /** The net's name (default "MultiLayerNet"). */
  readonly name?: string;
}

// The option names of MultiLayerNetOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const MULTI_LAYER_NET_KEYS = optionKeys<MultiLayerNetOptions>({
  inputSize: true,
  hiddenSizes: true,
  outputSize: true,
  activation: true,
  weightInit: true,
  useBatchNorm: true,
  useDropout: true,
  dropoutRatio: true,
  weightDecayLambda: true,
  seed: true,
  name: true,
});

/** How to build a {@link MultiLayerNet} again: its name and its options, as plain data. */
export interface MultiLayerNetSpec {
  readonly net: "MultiLayerNet";
  readonly options: MultiLayerNetOptions;
}

const activations = { relu: Relu, sigmoid: Sigmoid, tanh: Tanh } as const;
const activationKinds = { relu: "Relu", sigmoid: "Sigmoid", tanh: "Tanh" } as const;

/**
 * The book's chapter-6 fully connected net (MultiLayerNetExtend): for each hidden size an
 * Affine, optionally BatchNorm, the activation, optionally Dropout; then a last Affine and
 * SoftmaxWithLoss. Used by the lessons on initialization, batch norm, dropout and weight decay.
 *
 * @example
 * const net = new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100], outputSize: 10, useBatchNorm: true, seed: 1 });
 * Object.keys(net.params()); // Affine1.W, Affine1.b, BatchNorm1.gamma, BatchNorm1.beta, ...
 */
export class MultiLayerNet extends Sequential {
  /** How to build a replica of this net (another thread builds one for ParallelNet). */
  readonly spec: MultiLayerNetSpec;

  constructor(options: MultiLayerNetOptions) {
    const where = "MultiLayerNet";
    if (typeof options !== "object" || options === null) throw new TypeError(`${where}: options must be an object, got ${String(options)}`);
    checkOptions(where, options, MULTI_LAYER_NET_KEYS);
    const {
      inputSize,
      hiddenSizes,
      outputSize,
      activation = "relu",
      weightInit = "relu",
      useBatchNorm = false,
      useDropout = false,
      dropoutRatio = 0.5,
      weightDecayLambda = 0,
      seed,
      name = "MultiLayerNet",
    } = options;
    checkSize(where, "inputSize", inputSize);
    checkSize(where, "outputSize", outputSize);
    if (!Array.isArray(hiddenSizes))
      throw new TypeError(`${where}: hiddenSizes must be an array of positive integers, got ${String(hiddenSizes)}`);
    hiddenSizes.forEach((h, i) => checkSize(where, `hiddenSizes[${i}]`, h));
    if (!(activation in activations))
      throw new RangeError(`${where}: activation must be "relu", "sigmoid" or "tanh", got ${JSON.stringify(activation)}`);
    checkWeightInit(where, weightInit);
    checkSeed(where, seed);
    const rng = netRng(seed);
    const name_ = layerNamer();
    const sizes = [inputSize, ...hiddenSizes, outputSize];
    const layers: Layer[] = [];
    const temporaries: tf.Tensor[] = [];
    for (let i = 1; i < sizes.length; i++) {
      const W = drawWeight(weightInit, [sizes[i - 1], sizes[i]], sizes[i - 1], rng);
      const b = tf.zeros([sizes[i]]);
      temporaries.push(W, b);
      layers.push(new Affine(W, b, name_("Affine")));
      if (i === sizes.length - 1) break;
      if (useBatchNorm) {
        const gamma = tf.ones([sizes[i]]);
        const beta = tf.zeros([sizes[i]]);
        temporaries.push(gamma, beta);
        layers.push(new BatchNormalization(gamma, beta, { name: name_("BatchNorm") }));
      }
      layers.push(new activations[activation](name_(activationKinds[activation])));
      if (useDropout) layers.push(new Dropout({ ratio: dropoutRatio, seed: dropoutSeed(seed, i), name: name_("Dropout") }));
    }
    tf.dispose(temporaries);
    super(layers, new SoftmaxWithLoss("SoftmaxWithLoss"), { name, inputShape: [inputSize], weightDecayLambda });
    this.spec = { net: "MultiLayerNet", options: { ...options } };
  }
}
