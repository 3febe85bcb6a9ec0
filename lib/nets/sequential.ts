import * as tf from "@tensorflow/tfjs-core";
import { ShapeError, formatShape, describeValue } from "../errors";
import { toMimeBundle, type MimeBundle } from "../host";
import type { ForwardOptions, Layer, Layout, LossLayer } from "../layers/layer";
import { isFusedReluTarget, isReluFusable } from "../layers/reluFusion";
import { planLayouts, relayout, type LayerStep } from "./layoutPlan";
import type { GradientResult, Net } from "./net";
import { htmlTable } from "../display/html";
import { formatCount, textTable, type Align } from "./table";
import { lossWithDecay, weightDecayTerm } from "./weightDecay";

/** Eval-mode predict runs at most this many images through the layers at once. */
export const PREDICT_CHUNK = 1000;

/** Options of {@link Sequential}. */
export interface SequentialOptions {
  /** The net's name in messages and displays (default "Sequential"). */
  readonly name?: string;
  /** The shape of one input sample, e.g. [1, 28, 28] or [784]. Required. */
  readonly inputShape: readonly number[];
  /**
   * L2 weight decay lambda (default 0): `0.5 * lambda * sum(W^2)` over every param named "W"
   * (the Affine and Convolution weights) is added to the loss, `lambda * W` to each dW.
   */
  readonly weightDecayLambda?: number;
}

/** One row of a net's summary. */
export interface LayerSummary {
  readonly name: string;
  /** The layer's class name: "Affine", "Convolution". */
  readonly type: string;
  /** Output shape for one batch; the batch dimension is shown as null. */
  readonly outputShape: readonly (number | null)[];
  /** Number of trainable scalars in the layer. */
  readonly params: number;
}

function isLayer(value: unknown): value is Layer {
  const l = value as Layer;
  return (
    typeof value === "object" &&
    value !== null &&
    typeof l.name === "string" &&
    typeof l.forward === "function" &&
    typeof l.backward === "function" &&
    typeof l.outputShape === "function"
  );
}

function typeName(value: object): string {
  return value.constructor?.name ?? "Layer";
}

/**
 * The generic net: layers in order with a loss layer on top. TwoLayerNet, MultiLayerNet,
 * SimpleConvNet and DeepConvNet are Sequentials built with the book's layer lists.
 *
 * Params are exposed as "<layer>.<param>" ("Affine1.W") and are the layers' own variables,
 * so an optimizer updating `net.params()` trains the layers. The net owns its layers: `dispose()`
 * frees them and their params.
 *
 * @example
 * const net = new Sequential(
 *   [new Affine(W1, b1, "Affine1"), new Relu("Relu1"), new Affine(W2, b2, "Affine2")],
 *   new SoftmaxWithLoss("SoftmaxWithLoss"),
 *   { name: "TinyNet", inputShape: [784] },
 * );
 * const { loss, grads } = net.gradient(x, t); // grads["Affine1.W"] ...
 */
export class Sequential implements Net {
  readonly name: string;
  readonly layers: readonly Layer[];
  readonly lossLayer: LossLayer;
  readonly inputShape: readonly number[];
  readonly weightDecayLambda: number;
  /** Each layer's output shape for a batch of one (the batch dimension is 1 here). */
  private readonly shapes: readonly number[][];
  /** Per layer, in training and in inference: NHWC or not, where the layout changes, which Convolution fuses its Relu. */
  private readonly plans: { readonly train: readonly LayerStep[]; readonly infer: readonly LayerStep[] };
  /** Grads the net made itself (weight decay added), freed on the next gradient call. */
  private ownedGrads: tf.Tensor[] = [];
  private disposed = false;

