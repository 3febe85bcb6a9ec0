import * as tf from "@tensorflow/tfjs-core";
import { describeValue, formatShape } from "../errors";
import type { ForwardOptions, Layer, LossLayer } from "../layers/layer";
import { isMultiInputLayer, type MultiInputLayer } from "../layers/multiInputLayer";
import { NetCore, checkNetName, checkNetOptions, isLayerLike, isLossLayer, layerParamCount, typeName, type NetTable } from "./netCore";
import { formatCount } from "./table";
import { checkOptions, optionKeys } from "../options/checkOptions";

/**
 * One layer of a GraphNet with the blobs it reads and writes, as in a Caffe prototxt:
 * `{ layer: relu, bottom: "conv1", top: "conv1" }`. A top equal to one of the layer's own
 * bottoms is in place (Caffe's habit for ReLU): later readers of that blob see the new value.
 */
export interface GraphNode {
  readonly layer: Layer | MultiInputLayer;
  /** The blob(s) the layer reads: one name, or several for Concat and Eltwise. */
  readonly bottom: string | readonly string[];
  /** The blob the layer writes. */
  readonly top: string;
}

/** The loss on top of a GraphNet: `bottom` holds the scores, `label` (default "label") the labels. */
export interface GraphLoss {
  readonly layer: LossLayer;
  /** The blob with the scores; `predict` returns it. */
  readonly bottom: string;
}

/** Options of {@link GraphNet}. */
export interface GraphNetOptions {
  /** The net's name in messages and displays (default "GraphNet"). */
  readonly name?: string;
  /** The blob that holds the input batch (default "data"). */
  readonly input?: string;
  /** The shape of one input sample, e.g. [1, 28, 28]. Required. */
  readonly inputShape: readonly number[];
  /** As in Sequential: `0.5 * lambda * sum(W^2)` over every param named "W" is added to the loss. */
  readonly weightDecayLambda?: number;
}

// The option names of GraphNetOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const GRAPH_NET_KEYS = optionKeys<GraphNetOptions>({ name: true, input: true, inputShape: true, weightDecayLambda: true });

/**
 * Checks GraphNet's options (its third argument); to be called first in its constructor,
 * before the options are destructured.
 */
function checkGraphNetOptions(options: unknown): void {
  checkOptions("GraphNet", options, GRAPH_NET_KEYS);
}

/** One row of a GraphNet's summary. */
export interface GraphLayerSummary {
  readonly name: string;
  readonly type: string;
  readonly bottoms: readonly string[];
  readonly top: string;
  /** Output shape with the batch dimension as null. */
  readonly outputShape: readonly (number | null)[];
  readonly params: number;
}

/** A node after its blobs were resolved to values: each value is one version of a blob. */
interface ResolvedNode {
  readonly index: number;
  readonly layer: Layer | MultiInputLayer;
  readonly bottoms: readonly string[];
  readonly top: string;
  /** The values read, in the bottoms' order (a value id is "<blob>#<version>"). */
  readonly inputs: readonly string[];
  readonly output: string;
}

/**
 * A net that is a graph, not a chain: each layer names its bottoms and its top (blobs, as in
 * Caffe), so a value may feed several layers (a residual shortcut) and a layer may read
 * several values (Concat, Eltwise). Same API as {@link Sequential}: predict, loss, gradient,
 * params ("<layer>.<param>"), state, dispose, so optimizers, Trainer (one thread),
 * saveParams and loadParams take it unchanged.
 *
 * What makes it a graph is all here: forward runs the layers in topological order and frees
 * each value after its last reader; backward runs them in reverse, and where a blob fed
 * several layers, the gradients flowing back from each are added up: a value that branches
 * gets the sum of its branches' gradients. Everything else (checks, predict in slices, weight
 * decay, params by name, dispose) is {@link NetCore}'s, shared with Sequential.
 *
 * Its `layers` (Net's) are the one-bottom layers in forward order; Concat and Eltwise are in
 * `nodes` only, since they do not take one tensor.
 *
 * @example
 * const net = new GraphNet(
 *   [
 *     { layer: conv, bottom: "data", top: "conv1" },
 *     { layer: new Relu("Relu1"), bottom: "conv1", top: "conv1" }, // in place
 *     { layer: new Eltwise("Sum1"), bottom: ["conv1", "data"], top: "sum1" }, // x + F(x)
 *     { layer: new Flatten("Flatten1"), bottom: "sum1", top: "flat" },
 *     { layer: affine, bottom: "flat", top: "score" },
 *   ],
 *   { layer: new SoftmaxWithLoss(), bottom: "score" },
 *   { name: "ResNetlet", inputShape: [1, 8, 8] },
 * );
 */
