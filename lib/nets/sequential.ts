import type * as tf from "@tensorflow/tfjs-core";
import { formatShape, describeValue } from "../errors";
import type { ForwardOptions, Layer, Layout, LossLayer } from "../layers/layer";
import { isFusedReluTarget, isReluFusable } from "../layers/reluFusion";
import { planLayouts, relayout, type LayerStep } from "./layoutPlan";
import {
  NetCore,
  checkNetName,
  checkNetOptions,
  checkUniqueLayerNames,
  isLayerLike,
  isLossLayer,
  layerParamCount,
  typeName,
  type NetTable,
} from "./netCore";
import { formatCount } from "./table";
import { checkOptions, optionKeys } from "../options/checkOptions";

export { PREDICT_CHUNK } from "./netCore";

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

// The option names of SequentialOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const SEQUENTIAL_KEYS = optionKeys<SequentialOptions>({ name: true, inputShape: true, weightDecayLambda: true });

/**
 * Checks Sequential's options (its third argument); to be called first in its constructor,
 * before the options are destructured.
 */
function checkSequentialOptions(options: unknown): void {
  checkOptions("Sequential", options, SEQUENTIAL_KEYS);
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

/**
 * The generic net: layers in order with a loss layer on top. TwoLayerNet, MultiLayerNet,
 * SimpleConvNet and DeepConvNet are Sequentials built with the book's layer lists.
 *
 * What makes it a chain is all here: forward runs the layers in the order given (runs of
 * NHWC-capable layers in NHWC, see layoutPlan.ts), backward runs them in reverse, each
 * layer's dx the dout of the one below. Everything else a net does (checks, predict in
 * slices, weight decay, params by name, dispose) is {@link NetCore}'s, shared with GraphNet.
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
export class Sequential extends NetCore {
  /** Each layer's output shape for a batch of one (the batch dimension is 1 here). */
  private readonly shapes: readonly number[][];
  /** Per layer, in training and in inference: NHWC or not, where the layout changes, which Convolution fuses its Relu. */
  private readonly plans: { readonly train: readonly LayerStep[]; readonly infer: readonly LayerStep[] };

  constructor(layers: readonly Layer[], lossLayer: LossLayer, options: SequentialOptions) {
    checkSequentialOptions(options);
    const { name = "Sequential", inputShape, weightDecayLambda = 0 } = options;
    const where = checkNetName("Sequential", name);
    if (!Array.isArray(layers) || layers.length === 0)
      throw new TypeError(`${where}: layers must be a non-empty array of Layer, got ${describeValue(layers)}`);
    layers.forEach((l, i) => {
      if (!isLayerLike(l))
        throw new TypeError(`${where}: layers[${i}] is not a Layer (needs name, forward, backward, outputShape), got ${describeValue(l)}`);
    });
    if (!isLossLayer(lossLayer)) {
      throw new TypeError(`${where}: lossLayer must be a LossLayer (forward(x, t), backward()), got ${describeValue(lossLayer)}`);
    }
    checkUniqueLayerNames(where, layers);
    checkNetOptions(where, inputShape, weightDecayLambda);
    // Chaining the output shapes now reports a wrong layer list at construction, not at the
    // first batch.
    const shapes: number[][] = [];
    let shape = [1, ...inputShape];
    for (const l of layers) {
      shape = l.outputShape(shape);
      shapes.push(shape);
    }
    super({ name, layers, owners: layers, lossLayer, inputShape, weightDecayLambda, scoreShape: shapes[shapes.length - 1] });
    this.shapes = shapes;
    const inputs = [[1, ...inputShape], ...shapes.slice(0, -1)];
    this.plans = { train: planLayouts(this.layers, inputs, true), infer: planLayouts(this.layers, inputs, false) };
  }

  /**
   * Runs the layers in order; frees every intermediate (each layer keeps what its backward needs).
   * Runs of NHWC layers get NHWC (see layoutPlan.ts); the result is NCHW like x.
   */
  protected override forwardLayers(x: tf.Tensor, opts: ForwardOptions): tf.Tensor {
    const { layers } = this;
    const plan = opts.train === true ? this.plans.train : this.plans.infer;
    const nhwcOpts: ForwardOptions = { ...opts, layout: "NHWC" };
    let h = x;
    const advance = (next: tf.Tensor) => {
      if (h !== x && next !== h) h.dispose();
      h = next;
    };
    try {
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
    } catch (e) {
      // A layer that throws leaves the activation it was given with nobody to free it.
      if (h !== x) h.dispose();
      throw e;
    }
    // A layer may hand its input back unchanged (dropout at test time); the caller owns the
    // result, so never return the caller's own x.
    return h === x ? x.clone() : h;
  }

  /** Runs the layers in reverse: each layer's dx is the dout of the layer below, in the layout that layer takes. */
  protected override backwardLayers(dscores: tf.Tensor): void {
    let dout = dscores;
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
  }

  /** One row per layer: name, type, output shape (batch as null) and parameter count. */
  summary(): LayerSummary[] {
    return this.layers.map((l, i) => ({
      name: l.name,
      type: typeName(l),
      outputShape: [null, ...this.shapes[i].slice(1)],
      params: layerParamCount(l),
    }));
  }

  /** The display's table: layer, type, output shape, params. */
  protected override table(): NetTable {
    const rows = this.summary().map((r) => [r.name, r.type, formatShape(r.outputShape).replace("?", "N"), formatCount(r.params)]);
    rows.push([this.lossLayer.name, typeName(this.lossLayer), "scalar", "0"]);
    return { headers: ["layer", "type", "output shape", "params"], align: ["left", "left", "left", "right"], rows, input: "input" };
  }
}
