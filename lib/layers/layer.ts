import type { Scalar, Tensor, Variable } from "@tensorflow/tfjs-core";
import { checkOptions, optionKeys } from "../options/checkOptions";

/**
 * The memory order of a rank-4 activation: "NCHW" (the API everywhere) or "NHWC" (TF.js's
 * convolution order, which a Sequential keeps between layers that support it).
 */
export type Layout = "NCHW" | "NHWC";

/** Options a layer's forward pass may take; `train` matters only to Dropout and BatchNorm. */
export interface ForwardOptions {
  readonly train?: boolean;
  /**
   * Internal: the layout of x, the output and the next backward's dout and dx (default
   * "NCHW"). Only a Sequential passes "NHWC", and only to layers whose `supportsNHWC()` is true.
   */
  readonly layout?: Layout;
}

// The option names of ForwardOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const FORWARD_KEYS = optionKeys<ForwardOptions>({ train: true, layout: true });

/**
 * Checks the options of a forward pass (`{ train: true }`), where a misspelt flag
 * (`{ training: true }`) would silently run in eval mode. Cheap enough for every forward: a
 * one- or two-key object.
 *
 * @example
 * checkForwardOptions('Dropout "Dropout1" forward', opts);
 *
 * @internal
 */
export function checkForwardOptions(where: string, opts: unknown): void {
  if (opts !== undefined) checkOptions(where, opts, FORWARD_KEYS);
}

/**
 * The layer protocol the lessons teach (after "Deep Learning from Scratch"):
 * `forward(x)` keeps what backward needs, `backward(dout)` returns `dx` and fills `grads`.
 *
 * Ownership: the tensor forward returns and the tensor backward returns belong to the caller
 * (dispose them). Tensors a layer caches for backward, and its grads, belong to the layer:
 * the next forward/backward replaces (and frees) them, and `dispose()` frees them.
 */
export interface Layer {
  /** A stable name, unique in its net: "Conv1", "Affine2". */
  readonly name: string;
  forward(x: Tensor, opts?: ForwardOptions): Tensor;
  backward(dout: Tensor): Tensor;
  /** Trainable parameters: `{ W, b }`, `{ gamma, beta }` or `{}`. */
  readonly params: Readonly<Record<string, Variable>>;
  /** Gradients of the last backward, same keys as `params` (empty before any backward). */
  readonly grads: Readonly<Record<string, Tensor>>;
  /**
   * Persistent tensors that are not trained but are part of the model (BatchNorm's running
   * mean and variance): saved and loaded with the params. `{}` for most layers.
   */
  readonly state: Readonly<Record<string, Variable>>;
  /** The output shape for an input shape, without computing (batch size kept as given). */
  outputShape(inputShape: readonly number[]): number[];
  /** Frees cached tensors and grads (not params or state). */
  dispose(): void;
  /**
   * Internal: true when forward accepts `{ layout: "NHWC" }` and gains from it in this mode
   * (train or inference), so a Sequential passes NHWC; absent means NCHW only.
   */
  supportsNHWC?(train: boolean): boolean;
}

/**
 * A loss layer: `forward(x, t)` returns the mean loss over the batch, `backward(dout = 1)`
 * returns dL/dx. SoftmaxWithLoss is the one the lessons use.
 */
export interface LossLayer {
  readonly name: string;
  forward(x: Tensor, t: Tensor): Scalar;
  backward(dout?: number): Tensor;
  dispose(): void;
}
