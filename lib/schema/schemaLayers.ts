import * as tf from "@tensorflow/tfjs-core";
import { Affine } from "../layers/affine";
import { Concat } from "../layers/concat";
import { Convolution } from "../layers/convolution";
import { Dropout } from "../layers/dropout";
import { Eltwise } from "../layers/eltwise";
import { Flatten } from "../layers/flatten";
import type { Layer } from "../layers/layer";
import type { MultiInputLayer } from "../layers/multiInputLayer";
import { Pooling } from "../layers/pooling";
import { Relu } from "../layers/relu";
import { Sigmoid } from "../layers/sigmoidLayer";
import { Tanh } from "../layers/tanh";
import { drawWeight, dropoutSeed, type netRng } from "../nets/weights";
import { Fields } from "./fields";
import { checkTensorSize } from "../init/tensorSizeLimit";

/** The layer types a schema may use (Caffe's names). */
export const SCHEMA_LAYER_TYPES = [
  "Convolution",
  "Pooling",
  "ReLU",
  "Sigmoid",
  "TanH",
  "InnerProduct",
  "Dropout",
  "Flatten",
  "Concat",
  "Eltwise",
  "SoftmaxWithLoss",
] as const;

/** The types that read several bottoms. @internal */
export const MULTI_BOTTOM_TYPES: ReadonlySet<string> = new Set(["Concat", "Eltwise"]);

/** What building the layers shares: the weight generator, the seed and how many Dropouts came so far. @internal */
export interface BuildContext {
  readonly rng: ReturnType<typeof netRng>;
  readonly seed: number | undefined;
  dropouts: number;
}

/**
 * A filler block as Caffe reads it, drawing a tensor of a shape with a fan-in. Caffe's
 * defaults: no filler block, or one without `type`, is "constant" with value 0 (so a schema
 * names its weight fillers); "gaussian" has std 1. "msra" is He (std sqrt(2 / fanIn)),
 * "xavier" nnlab's Xavier (std sqrt(1 / fanIn)).
 */
function fill(f: Fields | undefined, shape: number[], fanIn: number, rng: BuildContext["rng"]): tf.Tensor {
  const type = f?.string("type", "constant") ?? "constant";
  if (type === "constant") return tf.fill(shape, f?.number("value", 0) ?? 0);
  if (type === "msra") return drawWeight("he", shape, fanIn, rng);
  if (type === "xavier") return drawWeight("xavier", shape, fanIn, rng);
  if (type === "gaussian") {
    const std = f!.number("std", 1);
    if (!(std > 0)) throw new RangeError(`${f!.where}: std must be > 0, got ${std}`);
    return drawWeight(std, shape, fanIn, rng);
  }
  throw new RangeError(`${f!.where}: type must be "constant", "msra", "xavier" or "gaussian", got "${type}"`);
}

/** W and b from a param block's weight_filler and bias_filler; the caller owns both. */
function weights(p: Fields, wShape: number[], fanIn: number, bShape: number[], rng: BuildContext["rng"]): [tf.Tensor, tf.Tensor] {
  const W = fill(p.message("weight_filler"), wShape, fanIn, rng);
  try {
    return [W, fill(p.message("bias_filler"), bShape, fanIn, rng)];
  } catch (e) {
    W.dispose();
    throw e;
  }
}

/**
 * One layer of a schema type other than the loss, for bottoms of the given shapes ([1, ...]
 * each). One-bottom types get exactly one shape (the caller checks the count).
 *
 * @internal
 */
export function buildSchemaLayer(
  f: Fields,
  type: string,
  lname: string,
  shapes: readonly (readonly number[])[],
  ctx: BuildContext,
): Layer | MultiInputLayer {
  const shape = shapes[0];
  switch (type) {
    case "Convolution": {
      const p = f.message("convolution_param") ?? new Fields(`${f.where} convolution_param`, {});
      if (shape.length !== 4)
        throw new TypeError(`${f.where}: Convolution needs image input [C, H, W], got [${shape.slice(1).join(", ")}]`);
      const C = shape[1];
      const FN = p.int("num_output", undefined, 1);
      const k = p.int("kernel_size", undefined, 1);
      checkTensorSize(p.where, "W", `num_output ${FN} with kernel_size ${k} on ${C} channels`, [FN, C, k, k]);
      const [W, b] = weights(p, [FN, C, k, k], C * k * k, [FN], ctx.rng);
      try {
        return new Convolution(W, b, {
          stride: p.int("stride", 1, 1),
          pad: p.int("pad", 0),
          dilation: p.int("dilation", 1, 1),
          name: lname,
        });
      } finally {
        tf.dispose([W, b]);
      }
    }
    case "InnerProduct": {
      const p = f.message("inner_product_param") ?? new Fields(`${f.where} inner_product_param`, {});
      const fanIn = shape.slice(1).reduce((a, d) => a * d, 1);
      const out = p.int("num_output", undefined, 1);
      checkTensorSize(p.where, "W", `num_output ${out} on ${fanIn} inputs`, [fanIn, out]);
      const [W, b] = weights(p, [fanIn, out], fanIn, [out], ctx.rng);
      try {
        return new Affine(W, b, lname);
      } finally {
        tf.dispose([W, b]);
      }
    }
    case "Pooling": {
      const p = f.message("pooling_param") ?? new Fields(`${f.where} pooling_param`, {});
      const pool = p.string("pool", "MAX");
      if (pool !== "MAX" && pool !== "AVE") throw new RangeError(`${p.where}: pool must be MAX or AVE, got ${pool}`);
      // Caffe's pooling rounds the window count up (round_mode CEIL) unless told FLOOR.
      const round = p.string("round_mode", "CEIL");
      if (round !== "CEIL" && round !== "FLOOR") throw new RangeError(`${p.where}: round_mode must be CEIL or FLOOR, got ${round}`);
      const k = p.int("kernel_size", undefined, 1);
      return new Pooling({
        poolH: k,
        poolW: k,
        stride: p.int("stride", 1, 1),
        pad: p.int("pad", 0),
        mode: pool === "MAX" ? "max" : "avg",
        roundMode: round === "CEIL" ? "ceil" : "floor",
        name: lname,
      });
    }
    case "ReLU":
      return new Relu(lname);
    case "Sigmoid":
      return new Sigmoid(lname);
    case "TanH":
      return new Tanh(lname);
    case "Flatten":
      return new Flatten(lname);
    case "Dropout": {
      const p = f.message("dropout_param");
      return new Dropout({ ratio: p?.number("dropout_ratio", 0.5) ?? 0.5, seed: dropoutSeed(ctx.seed, ++ctx.dropouts), name: lname });
    }
    case "Concat": {
      const p = f.message("concat_param");
      return new Concat(lname, { axis: p?.int("axis", 1, -Infinity) ?? 1 });
    }
    case "Eltwise": {
      const p = f.message("eltwise_param");
      const operation = p?.string("operation", "SUM") ?? "SUM";
      if (operation !== "SUM" && operation !== "PROD" && operation !== "MAX")
        throw new RangeError(`${p!.where}: operation must be SUM, PROD or MAX, got ${operation}`);
      const coeff = p?.numbers("coeff") ?? [];
      return new Eltwise(lname, { operation, coeff: coeff.length === 0 ? undefined : coeff });
    }
    default:
      throw new RangeError(`${f.where}: unknown type "${type}"; supported: ${SCHEMA_LAYER_TYPES.join(", ")}`);
  }
}
