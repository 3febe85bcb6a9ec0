import type { Tensor } from "@tensorflow/tfjs-core";
import type { Rng } from "../random/rng";
import { checkFanIn, checkShape, pickRng } from "./argumentChecks";
import { normalStd } from "./normalStd";

/**
 * He initialization for ReLU layers: normal samples with std sqrt(2 / fanIn). fanIn is the
 * number of inputs each output unit sees: in features for Affine, C * FH * FW for Convolution.
 * The caller owns the tensor.
 *
 * @example
 * const W = he([16, 1, 3, 3], 1 * 3 * 3, new Rng(0)); // a conv filter bank
 */
export function he(shape: readonly number[], fanIn: number, rng?: Rng): Tensor {
  checkShape("he", shape);
  checkFanIn("he", fanIn);
  return normalStd(shape, Math.sqrt(2 / fanIn), pickRng("he", rng));
}
