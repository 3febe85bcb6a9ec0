import * as tf from "@tensorflow/tfjs-core";
import { Affine } from "../layers/affine";
import { Convolution } from "../layers/convolution";
import { Dropout } from "../layers/dropout";
import { Flatten } from "../layers/flatten";
import type { Layer } from "../layers/layer";
import { Pooling } from "../layers/pooling";
import { Relu } from "../layers/relu";
import { Sigmoid } from "../layers/sigmoid";
import { SoftmaxWithLoss } from "../layers/softmaxWithLoss";
import { Tanh } from "../layers/tanh";
import { Sequential } from "../nets/sequential";
import { drawWeight, dropoutSeed, netRng, type WeightInitKind } from "../nets/weights";
import { Fields, toMessage } from "./fields";
import type { PrototxtMessage } from "./prototxt";

/** Options of {@link netFromSchema}. */
export interface NetFromSchemaOptions {
  /** Seed for the weight fillers and dropout masks (default: unseeded). */
  readonly seed?: number;
  /** L2 weight decay on every W (a solver's weight_decay; default 0). */
  readonly weightDecayLambda?: number;
}

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
  "SoftmaxWithLoss",
] as const;

function filler(f: Fields | undefined): WeightInitKind {
  if (f === undefined) return "he";
  const type = f.string("type", "msra");
  if (type === "msra") return "he";
  if (type === "xavier") return "xavier";
  if (type === "gaussian") {
    const std = f.number("std", 0.01);
    if (!(std > 0)) throw new RangeError(`${f.where}: std must be > 0, got ${std}`);
    return std;
  }
  throw new RangeError(`${f.where}: type must be "msra", "xavier" or "gaussian", got "${type}"`);
}

/**
 * Builds a net from a plaintext schema in the style of Caffe's prototxt instead of code: an
 * input shape and a chain of `layer { name type bottom top ..._param { ... } }` blocks, each
 * reading the blob the previous one wrote (in-place layers such as ReLU use the same name
 * for bottom and top), ending in SoftmaxWithLoss with the labels as its second bottom.
 * Params are named after the schema's layers ("conv1.W"). Weight fillers: "msra" (He,
 * the default here), "xavier", "gaussian" with std.
 *
 * @example
 * const net = netFromSchema(`
 *   name: "tiny"  input: "data"  input_shape { dim: 1 dim: 28 dim: 28 }
 *   layer { name: "fc1" type: "InnerProduct" bottom: "data" top: "fc1" inner_product_param { num_output: 10 } }
 *   layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc1" bottom: "label" top: "loss" }`);
 * Object.keys(net.params()); // ["fc1.W", "fc1.b"]
 */
export function netFromSchema(spec: string | PrototxtMessage, { seed, weightDecayLambda = 0 }: NetFromSchemaOptions = {}): Sequential {
  const where = "netFromSchema";
  const root = new Fields(where, toMessage(where, spec));
  const name = root.string("name", "SchemaNet");
  const inputName = root.string("input", "data");
  const inputShape = readInputShape(where, root);
  const layerMsgs = root.messages("layer");
  if (layerMsgs.length === 0) throw new TypeError(`${where}: the schema has no layer { ... } blocks`);
  const layers: Layer[] = [];
  let lossLayer: SoftmaxWithLoss;
  try {
    lossLayer = buildChain(where, layerMsgs, inputName, inputShape, { rng: netRng(seed), seed, dropouts: 0 }, layers);
  } catch (e) {
    // The layers built so far own Variables nobody else will free.
    layers.forEach((l) => {
      l.dispose();
      Object.values(l.params).forEach((v) => v.dispose());
    });
    throw e;
  }
  return new Sequential(layers, lossLayer, { name, inputShape, weightDecayLambda });
}

/** [C, H, W] or [features] from input_shape, without Caffe's leading batch dim. */
function readInputShape(where: string, root: Fields): number[] {
  const shapeMsg = root.message("input_shape");
  if (shapeMsg === undefined) throw new TypeError(`${where}: the schema needs input_shape { dim: C dim: H dim: W } (or dim: N first)`);
  let dims = shapeMsg.numbers("dim");
  if (dims.length === 4 || (dims.length === 2 && dims[0] !== 1)) dims = dims.slice(1); // a leading batch dim, as in Caffe
  if (dims.length < 1 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(
      `${where}: input_shape dims must be positive integers [C, H, W] or [features], got ${JSON.stringify(shapeMsg.numbers("dim"))}`,
    );
  }
  return dims;
}

