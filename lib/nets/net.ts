import type { Scalar, Tensor, Variable } from "@tensorflow/tfjs-core";
import type { ForwardOptions, Layer } from "../layers/layer";

/** What one forward + backward pass of a net returns. */
export interface GradientResult {
  /** The mean loss of the batch (a plain number, already read from the tensor). */
  readonly loss: number;
  /** dL/dparam for every trainable param, under the same names as `params()`. Owned by the net. */
  readonly grads: Readonly<Record<string, Tensor>>;
}

/**
 * A trainable network: a stack of layers with a loss layer on top. Params are named
 * "<layer>.<param>" ("Conv1.W"), never addressed by position.
 */
export interface Net {
  readonly name: string;
  /** The layers in forward order (the loss layer excluded). */
  readonly layers: readonly Layer[];
  /** The shape of one input sample, e.g. [1, 28, 28]. */
  readonly inputShape: readonly number[];
  /** Scores (pre-softmax) for a batch. The caller owns the result. */
  predict(x: Tensor, opts?: ForwardOptions): Tensor;
  /** Mean loss of a batch; t holds integer labels [N] or one-hot [N, classes]. */
  loss(x: Tensor, t: Tensor, opts?: ForwardOptions): Scalar;
  /** Forward (train mode) + backward: the loss and a gradient for every param. */
  gradient(x: Tensor, t: Tensor): GradientResult;
  /** Trainable params by name ("Affine1.W"). The variables are shared with the layers. */
  params(): Record<string, Variable>;
  /** Non-trained persistent tensors by name ("BatchNorm1.runningMean"), saved with params. */
  state(): Record<string, Variable>;
  /** Frees caches, grads, params and state. */
  dispose(): void;
}