export class GraphNet extends NetCore {
  /** Every layer in forward (topological) order, one-bottom and several-bottom alike. */
  readonly nodes: readonly GraphNode[];
  readonly input: string;
  /** The blob `predict` returns (the loss layer's bottom). */
  readonly output: string;
  private readonly order: readonly ResolvedNode[];
  /** The value the loss reads. */
  private readonly outputValue: string;
  /** Each value's shape for a batch of one. */
  private readonly shapes: ReadonlyMap<string, readonly number[]>;
  /** How many layers (and the loss) read each value: forward frees a value after its last reader. */
  private readonly readers: ReadonlyMap<string, number>;

  constructor(nodes: readonly GraphNode[], loss: GraphLoss, options: GraphNetOptions) {
    checkGraphNetOptions(options);
    const { name = "GraphNet", input = "data", inputShape, weightDecayLambda = 0 } = options;
    const where = checkNetName("GraphNet", name);
    if (!Array.isArray(nodes) || nodes.length === 0)
      throw new TypeError(`${where}: nodes must be a non-empty array of { layer, bottom, top }, got ${describeValue(nodes)}`);
    if (typeof input !== "string" || input === "") throw new TypeError(`${where}: input must be a blob name, got ${describeValue(input)}`);
    const names = new Set<string>();
    const specs = nodes.map((n, i) => {
      if (typeof n !== "object" || n === null || !isLayerLike(n.layer))
        throw new TypeError(
          `${where}: nodes[${i}].layer is not a Layer (needs name, forward, backward, outputShape), got ${describeValue(n?.layer)}`,
        );
      const layerName = n.layer.name;
      const bottoms = typeof n.bottom === "string" ? [n.bottom] : Array.isArray(n.bottom) ? [...(n.bottom as string[])] : [];
      if (bottoms.length === 0 || bottoms.some((b) => typeof b !== "string" || b === ""))
        throw new TypeError(`${where}: layer "${layerName}" needs bottom: a blob name or an array of them, got ${describeValue(n.bottom)}`);
      if (typeof n.top !== "string" || n.top === "")
        throw new TypeError(`${where}: layer "${layerName}" needs top: a blob name, got ${describeValue(n.top)}`);
      if (!isMultiInputLayer(n.layer) && bottoms.length !== 1)
        throw new RangeError(
          `${where}: layer "${layerName}" takes one bottom, got ${bottoms.length} (${bottoms.join(", ")}); Concat and Eltwise take several`,
        );
      if (names.has(layerName))
        throw new RangeError(
          `${where}: two layers are named "${layerName}"; layer names must be unique (params are named "<layer>.<param>")`,
        );
      names.add(layerName);
      return { index: i, layer: n.layer, bottoms, top: n.top };
    });
    if (typeof loss !== "object" || loss === null || !isLossLayer(loss.layer))
      throw new TypeError(`${where}: loss must be { layer: LossLayer, bottom }, got ${describeValue(loss)}`);
    if (typeof loss.bottom !== "string" || loss.bottom === "")
      throw new TypeError(`${where}: loss.bottom must be the name of the scores blob, got ${describeValue(loss.bottom)}`);
    checkNetOptions(where, inputShape, weightDecayLambda);

    // Each blob is written once, then rewritten by in-place layers in declaration order;
    // versions tell those values apart. Non-in-place readers read the last version.
    const writer = new Map<string, string>([[input, "the input"]]);
    const versions = new Map<string, number>([[input, 0]]);
    const inPlaceVersion = new Map<number, number>(); // node index -> the version it writes
    for (const s of specs) {
      if (s.bottoms.includes(s.top)) continue;
      const before = writer.get(s.top);
      if (before !== undefined)
        throw new RangeError(
          `${where}: layer "${s.layer.name}" writes the top "${s.top}", which ${before === "the input" ? "is the input" : `layer "${before}" writes`} (only a layer whose bottom is that blob may write it again, in place)`,
        );
      writer.set(s.top, s.layer.name);
      versions.set(s.top, 0);
    }
    for (const s of specs) {
      if (!s.bottoms.includes(s.top)) continue;
      const v = versions.get(s.top);
      if (v === undefined)
        throw new RangeError(
          `${where}: layer "${s.layer.name}" reads the bottom "${s.top}", which no layer writes and which is not the input "${input}"`,
        );
      versions.set(s.top, v + 1);
      inPlaceVersion.set(s.index, v + 1);
    }
    const last = (blob: string, reader: string): string => {
      const v = versions.get(blob);
      if (v === undefined)
        throw new RangeError(`${where}: ${reader} reads the bottom "${blob}", which no layer writes and which is not the input "${input}"`);
      return `${blob}#${v}`;
    };
    const resolved: ResolvedNode[] = specs.map((s) => {
      const own = inPlaceVersion.get(s.index);
      return {
        ...s,
        inputs: s.bottoms.map((b) => (own !== undefined && b === s.top ? `${b}#${own - 1}` : last(b, `layer "${s.layer.name}"`))),
        output: `${s.top}#${own ?? 0}`,
      };
    });
    const outputValue = last(loss.bottom, `the loss "${loss.layer.name}"`);
    if (outputValue === `${input}#0`)
      throw new RangeError(`${where}: the loss reads the input "${input}" directly; it needs a layer's scores`);

    const order = topologicalOrder(where, resolved, `${input}#0`);
    const shapes = new Map<string, readonly number[]>([[`${input}#0`, [1, ...inputShape]]]);
    const readers = new Map<string, number>([[outputValue, 1]]);
    for (const n of order) {
      const ins = n.inputs.map((v) => shapes.get(v)!);
      // Shapes checked now report a wrong graph at construction, not at the first batch.
      const out = isMultiInputLayer(n.layer) ? n.layer.outputShape(ins) : n.layer.outputShape(ins[0]);
      shapes.set(n.output, out);
      for (const v of n.inputs) readers.set(v, (readers.get(v) ?? 0) + 1);
    }
    const owners = order.map((n) => n.layer);
    super({
      name,
      layers: owners.filter((l): l is Layer => !isMultiInputLayer(l)),
      owners,
      lossLayer: loss.layer,
      inputShape,
      weightDecayLambda,
      scoreShape: shapes.get(outputValue)!,
    });
    this.input = input;
    this.output = loss.bottom;
    this.order = order;
    this.outputValue = outputValue;
    this.shapes = shapes;
    this.readers = readers;
    this.nodes = order.map((n) => nodes[n.index]);
  }