/** What building the layers shares: the weight generator, the seed and how many Dropouts came so far. */
interface BuildContext {
  readonly rng: ReturnType<typeof netRng>;
  readonly seed: number | undefined;
  dropouts: number;
}

/**
 * Builds the chain of layers into `layers` (so a caller can free them when a later one fails)
 * and returns the loss layer that ends it. Each layer must read the blob the previous wrote.
 */
function buildChain(
  where: string,
  layerMsgs: readonly PrototxtMessage[],
  inputName: string,
  inputShape: readonly number[],
  ctx: BuildContext,
  layers: Layer[],
): SoftmaxWithLoss {
  const names = new Set<string>();
  let blob = inputName;
  let shape = [1, ...inputShape];
  let lossLayer: SoftmaxWithLoss | undefined;
  layerMsgs.forEach((m, i) => {
    const probe = new Fields(`${where}: layer ${i + 1}`, m);
    const lname = probe.string("name");
    const f = new Fields(`${where}: layer "${lname}"`, m);
    if (names.has(lname))
      throw new TypeError(`${f.where}: the name is used twice; layer names must be unique (params are named after them)`);
    names.add(lname);
    if (lossLayer !== undefined) throw new TypeError(`${f.where}: comes after the loss layer; SoftmaxWithLoss must be last`);
    const type = f.string("type");
    const bottoms = f.strings("bottom");
    const tops = f.strings("top");
    if (bottoms[0] !== blob) {
      throw new TypeError(
        `${f.where}: bottom must be "${blob}" (the blob the previous layer writes; only chains are supported), got ${JSON.stringify(bottoms)}`,
      );
    }
    if (type === "SoftmaxWithLoss") {
      if (bottoms.length !== 2)
        throw new TypeError(`${f.where}: SoftmaxWithLoss needs two bottoms (scores and labels), got ${JSON.stringify(bottoms)}`);
      lossLayer = new SoftmaxWithLoss(lname);
      return;
    }
    if (bottoms.length !== 1 || tops.length !== 1)
      throw new TypeError(
        `${f.where}: needs exactly one bottom and one top, got bottom ${JSON.stringify(bottoms)}, top ${JSON.stringify(tops)}`,
      );
    const layer = buildLayer(f, type, lname, shape, ctx);
    layers.push(layer);
    shape = layer.outputShape(shape);
    blob = tops[0];
  });
  if (lossLayer === undefined) throw new TypeError(`${where}: the last layer must be a SoftmaxWithLoss (with bottoms: scores, "label")`);
  if (layers.length === 0) throw new TypeError(`${where}: the schema has no layer before the loss`);
  return lossLayer;
}

/** One layer of a schema type other than the loss, for an input of `shape` ([1, ...]). */
function buildLayer(f: Fields, type: string, lname: string, shape: readonly number[], ctx: BuildContext): Layer {
  switch (type) {
    case "Convolution": {
      const p = f.message("convolution_param") ?? new Fields(`${f.where} convolution_param`, {});
      if (shape.length !== 4)
        throw new TypeError(`${f.where}: Convolution needs image input [C, H, W], got [${shape.slice(1).join(", ")}]`);
      const C = shape[1];
      const FN = p.int("num_output", undefined, 1);
      const k = p.int("kernel_size", undefined, 1);
      const W = drawWeight(filler(p.message("weight_filler")), [FN, C, k, k], C * k * k, ctx.rng);
      const b = tf.zeros([FN]);
      try {
        return new Convolution(W, b, { stride: p.int("stride", 1, 1), pad: p.int("pad", 0), name: lname });
      } finally {
        tf.dispose([W, b]);
      }
    }
    case "InnerProduct": {
      const p = f.message("inner_product_param") ?? new Fields(`${f.where} inner_product_param`, {});
      const fanIn = shape.slice(1).reduce((a, d) => a * d, 1);
      const out = p.int("num_output", undefined, 1);
      const W = drawWeight(filler(p.message("weight_filler")), [fanIn, out], fanIn, ctx.rng);
      const b = tf.zeros([out]);
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
      const k = p.int("kernel_size", undefined, 1);
      const mode = pool === "MAX" ? "max" : "avg";
      return new Pooling({ poolH: k, poolW: k, stride: p.int("stride", 1, 1), pad: p.int("pad", 0), mode, name: lname });
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
    default:
      throw new RangeError(`${f.where}: unknown type "${type}"; supported: ${SCHEMA_LAYER_TYPES.join(", ")}`);
  }
}
