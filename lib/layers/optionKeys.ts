import { checkOptions, optionKeys } from "../options/checkOptions";
import type { BatchNormalizationOptions } from "./batchNormalization";
import type { ConcatOptions } from "./concat";
import type { ConvolutionOptions } from "./convolution";
import type { DropoutOptions } from "./dropout";
import type { EltwiseOptions } from "./eltwise";
import type { ForwardOptions } from "./layer";
import type { PoolingOptions } from "./pooling";

// The option names each layer's constructor takes, checked by checkOptions so a misspelt one
// ("padding", "strides") is an error instead of the default. @internal

export const CONVOLUTION_KEYS = optionKeys<ConvolutionOptions>({ stride: true, pad: true, dilation: true, impl: true, name: true });
export const POOLING_KEYS = optionKeys<PoolingOptions>({
  poolH: true,
  poolW: true,
  stride: true,
  pad: true,
  mode: true,
  roundMode: true,
  impl: true,
  name: true,
});
export const DROPOUT_KEYS = optionKeys<DropoutOptions>({ ratio: true, seed: true, name: true });
export const BATCH_NORMALIZATION_KEYS = optionKeys<BatchNormalizationOptions>({ momentum: true, eps: true, name: true });
export const CONCAT_KEYS = optionKeys<ConcatOptions>({ axis: true });
export const ELTWISE_KEYS = optionKeys<EltwiseOptions>({ operation: true, coeff: true });
export const FORWARD_KEYS = optionKeys<ForwardOptions>({ train: true, layout: true });

/**
 * Checks the options of a forward pass (`{ train: true }`), where a misspelt flag
 * (`{ training: true }`) would silently run in eval mode. Cheap enough for every forward: a
 * one- or two-key object.
 *
 * @example
 * checkForwardOptions('Dropout "Dropout1" forward', opts);
 *
 * @internal
 */
export function checkForwardOptions(where: string, opts: unknown): void {
  if (opts !== undefined) checkOptions(where, opts, FORWARD_KEYS);
}