  /** Runs the layers in order; frees each value after its last reader. The caller owns the result. */
  protected override forwardLayers(x: tf.Tensor, opts: ForwardOptions): tf.Tensor {
    const values = new Map<string, tf.Tensor>([[`${this.input}#0`, x]]);
    const left = new Map(this.readers);
    // A layer may hand back its input (Dropout at test time): one tensor may be several values.
    const release = (id: string): void => {
      const n = (left.get(id) ?? 0) - 1;
      left.set(id, n);
      if (n > 0) return;
      const t = values.get(id)!;
      values.delete(id);
      if (t !== x && ![...values.values()].includes(t)) t.dispose();
    };
    try {
      for (const n of this.order) {
        const ins = n.inputs.map((v) => values.get(v)!);
        const y = isMultiInputLayer(n.layer) ? n.layer.forward(ins, opts) : n.layer.forward(ins[0], opts);
        values.set(n.output, y);
        for (const v of n.inputs) release(v);
      }
      const out = values.get(this.outputValue)!;
      return out === x ? x.clone() : out;
    } catch (e) {
      for (const t of new Set(values.values())) if (t !== x) t.dispose();
      throw e;
    }
  }

  /**
   * Runs the layers in reverse topological order. Gradients reaching a value from several
   * readers are summed: the branching rule.
   */
  protected override backwardLayers(dscores: tf.Tensor, batch: number): void {
    const diffs = new Map<string, tf.Tensor>([[this.outputValue, dscores]]);
    // The branching rule: a second gradient into the same value is added to the first.
    const accumulate = (id: string, g: tf.Tensor): void => {
      const before = diffs.get(id);
      if (before === undefined) {
        diffs.set(id, g);
        return;
      }
      diffs.set(id, tf.add(before, g));
      before.dispose();
      g.dispose();
    };
    try {
      for (let i = this.order.length - 1; i >= 0; i--) {
        const n = this.order[i];
        // A layer whose top reaches no loss still needs grads (zero) for its params.
        const dout = diffs.get(n.output) ?? tf.zeros([batch, ...this.shapes.get(n.output)!.slice(1)]);
        diffs.delete(n.output);
        try {
          if (isMultiInputLayer(n.layer)) {
            const dxs = n.layer.backward(dout);
            n.inputs.forEach((v, k) => accumulate(v, dxs[k]));
          } else {
            accumulate(n.inputs[0], n.layer.backward(dout));
          }
        } finally {
          dout.dispose();
        }
      }
    } finally {
      tf.dispose([...diffs.values()]);
    }
  }

