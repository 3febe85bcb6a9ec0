import type { Tensor } from "@tensorflow/tfjs-core";
import type { Rng } from "../random/rng";
import { checkFanIn, checkShape, pickRng } from "./argumentChecks";
import { normalStd } from "./normalStd";

/**
 * Xavier initialization as the book writes it for sigmoid/tanh layers: normal samples with
 * std sqrt(1 / fanIn) (the book's simplification of Glorot's 2 / (fanIn + fanOut)).
 * The caller owns the tensor.
 *
 * @example
 * const W = xavier([100, 100], 100, new Rng(0));
 */
export function xavier(shape: readonly number[], fanIn: number, rng?: Rng): Tensor {
  checkShape("xavier", shape);
  checkFanIn("xavier", fanIn);
  return normalStd(shape, Math.sqrt(1 / fanIn), pickRng("xavier", rng));
}
