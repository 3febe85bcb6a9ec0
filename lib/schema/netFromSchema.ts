import type { Layer } from "../layers/layer";
import { isMultiInputLayer, type MultiInputLayer } from "../layers/multiInputLayer";
import { SoftmaxWithLoss } from "../layers/softmaxWithLoss";
import { GraphNet, type GraphLoss, type GraphNode } from "../nets/graphNet";
import { Sequential } from "../nets/sequential";
import { netRng } from "../nets/weights";
import { Fields, toMessage } from "./fields";
import { NET_SCHEMA, checkSchemaFields, describeField } from "./schemaFields";
import { checkTensorSize } from "../init/tensorSizeLimit";
import type { PrototxtMessage } from "./prototxt";
import { MULTI_BOTTOM_TYPES, buildSchemaLayer, type BuildContext } from "./schemaLayers";
import { checkOptions, optionKeys } from "../options/checkOptions";

export { SCHEMA_LAYER_TYPES } from "./schemaLayers";

/** Options of {@link netFromSchema}. */
export interface NetFromSchemaOptions {
  /** Seed for the weight fillers and dropout masks (default: unseeded). */
  readonly seed?: number;
  /** L2 weight decay on every W (a solver's weight_decay; default 0). */
  readonly weightDecayLambda?: number;
}

const NET_FROM_SCHEMA_KEYS = optionKeys<NetFromSchemaOptions>({ seed: true, weightDecayLambda: true });

/**
 * Builds a net from a plaintext schema in Caffe's prototxt format instead of code: the
 * inputs (`input: "data"` with `input_shape { dim: N dim: C dim: H dim: W }`, and
 * `input: "label"`), then `layer { name type bottom top ..._param { ... } }` blocks connected
 * by blob names, ending in SoftmaxWithLoss with the scores and the labels as its bottoms.
 * In-place layers (ReLU) use one name for bottom and top. When the layers form a chain the
 * result is a {@link Sequential}; when a blob feeds two layers or a layer (Concat, Eltwise)
 * reads two blobs, a {@link GraphNet}.
 *
 * Caffe's defaults hold: a layer without a weight_filler gets constant 0 (so name one:
 * "msra" (He), "xavier", "gaussian" with std, "constant" with value); biases constant 0
 * unless a bias_filler says otherwise; Pooling rounds its window count up (round_mode CEIL).
 * Params are named after the schema's layers ("conv1.W").
 *
 * @example
 * const net = netFromSchema(`
 *   name: "tiny"
 *   input: "data"  input_shape { dim: 1 dim: 1 dim: 28 dim: 28 }
 *   input: "label"
 *   layer { name: "fc1" type: "InnerProduct" bottom: "data" top: "fc1"
 *     inner_product_param { num_output: 10 weight_filler { type: "xavier" } } }
 *   layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc1" bottom: "label" top: "loss" }`);
 * Object.keys(net.params()); // ["fc1.W", "fc1.b"]
 */
export function netFromSchema(spec: string | PrototxtMessage, options: NetFromSchemaOptions = {}): Sequential | GraphNet {
  const where = "netFromSchema";
  checkOptions(where, options, NET_FROM_SCHEMA_KEYS);
  const { seed, weightDecayLambda = 0 } = options;
  const msg = toMessage(where, spec);
  checkSchemaFields(where, msg, NET_SCHEMA, "the schema");
  const root = new Fields(where, msg);
  const name = root.string("name", "SchemaNet");
  const inputs = readInputs(where, root);
  const layerMsgs = root.messages("layer");
  if (layerMsgs.length === 0) throw new TypeError(`${where}: the schema has no layer { ... } blocks`);
  const nodes: GraphNode[] = [];
  try {
    const loss = buildNodes(where, layerMsgs, inputs, { rng: netRng(seed), seed, dropouts: 0 }, nodes);
    if (isChain(nodes, loss, inputs.data)) {
      return new Sequential(
        nodes.map((n) => n.layer as Layer),
        loss.layer,
        { name, inputShape: inputs.shape, weightDecayLambda },
      );
    }
    return new GraphNet(nodes, loss, { name, input: inputs.data, inputShape: inputs.shape, weightDecayLambda });
  } catch (e) {
    // The layers built so far own Variables nobody else will free.
    nodes.forEach(({ layer }) => {
      layer.dispose();
      Object.values(layer.params).forEach((v) => v.dispose());
    });
    throw e;
  }
}

/** The schema's inputs: the data blob with its shape (batch dim dropped), and the others (labels). */
interface SchemaInputs {
  readonly data: string;
  readonly shape: number[];
  readonly others: ReadonlySet<string>;
}