  /** One row per layer in forward order: name, type, bottoms, top, output shape, params. */
  summary(): GraphLayerSummary[] {
    return this.order.map((n) => ({
      name: n.layer.name,
      type: typeName(n.layer),
      bottoms: n.bottoms,
      top: n.top,
      outputShape: [null, ...this.shapes.get(n.output)!.slice(1)],
      params: layerParamCount(n.layer),
    }));
  }

  /** The display's table: layer, type, bottoms -> top, output shape, params. */
  protected override table(): NetTable {
    const rows = this.summary().map((r) => [
      r.name,
      r.type,
      `${r.bottoms.join(", ")} -> ${r.top}`,
      formatShape(r.outputShape).replace("?", "N"),
      formatCount(r.params),
    ]);
    rows.push([this.lossLayer.name, typeName(this.lossLayer), `${this.output} -> loss`, "scalar", "0"]);
    return {
      headers: ["layer", "type", "bottoms -> top", "output shape", "params"],
      align: ["left", "left", "left", "left", "right"],
      rows,
      input: `input "${this.input}"`,
    };
  }
}

/**
 * Kahn's algorithm, taking ready layers in declaration order (so a chain keeps its order).
 * What is left at the end lies on or behind a cycle: the error walks one cycle and names it.
 */
function topologicalOrder(where: string, nodes: readonly ResolvedNode[], inputValue: string): ResolvedNode[] {
  const producer = new Map<string, ResolvedNode>();
  for (const n of nodes) producer.set(n.output, n);
  const done = new Set<string>([inputValue]);
  const order: ResolvedNode[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const n of nodes) {
      if (order.includes(n) || !n.inputs.every((v) => done.has(v))) continue;
      order.push(n);
      done.add(n.output);
      progress = true;
      break;
    }
  }
  if (order.length === nodes.length) return order;
  // Follow unmet inputs from a stuck layer until a layer repeats: that loop is the cycle.
  const stuck = nodes.filter((n) => !order.includes(n));
  const path: ResolvedNode[] = [];
  let n: ResolvedNode = stuck[0];
  while (!path.includes(n)) {
    path.push(n);
    const unmet = n.inputs.find((v) => !done.has(v))!;
    n = producer.get(unmet)!;
  }
  // Each layer on the path reads the next one's top; reversed, the cycle reads in data order.
  const cycle = path.slice(path.indexOf(n)).reverse();
  const blob = (v: string): string => v.slice(0, v.lastIndexOf("#"));
  const steps = cycle.map((c) => `layer "${c.layer.name}" writes "${blob(c.output)}"`).join(", read by ");
  throw new RangeError(
    `${where}: the layers form a cycle, so there is no order to run them in: ${steps}, read by layer "${cycle[0].layer.name}"`,
  );
}
