/**
 * What every net does the same way, whatever order its layers run in: argument checks,
 * predict in slices, the loss with weight decay, the two ends of gradient (forward and loss
 * before the walk back, grads collected by name after it), params, state, dispose and the
 * display. {@link Sequential} and {@link GraphNet} extend it with only what differs: the order
 * the layers run in forward, and the walk back.
 *
 * @internal
 */
import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors";
import { toMimeBundle, type MimeBundle } from "../ground/displaySeam";
import { checkNotEmpty } from "../layers/checks";
import type { ForwardOptions, Layer, LossLayer } from "../layers/layer";
import type { MultiInputLayer } from "../layers/multiInputLayer";
import { htmlTable } from "../ground/html";
import type { GradientResult, Net } from "./net";
import { formatCount, textTable, type Align } from "./table";
import { lossWithDecay, weightDecayTerm } from "./weightDecay";
import { checkForwardOptions } from "../layers/layer";

/** Eval-mode predict runs at most this many images through the layers at once. */
export const PREDICT_CHUNK = 1000;

/** What a net's constructor hands its core, once its own checks passed. */
export interface NetCoreParts {
  readonly name: string;
  /** The one-bottom layers in forward order: Net's `layers`. */
  readonly layers: readonly Layer[];
  /** Every layer that may own params or state, in forward order (params are named and ordered by it). */
  readonly owners: readonly (Layer | MultiInputLayer)[];
  readonly lossLayer: LossLayer;
  readonly inputShape: readonly number[];
  readonly weightDecayLambda: number;
  /** The scores' shape for a batch of one. */
  readonly scoreShape: readonly number[];
}

/** A net's display: its table (the loss layer's row last) and how its title names the input. */
export interface NetTable {
  readonly headers: readonly string[];
  readonly align: readonly Align[];
  readonly rows: readonly (readonly string[])[];
  /** "input" or `input "data"`: what the title calls the input before its shape. */
  readonly input: string;
}

