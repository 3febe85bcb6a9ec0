import type { Tensor } from "@tensorflow/tfjs-core";
import type { Rng } from "../random/rng";
import { checkFanIn, checkShape, pickRng } from "./argumentChecks";
import { he } from "./he";
import { normalStd } from "./normalStd";
import { xavier } from "./xavier";

/** The book's `weight_init_std` choices: an activation name, an initializer name, or a fixed std. */
export type WeightInit = "he" | "xavier" | "relu" | "sigmoid" | number;

/**
 * Draws a weight tensor the way the book's `weight_init_std` option does: "relu" and "he"
 * give He (std sqrt(2 / fanIn)), "sigmoid" and "xavier" give Xavier (std sqrt(1 / fanIn)),
 * a number is a fixed std (0.01, 1, ...). The caller owns the tensor.
 *
 * @example
 * for (const kind of [1, 0.01, "xavier", "he"] as const) {
 *   const W = weightInit(kind, [100, 100], 100, new Rng(0));
 * }
 */
export function weightInit(kind: WeightInit, shape: readonly number[], fanIn: number, rng?: Rng): Tensor {
  const where = "weightInit";
  checkShape(where, shape);
  checkFanIn(where, fanIn);
  const r = pickRng(where, rng);
  if (kind === "relu" || kind === "he") return he(shape, fanIn, r);
  if (kind === "sigmoid" || kind === "xavier") return xavier(shape, fanIn, r);
  if (typeof kind === "number" && Number.isFinite(kind) && kind > 0) return normalStd(shape, kind, r);
  throw new RangeError(
    `${where}: kind must be "he", "relu", "xavier", "sigmoid" or a positive std, got ${typeof kind === "string" ? JSON.stringify(kind) : String(kind)}`,
  );
}