  constructor(
    layers: readonly Layer[],
    lossLayer: LossLayer,
    { name = "Sequential", inputShape, weightDecayLambda = 0 }: SequentialOptions,
  ) {
    const where = `Sequential "${name}"`;
    if (typeof name !== "string" || name === "") throw new TypeError(`Sequential: name must be a non-empty string, got ${String(name)}`);
    if (!Array.isArray(layers) || layers.length === 0)
      throw new TypeError(`${where}: layers must be a non-empty array of Layer, got ${describeValue(layers)}`);
    layers.forEach((l, i) => {
      if (!isLayer(l))
        throw new TypeError(`${where}: layers[${i}] is not a Layer (needs name, forward, backward, outputShape), got ${describeValue(l)}`);
    });
    if (
      typeof lossLayer !== "object" ||
      lossLayer === null ||
      typeof lossLayer.forward !== "function" ||
      typeof lossLayer.backward !== "function"
    ) {
      throw new TypeError(`${where}: lossLayer must be a LossLayer (forward(x, t), backward()), got ${describeValue(lossLayer)}`);
    }
    const seen = new Set<string>();
    for (const l of layers) {
      if (seen.has(l.name))
        throw new RangeError(`${where}: two layers are named "${l.name}"; layer names must be unique (params are named "<layer>.<param>")`);
      seen.add(l.name);
    }
    if (!Array.isArray(inputShape) || inputShape.length === 0 || inputShape.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw new RangeError(
        `${where}: inputShape must be a non-empty array of positive integers (one sample, no batch), got ${JSON.stringify(inputShape)}`,
      );
    }
    if (typeof weightDecayLambda !== "number" || !Number.isFinite(weightDecayLambda) || weightDecayLambda < 0) {
      throw new RangeError(`${where}: weightDecayLambda must be a finite number >= 0, got ${String(weightDecayLambda)}`);
    }
    this.name = name;
    this.layers = [...layers];
    this.lossLayer = lossLayer;
    this.inputShape = [...inputShape];
    this.weightDecayLambda = weightDecayLambda;
    // Chaining the output shapes now reports a wrong layer list at construction, not at the
    // first batch.
    const shapes: number[][] = [];
    let shape = [1, ...inputShape];
    for (const l of this.layers) {
      shape = l.outputShape(shape);
      shapes.push(shape);
    }
    this.shapes = shapes;
    const inputs = [[1, ...inputShape], ...shapes.slice(0, -1)];
    this.plans = { train: planLayouts(this.layers, inputs, true), infer: planLayouts(this.layers, inputs, false) };
  }

  /** The shape of the scores for a batch of n: [n, classes]. */
  outputShape(n = 1): number[] {
    const last = this.shapes[this.shapes.length - 1];
    return [n, ...last.slice(1)];
  }

  private checkAlive(where: string): void {
    if (this.disposed) throw new Error(`${where}: the net was disposed`);
  }

  private checkX(where: string, x: tf.Tensor): void {
    if (!(x instanceof tf.Tensor)) throw new TypeError(`${where}: x must be a tf.Tensor, got ${typeof x}`);
    const s = x.shape;
    if (s.length !== this.inputShape.length + 1 || this.inputShape.some((d, i) => s[i + 1] !== d)) {
      throw new ShapeError(where, "x", `[N, ${this.inputShape.join(", ")}]`, s);
    }
  }

  private checkT(where: string, x: tf.Tensor, t: tf.Tensor): void {
    if (!(t instanceof tf.Tensor)) throw new TypeError(`${where}: t must be a tf.Tensor, got ${typeof t}`);
    if ((t.rank !== 1 && t.rank !== 2) || t.shape[0] !== x.shape[0]) {
      throw new ShapeError(where, "t", `labels [${x.shape[0]}] or one-hot [${x.shape[0]}, classes] (one per sample of x)`, t.shape);
    }
  }