/** Reads `input` / `input_shape` as Caffe pairs them: the first input is the data, with the first shape. */
function readInputs(where: string, root: Fields): SchemaInputs {
  const names = root.strings("input");
  if (names.length === 0) names.push("data");
  const shapes = root.messages("input_shape");
  const example = "input_shape { dim: 1 dim: 1 dim: 28 dim: 28 }";
  if (shapes.length === 0)
    throw new TypeError(`${where}: the schema needs an input_shape for "${names[0]}", N, C, H, W as in Caffe: ${example}`);
  if (shapes.length > names.length)
    throw new TypeError(`${where}: ${shapes.length} input_shape blocks for ${names.length} inputs (${names.join(", ")}); one per input`);
  const dims = new Fields(`${where} input_shape`, shapes[0]).numbers("dim");
  if ((dims.length !== 4 && dims.length !== 2) || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(
      `${where}: input_shape needs positive N, C, H, W dims as in Caffe (${example}), or N, D for flat input; got [${dims.map(describeField).join(",")}]`,
    );
  }
  checkTensorSize(`${where}: input_shape`, "one sample", `dim ${dims.slice(1).join(", ")}`, dims.slice(1));
  // N is the batch, which comes with each batch of x.
  return { data: names[0], shape: dims.slice(1), others: new Set(names.slice(1)) };
}

/**
 * Builds the layers in declaration order into `nodes` (so a caller can free them when a later
 * one fails) and returns the loss. Every bottom must come from an input or an earlier layer.
 */
function buildNodes(
  where: string,
  layerMsgs: readonly PrototxtMessage[],
  inputs: SchemaInputs,
  ctx: BuildContext,
  nodes: GraphNode[],
): GraphLoss {
  const shapes = new Map<string, readonly number[]>([[inputs.data, [1, ...inputs.shape]]]);
  const writers = new Map<string, string>();
  const names = new Set<string>();
  let loss: GraphLoss | undefined;
  const quoted = (names: Iterable<string>): string => [...names].map((n) => `"${n}"`).join(", ") || "none";
  const known = (): string => `inputs: ${quoted([inputs.data, ...inputs.others])}; blobs so far: ${quoted(writers.keys())}`;
  layerMsgs.forEach((m, i) => {
    const lname = new Fields(`${where}: layer ${i + 1}`, m).string("name");
    const f = new Fields(`${where}: layer "${lname}"`, m);
    if (names.has(lname))
      throw new TypeError(`${f.where}: the name is used twice; layer names must be unique (params are named after them)`);
    names.add(lname);
    if (loss !== undefined) throw new TypeError(`${f.where}: comes after the loss layer; SoftmaxWithLoss must be last`);
    const type = f.string("type");
    const bottoms = f.strings("bottom");
    const tops = f.strings("top");
    const fromNowhere = (b: string): TypeError =>
      new TypeError(`${f.where}: the bottom "${b}" comes from no input and no earlier layer (${known()})`);
    if (type === "SoftmaxWithLoss") {
      if (bottoms.length !== 2)
        throw new TypeError(`${f.where}: SoftmaxWithLoss needs two bottoms (scores and labels), got ${JSON.stringify(bottoms)}`);
      const [scores, label] = bottoms;
      if (!shapes.has(scores)) throw fromNowhere(scores);
      if (!inputs.others.has(label)) {
        if (writers.has(label))
          throw new TypeError(
            `${f.where}: the label bottom "${label}" is written by layer "${writers.get(label)}"; nnlab passes the labels to loss(x, t), so declare them as an input: input: "${label}"`,
          );
        throw new TypeError(
          `${f.where}: the label bottom "${label}" comes from no input and no layer; declare it as Caffe does: input: "${label}"`,
        );
      }
      loss = { layer: new SoftmaxWithLoss(lname), bottom: scores };
      return;
    }
    const many = MULTI_BOTTOM_TYPES.has(type);
    if (tops.length !== 1 || bottoms.length === 0 || (!many && bottoms.length !== 1))
      throw new TypeError(
        `${f.where}: needs ${many ? "one or more bottoms" : "exactly one bottom"} and one top, got bottom ${JSON.stringify(bottoms)}, top ${JSON.stringify(tops)}`,
      );
    for (const b of bottoms) {
      if (inputs.others.has(b))
        throw new TypeError(`${f.where}: reads the input "${b}"; only the loss reads inputs other than "${inputs.data}"`);
      if (!shapes.has(b)) throw fromNowhere(b);
    }
    const top = tops[0];
    if (!bottoms.includes(top) && (writers.has(top) || top === inputs.data || inputs.others.has(top)))
      throw new TypeError(
        `${f.where}: writes the top "${top}", which ${writers.has(top) ? `layer "${writers.get(top)}" writes` : "is an input"}; only an in-place layer (bottom "${top}") may write it again`,
      );
    const inShapes = bottoms.map((b) => shapes.get(b)!);
    const layer: Layer | MultiInputLayer = buildSchemaLayer(f, type, lname, inShapes, ctx);
    nodes.push({ layer, bottom: many ? bottoms : bottoms[0], top });
    shapes.set(top, isMultiInputLayer(layer) ? layer.outputShape(inShapes) : layer.outputShape(inShapes[0]));
    writers.set(top, lname);
  });
  if (loss === undefined) throw new TypeError(`${where}: the last layer must be a SoftmaxWithLoss (with bottoms: scores, "label")`);
  if (nodes.length === 0) throw new TypeError(`${where}: the schema has no layer before the loss`);
  return loss;
}

/** True when each layer reads exactly the blob the one before wrote (a Sequential will do). */
function isChain(nodes: readonly GraphNode[], loss: GraphLoss, data: string): boolean {
  let blob = data;
  for (const n of nodes) {
    if (typeof n.bottom !== "string" || n.bottom !== blob) return false;
    blob = n.top;
  }
  return loss.bottom === blob;
}
