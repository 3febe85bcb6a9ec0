import * as tf from "@tensorflow/tfjs-core";
import { Affine } from "../layers/affine";
import { Relu } from "../layers/relu";
import { SoftmaxWithLoss } from "../layers/softmaxWithLoss";
import { Sequential } from "./sequential";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { checkSeed, checkSize, drawWeight, netRng } from "./weights";

/** Options of {@link TwoLayerNet}. */
export interface TwoLayerNetOptions {
  /** Standard deviation of the initial weights (default 0.01, the book's). */
  readonly weightInitStd?: number;
  /** Seed for the initial weights (default: unseeded). */
  readonly seed?: number;
}

// The option names of TwoLayerNetOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const TWO_LAYER_NET_KEYS = optionKeys<TwoLayerNetOptions>({ weightInitStd: true, seed: true });

/** TwoLayerNet's constructor arguments as one object. */
export interface TwoLayerNetSpecOptions extends TwoLayerNetOptions {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly outputSize: number;
}

/** How to build a {@link TwoLayerNet} again: its name and its constructor arguments, as plain data. */
export interface TwoLayerNetSpec {
  readonly net: "TwoLayerNet";
  readonly options: TwoLayerNetSpecOptions;
}

/**
 * The book's chapter-5 network: Affine1 - Relu1 - Affine2 - SoftmaxWithLoss, weights drawn
 * from N(0, weightInitStd^2), biases zero. Takes flat inputs [N, inputSize].
 *
 * @example
 * const net = new TwoLayerNet(784, 50, 10, { seed: 1 });
 * const { loss, grads } = net.gradient(x, t); // grads["Affine1.W"] [784, 50] ...
 */
export class TwoLayerNet extends Sequential {
  /** How to build a replica of this net (another thread builds one for ParallelNet). */
  readonly spec: TwoLayerNetSpec;

  constructor(inputSize: number, hiddenSize: number, outputSize: number, options: TwoLayerNetOptions = {}) {
    checkOptions("TwoLayerNet", options, TWO_LAYER_NET_KEYS);
    const { weightInitStd = 0.01, seed } = options;
    const where = "TwoLayerNet";
    checkSize(where, "inputSize", inputSize);
    checkSize(where, "hiddenSize", hiddenSize);
    checkSize(where, "outputSize", outputSize);
    if (typeof weightInitStd !== "number" || !Number.isFinite(weightInitStd) || weightInitStd <= 0) {
      throw new RangeError(`${where}: weightInitStd must be a positive number, got ${String(weightInitStd)}`);
    }
    checkSeed(where, seed);
    const rng = netRng(seed);
    const W1 = drawWeight(weightInitStd, [inputSize, hiddenSize], inputSize, rng);
    const W2 = drawWeight(weightInitStd, [hiddenSize, outputSize], hiddenSize, rng);
    const b1 = tf.zeros([hiddenSize]);
    const b2 = tf.zeros([outputSize]);
    const layers = [new Affine(W1, b1, "Affine1"), new Relu("Relu1"), new Affine(W2, b2, "Affine2")];
    // Affine copies plain tensors into its own variables.
    tf.dispose([W1, W2, b1, b2]);
    super(layers, new SoftmaxWithLoss("SoftmaxWithLoss"), { name: "TwoLayerNet", inputShape: [inputSize] });
    this.spec = { net: "TwoLayerNet", options: { ...options, inputSize, hiddenSize, outputSize } };
  }
}
