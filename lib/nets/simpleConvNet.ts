import * as tf from "@tensorflow/tfjs-core";
import { convOutputSize } from "../conv/outputSize";
import { Affine } from "../layers/affine";
import { Convolution, type ConvImpl } from "../layers/convolution";
import { Pooling } from "../layers/pooling";
import { Relu } from "../layers/relu";
import { SoftmaxWithLoss } from "../layers/softmaxWithLoss";
import { Sequential } from "./sequential";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { checkSeed, checkSize, drawWeight, netRng } from "./weights";

/** Options of {@link SimpleConvNet}; the defaults are the book's. */
export interface SimpleConvNetOptions {
  /** One sample, NCHW without N (default [1, 28, 28]). */
  readonly inputShape?: readonly [number, number, number];
  /** Filters of the convolution (default 30). */
  readonly filterNum?: number;
  /** Filter side (default 5). */
  readonly filterSize?: number;
  /** Convolution padding (default 0). */
  readonly pad?: number;
  /** Convolution stride (default 1). */
  readonly stride?: number;
  /** Units of the hidden Affine (default 100). */
  readonly hiddenSize?: number;
  /** Classes (default 10). */
  readonly outputSize?: number;
  /** Standard deviation of the initial weights (default 0.01). */
  readonly weightInitStd?: number;
  /** Seed for the initial weights (default: unseeded). */
  readonly seed?: number;
  /** How the convolution computes (default "fast"). */
  readonly convImpl?: ConvImpl;
}

// The option names of SimpleConvNetOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const SIMPLE_CONV_NET_KEYS = optionKeys<SimpleConvNetOptions>({
  inputShape: true,
  filterNum: true,
  filterSize: true,
  pad: true,
  stride: true,
  hiddenSize: true,
  outputSize: true,
  weightInitStd: true,
  seed: true,
  convImpl: true,
});

/** How to build a {@link SimpleConvNet} again: its name and its options, as plain data. */
export interface SimpleConvNetSpec {
  readonly net: "SimpleConvNet";
  readonly options?: SimpleConvNetOptions;
}

/**
 * The book's chapter-7 network: Conv1 - Relu1 - Pool1 (2x2, stride 2) - Affine1 - Relu2 -
 * Affine2 - SoftmaxWithLoss.
 *
 * @example
 * const net = new SimpleConvNet({ seed: 1 });
 * net.predict(x).shape; // x [N, 1, 28, 28] -> [N, 10]
 */
export class SimpleConvNet extends Sequential {
  /** How to build a replica of this net (another thread builds one for ParallelNet). */
  readonly spec: SimpleConvNetSpec;

  constructor(options: SimpleConvNetOptions = {}) {
    checkOptions("SimpleConvNet", options, SIMPLE_CONV_NET_KEYS);
    const {
      inputShape = [1, 28, 28],
      filterNum = 30,
      filterSize = 5,
      pad = 0,
      stride = 1,
      hiddenSize = 100,
      outputSize = 10,
      weightInitStd = 0.01,
      seed,
      convImpl = "fast",
    } = options;
    const where = "SimpleConvNet";
    if (!Array.isArray(inputShape) || inputShape.length !== 3) {
      throw new RangeError(`${where}: inputShape must be [C, H, W], got ${JSON.stringify(inputShape)}`);
    }
    inputShape.forEach((d, i) => checkSize(where, `inputShape[${i}]`, d));
    checkSize(where, "filterNum", filterNum);
    checkSize(where, "filterSize", filterSize);
    checkSize(where, "hiddenSize", hiddenSize);
    checkSize(where, "outputSize", outputSize);
    if (typeof weightInitStd !== "number" || !Number.isFinite(weightInitStd) || weightInitStd <= 0) {
      throw new RangeError(`${where}: weightInitStd must be a positive number, got ${String(weightInitStd)}`);
    }
    checkSeed(where, seed);
    const [C, H] = inputShape;
    const convOut = convOutputSize(H, filterSize, stride, pad);
    const poolOut = Math.floor(convOut / 2);
    const rng = netRng(seed);
    const W1 = drawWeight(weightInitStd, [filterNum, C, filterSize, filterSize], C * filterSize * filterSize, rng);
    const W2 = drawWeight(weightInitStd, [filterNum * poolOut * poolOut, hiddenSize], filterNum * poolOut * poolOut, rng);
    const W3 = drawWeight(weightInitStd, [hiddenSize, outputSize], hiddenSize, rng);
    const bs = [tf.zeros([filterNum]), tf.zeros([hiddenSize]), tf.zeros([outputSize])];
    const layers = [
      new Convolution(W1, bs[0], { stride, pad, impl: convImpl, name: "Conv1" }),
      new Relu("Relu1"),
      new Pooling({ poolH: 2, poolW: 2, stride: 2, name: "Pool1" }),
      new Affine(W2, bs[1], "Affine1"),
      new Relu("Relu2"),
      new Affine(W3, bs[2], "Affine2"),
    ];
    tf.dispose([W1, W2, W3, ...bs]);
    super(layers, new SoftmaxWithLoss("SoftmaxWithLoss"), { name: "SimpleConvNet", inputShape });
    this.spec = { net: "SimpleConvNet", options: { ...options } };
  }
}