/** True when value has what a layer needs to stand in a net (name, forward, backward, outputShape). */
export function isLayerLike(value: unknown): value is Layer | MultiInputLayer {
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

/** True when value has a loss layer's forward(x, t) and backward(). */
export function isLossLayer(value: unknown): value is LossLayer {
  const l = value as LossLayer;
  return typeof value === "object" && value !== null && typeof l.forward === "function" && typeof l.backward === "function";
}

/** A layer's class name, for summaries and displays ("Affine", "Convolution"). */
export function typeName(value: object): string {
  return value.constructor?.name ?? "Layer";
}

/** Number of trainable scalars in a layer. */
export function layerParamCount(layer: Layer | MultiInputLayer): number {
  return Object.values(layer.params).reduce((n, v) => n + v.size, 0);
}

/** Checks a net's name; returns the prefix of its messages, e.g. `Sequential "TinyNet"`. */
export function checkNetName(kind: string, name: unknown): string {
  if (typeof name !== "string" || name === "") throw new TypeError(`${kind}: name must be a non-empty string, got ${String(name)}`);
  return `${kind} "${name}"`;
}

/** Checks the options every net takes: one sample's shape and the weight-decay lambda. */
export function checkNetOptions(where: string, inputShape: unknown, weightDecayLambda: unknown): void {
  if (!Array.isArray(inputShape) || inputShape.length === 0 || inputShape.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new RangeError(
      `${where}: inputShape must be a non-empty array of positive integers (one sample, no batch), got ${JSON.stringify(inputShape)}`,
    );
  }
  if (typeof weightDecayLambda !== "number" || !Number.isFinite(weightDecayLambda) || weightDecayLambda < 0) {
    throw new RangeError(`${where}: weightDecayLambda must be a finite number >= 0, got ${String(weightDecayLambda)}`);
  }
}

/** Throws when two layers share a name: params are named "<layer>.<param>". */
export function checkUniqueLayerNames(where: string, layers: readonly { readonly name: string }[]): void {
  const seen = new Set<string>();
  for (const l of layers) {
    if (seen.has(l.name))
      throw new RangeError(`${where}: two layers are named "${l.name}"; layer names must be unique (params are named "<layer>.<param>")`);
    seen.add(l.name);
  }
}

/**
 * The shared part of every net. A net built on it supplies its forward walk (the layers in
 * its order, each intermediate freed) and its backward walk (the same layers in reverse,
 * each layer's grads filled); this class does the rest the same way for every net.
 */
export abstract class NetCore implements Net {
  readonly name: string;
  readonly layers: readonly Layer[];
  readonly lossLayer: LossLayer;
  readonly inputShape: readonly number[];
  readonly weightDecayLambda: number;
  /** Every layer that may own params or state, in forward order. */
  private readonly owners: readonly (Layer | MultiInputLayer)[];
  private readonly scoreShape: readonly number[];
  /** Grads the net made itself (weight decay added), freed on the next gradient call. */
  private ownedGrads: tf.Tensor[] = [];
  private disposed = false;

  protected constructor({ name, layers, owners, lossLayer, inputShape, weightDecayLambda, scoreShape }: NetCoreParts) {
    this.name = name;
    this.layers = [...layers];
    this.owners = [...owners];
    this.lossLayer = lossLayer;
    this.inputShape = [...inputShape];
    this.weightDecayLambda = weightDecayLambda;
    this.scoreShape = [...scoreShape];
  }

  /**
   * Runs the layers forward in the net's order and frees every intermediate (each layer keeps
   * what its backward needs). The caller owns the result, which is never x itself.
   */
  protected abstract forwardLayers(x: tf.Tensor, opts: ForwardOptions): tf.Tensor;

  /**
   * Runs the layers backward from dL/dscores (owned by the walk: it frees it), so that every
   * layer's grads hold dL/dparam. `batch` is the batch size N.
   */
  protected abstract backwardLayers(dscores: tf.Tensor, batch: number): void;

  /** The table the net displays as, its loss layer's row last. */
  protected abstract table(): NetTable;

  /** The shape of the scores for a batch of n: [n, classes]. */
  outputShape(n = 1): number[] {
    return [n, ...this.scoreShape.slice(1)];
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
    checkNotEmpty(where, "x", x);
  }

  private checkT(where: string, x: tf.Tensor, t: tf.Tensor): void {
    if (!(t instanceof tf.Tensor)) throw new TypeError(`${where}: t must be a tf.Tensor, got ${typeof t}`);
    if ((t.rank !== 1 && t.rank !== 2) || t.shape[0] !== x.shape[0]) {
      throw new ShapeError(where, "t", `labels [${x.shape[0]}] or one-hot [${x.shape[0]}, classes] (one per sample of x)`, t.shape);
    }
  }

  /** Scores (pre-softmax) [N, classes]; eval mode unless `{ train: true }`. The caller owns the result. */
  predict(x: tf.Tensor, opts: ForwardOptions = {}): tf.Tensor {
    const where = `${this.name}.predict`;
    this.checkAlive(where);
    checkForwardOptions(where, opts);
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

  /** The weight-decay term 0.5 * lambda * sum(W^2), as a number (0 without decay). */
  weightDecayLoss(): number {
    const weights = this.owners.map((l) => l.params.W).filter((W): W is tf.Variable => W !== undefined);
    return weightDecayTerm(this.weightDecayLambda, weights);
  }

  /** Mean loss of the batch (plus weight decay); eval mode unless `{ train: true }`. The caller owns the scalar. */
  loss(x: tf.Tensor, t: tf.Tensor, opts: ForwardOptions = {}): tf.Scalar {
    const where = `${this.name}.loss`;
    this.checkAlive(where);
    checkForwardOptions(where, opts);
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
    this.backwardLayers(this.lossLayer.backward(1), x.shape[0]);
    const grads: Record<string, tf.Tensor> = {};
    const lambda = this.weightDecayLambda;
    for (const l of this.owners) {
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
    for (const l of this.owners) for (const [key, v] of Object.entries(l.params)) out[`${l.name}.${key}`] = v;
    return out;
  }

  /** Non-trained persistent variables by "<layer>.<name>" (BatchNorm's running statistics). */
  state(): Record<string, tf.Variable> {
    const out: Record<string, tf.Variable> = {};
    for (const l of this.owners) for (const [key, v] of Object.entries(l.state)) out[`${l.name}.${key}`] = v;
    return out;
  }

  /** Total number of trainable scalars. */
  paramCount(): number {
    return Object.values(this.params()).reduce((n, v) => n + v.size, 0);
  }

  /** Frees the layers' caches and grads, the loss layer, and every param and state variable. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose(this.ownedGrads);
    this.ownedGrads = [];
    const vars = [...Object.values(this.params()), ...Object.values(this.state())];
    for (const l of this.owners) l.dispose();
    this.lossLayer.dispose();
    for (const v of vars) if (!v.isDisposed) v.dispose();
  }

  /** Displays as the net's table (text/plain and text/html) under a title: input, params, weight decay. */
  [toMimeBundle](): MimeBundle {
    const { headers, align, rows, input } = this.table();
    const title =
      `${this.name}: ${input} [N, ${this.inputShape.join(", ")}], ${formatCount(this.paramCount())} params` +
      (this.weightDecayLambda > 0 ? `, weight decay ${this.weightDecayLambda}` : "");
    return { "text/plain": `${title}\n${textTable(headers, rows, align)}`, "text/html": htmlTable(headers, rows, align, title) };
  }
}