  /**
   * Runs the layers; frees every intermediate (each layer keeps what its backward needs).
   * Runs of NHWC layers get NHWC (see layoutPlan.ts); the result is NCHW like x.
   */
  private forwardLayers(x: tf.Tensor, opts: ForwardOptions): tf.Tensor {
    const { layers } = this;
    const plan = opts.train === true ? this.plans.train : this.plans.infer;
    const nhwcOpts: ForwardOptions = { ...opts, layout: "NHWC" };
    let h = x;
    const advance = (next: tf.Tensor) => {
      if (h !== x && next !== h) h.dispose();
      h = next;
    };
    for (let i = 0; i < layers.length; i++) {
      const step = plan[i];
      const l = layers[i];
      if (step.enter) advance(relayout(h, "NHWC"));
      const layerOpts = step.nhwc ? nhwcOpts : opts;
      const relu = step.fuseNext ? layers[i + 1] : undefined;
      if (relu !== undefined && isReluFusable(l) && isFusedReluTarget(relu) && l.canFuseRelu(layerOpts)) {
        // Both stay layers with their own backward: the Relu takes the fused output as its own.
        advance(l.forwardFusedRelu(h, layerOpts));
        advance(relu.adoptFusedOutput(h));
        i++;
      } else {
        advance(l.forward(h, layerOpts));
      }
      if (plan[i].exit) advance(relayout(h, "NCHW"));
    }
    // A layer may hand its input back unchanged (dropout at test time); the caller owns the
    // result, so never return the caller's own x.
    return h === x ? x.clone() : h;
  }

  /** Scores (pre-softmax) [N, classes]; eval mode unless `{ train: true }`. The caller owns the result. */
  predict(x: tf.Tensor, opts: ForwardOptions = {}): tf.Tensor {
    const where = `${this.name}.predict`;
    this.checkAlive(where);
    this.checkX(where, x);
    const train = opts.train ?? false;
    const n = x.shape[0];
    if (train || n <= PREDICT_CHUNK) return this.forwardLayers(x, { train });
    // In eval mode every image is independent, so slices give the same scores; one pass over
    // all 10,000 MNIST test images would need gigabytes of feature maps, past wasm's memory
    // ("memory access out of bounds").
    const parts: tf.Tensor[] = [];
    try {
      for (let i = 0; i < n; i += PREDICT_CHUNK) {
        const slice = tf.slice(x, i, Math.min(PREDICT_CHUNK, n - i));
        try {
          parts.push(this.forwardLayers(slice, { train }));
        } finally {
          slice.dispose();
        }
      }
      return tf.concat(parts, 0);
    } finally {
      tf.dispose(parts);
    }
  }

  private decayWeights(): tf.Variable[] {
    const out: tf.Variable[] = [];
    for (const l of this.layers) if (l.params.W !== undefined) out.push(l.params.W);
    return out;
  }

  /** The weight-decay term 0.5 * lambda * sum(W^2), as a number (0 without decay). */
  weightDecayLoss(): number {
    return weightDecayTerm(this.weightDecayLambda, this.decayWeights());
  }

  /** Mean loss of the batch (plus weight decay); eval mode unless `{ train: true }`. The caller owns the scalar. */
  loss(x: tf.Tensor, t: tf.Tensor, opts: ForwardOptions = {}): tf.Scalar {
    const where = `${this.name}.loss`;
    this.checkAlive(where);
    this.checkX(where, x);
    this.checkT(where, x, t);
    const y = this.forwardLayers(x, { train: opts.train ?? false });
    return lossWithDecay(this.lossLayer, y, t, this.weightDecayLoss());
  }

