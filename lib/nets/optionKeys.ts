import { checkOptions, optionKeys } from "../options/checkOptions";
import type { DeepConvNetOptions } from "./deepConvNet";
import type { GraphNetOptions } from "./graphNet";
import type { MultiLayerNetOptions } from "./multiLayerNet";
import type { SequentialOptions } from "./sequential";
import type { SimpleConvNetOptions } from "./simpleConvNet";
import type { TfjsDeepConvNetOptions } from "./tfjsDeepConvNet";
import type { TwoLayerNetOptions } from "./twoLayerNet";

// The option names each net's constructor takes, checked by checkOptions so a misspelt one
// ("hiddenSizes" for "hiddenSize", "weight_init_std") is an error instead of the default. @internal

export const TWO_LAYER_NET_KEYS = optionKeys<TwoLayerNetOptions>({ weightInitStd: true, seed: true });
export const MULTI_LAYER_NET_KEYS = optionKeys<MultiLayerNetOptions>({
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
export const SIMPLE_CONV_NET_KEYS = optionKeys<SimpleConvNetOptions>({
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
export const DEEP_CONV_NET_KEYS = optionKeys<DeepConvNetOptions>({
  inputShape: true,
  outputSize: true,
  hiddenSize: true,
  seed: true,
  convImpl: true,
  dropoutRatio: true,
});
export const TFJS_DEEP_CONV_NET_KEYS = optionKeys<TfjsDeepConvNetOptions>({ lr: true, seed: true });
export const SEQUENTIAL_KEYS = optionKeys<SequentialOptions>({ name: true, inputShape: true, weightDecayLambda: true });
export const GRAPH_NET_KEYS = optionKeys<GraphNetOptions>({ name: true, input: true, inputShape: true, weightDecayLambda: true });

/**
 * Checks Sequential's options (its third argument); to be called first in its constructor,
 * before the options are destructured.
 *
 * @internal
 */
export function checkSequentialOptions(options: unknown): void {
  checkOptions("Sequential", options, SEQUENTIAL_KEYS);
}

/**
 * Checks GraphNet's options (its third argument); to be called first in its constructor,
 * before the options are destructured.
 *
 * @internal
 */
export function checkGraphNetOptions(options: unknown): void {
  checkOptions("GraphNet", options, GRAPH_NET_KEYS);
}