  /**
   * Forward in train mode, then backward: the loss (a number) and dL/dparam for every param.
   * The grads are owned by the net (or its layers) and stay valid until the next gradient
   * call; do not dispose them.
   */
  gradient(x: tf.Tensor, t: tf.Tensor): GradientResult {
    const where = `${this.name}.gradient`;
    this.checkAlive(where);
    this.checkX(where, x);
    this.checkT(where, x, t);
    tf.dispose(this.ownedGrads);
    this.ownedGrads = [];
    // x and t were checked above; loss() would check them again.
    const L = lossWithDecay(this.lossLayer, this.forwardLayers(x, { train: true }), t, this.weightDecayLoss());
    const loss = L.dataSync()[0];
    L.dispose();
    let dout = this.lossLayer.backward(1);
    // Replaces dout by itself in the layout the next layer down takes.
    const toLayout = (to: Layout) => {
      const next = relayout(dout, to);
      dout.dispose();
      dout = next;
    };
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const step = this.plans.train[i];
      if (step.exit) toLayout("NHWC");
      // Nobody reads the first layer's dx; a layer that can skip computing it (Convolution's
      // backwardParams) saves that work.
      const skipDx = (this.layers[i] as Partial<{ backwardParams(dout: tf.Tensor): void }>).backwardParams;
      if (i === 0 && typeof skipDx === "function") {
        skipDx.call(this.layers[i], dout);
        break;
      }
      const dx = this.layers[i].backward(dout);
      if (dx !== dout) dout.dispose();
      dout = dx;
      if (step.enter) toLayout("NCHW");
    }
    dout.dispose();
    const grads: Record<string, tf.Tensor> = {};
    const lambda = this.weightDecayLambda;
    for (const l of this.layers) {
      for (const key of Object.keys(l.params)) {
        const g = l.grads[key];
        if (g === undefined) throw new Error(`${where}: layer "${l.name}" has no grad for its param "${key}" after backward`);
        if (lambda !== 0 && key === "W") {
          const W = l.params.W;
          const decayed = tf.tidy(() => tf.add(g, tf.mul(W, lambda)));
          this.ownedGrads.push(decayed);
          grads[`${l.name}.${key}`] = decayed;
        } else {
          grads[`${l.name}.${key}`] = g;
        }
      }
    }
    return { loss, grads };
  }

  /** Trainable params by "<layer>.<param>"; the layers' own variables. */
  params(): Record<string, tf.Variable> {
    const out: Record<string, tf.Variable> = {};
    for (const l of this.layers) for (const [key, v] of Object.entries(l.params)) out[`${l.name}.${key}`] = v;
    return out;
  }

  /** Non-trained persistent variables by "<layer>.<name>" (BatchNorm's running statistics). */
  state(): Record<string, tf.Variable> {
    const out: Record<string, tf.Variable> = {};
    for (const l of this.layers) for (const [key, v] of Object.entries(l.state)) out[`${l.name}.${key}`] = v;
    return out;
  }

  /** Total number of trainable scalars. */
  paramCount(): number {
    return Object.values(this.params()).reduce((n, v) => n + v.size, 0);
  }

  /** One row per layer: name, type, output shape (batch as null) and parameter count. */
  summary(): LayerSummary[] {
    return this.layers.map((l, i) => ({
      name: l.name,
      type: typeName(l),
      outputShape: [null, ...this.shapes[i].slice(1)],
      params: Object.values(l.params).reduce((n, v) => n + v.size, 0),
    }));
  }

  /** Frees the layers' caches and grads, the loss layer, and every param and state variable. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose(this.ownedGrads);
    this.ownedGrads = [];
    const vars = [...Object.values(this.params()), ...Object.values(this.state())];
    for (const l of this.layers) l.dispose();
    this.lossLayer.dispose();
    for (const v of vars) if (!v.isDisposed) v.dispose();
  }

  /** Displays as a table: layer, type, output shape, params (text/plain and text/html). */
  [toMimeBundle](): MimeBundle {
    const headers = ["layer", "type", "output shape", "params"];
    const align: Align[] = ["left", "left", "left", "right"];
    const rows = this.summary().map((r) => [r.name, r.type, formatShape(r.outputShape).replace("?", "N"), formatCount(r.params)]);
    rows.push([this.lossLayer.name, typeName(this.lossLayer), "scalar", "0"]);
    const title =
      `${this.name}: input [N, ${this.inputShape.join(", ")}], ${formatCount(this.paramCount())} params` +
      (this.weightDecayLambda > 0 ? `, weight decay ${this.weightDecayLambda}` : "");
    return {
      "text/plain": `${title}\n${textTable(headers, rows, align)}`,
      "text/html": htmlTable(headers, rows, align, title),
    };
  }
}
