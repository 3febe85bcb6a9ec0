import * as tf from "@tensorflow/tfjs-core";
import type { Scalar, Tensor, Tensor2D } from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors";
import { crossEntropyError } from "../functions/crossEntropyError";
import { targetsToOneHot } from "../functions/labels";
import { softmax } from "../functions/softmax";
import { checkFloatTensor, noForwardError } from "./checks";
import type { LossLayer } from "./layer";

/**
 * Softmax followed by the cross-entropy loss, as one layer (the book's SoftmaxWithLoss):
 * `forward(x, t)` returns the mean loss of the batch, `backward(dout = 1)` returns
 * `(y - t) / N * dout`, the famously simple gradient of the pair.
 *
 * x is the scores `[N, classes]`; t is integer labels `[N]` (int32, or float holding
 * integers) or one-hot `[N, classes]`. The softmax subtracts each row's max (stable for any
 * score scale) and the log is guarded with 1e-7 as in the book.
 *
 * @example
 * const lossLayer = new SoftmaxWithLoss();
 * const loss = lossLayer.forward(scores, labels);   // Scalar, e.g. 2.30 for random scores over 10 classes
 * const dx = lossLayer.backward();                   // [N, 10]
 * lossLayer.y;                                       // the softmax probabilities of that forward
 */
export class SoftmaxWithLoss implements LossLayer {
  private cache?: { y: Tensor2D; t: Tensor2D };
  private readonly whereForward: string;
  private readonly whereBackward: string;

  constructor(readonly name = "SoftmaxWithLoss") {
    this.whereForward = `SoftmaxWithLoss "${name}" forward`;
    this.whereBackward = `SoftmaxWithLoss "${name}" backward`;
  }

  /** The softmax output of the last forward, `[N, classes]` (owned by the layer; undefined before forward). */
  get y(): Tensor2D | undefined {
    return this.cache?.y;
  }

  /** The targets of the last forward as one-hot `[N, classes]` (owned by the layer). */
  get t(): Tensor2D | undefined {
    return this.cache?.t;
  }

  forward(x: Tensor, t: Tensor): Scalar {
    checkFloatTensor(this.whereForward, "x", x);
    if (x.rank !== 2) throw new ShapeError(this.whereForward, "x", "rank 2 [N, classes]", x.shape);
    if (!(t instanceof tf.Tensor)) {
      throw new TypeError(`${this.whereForward}: t must be a tf.Tensor of labels [N] or one-hot [N, classes], got ${typeof t}`);
    }
    const [N, classes] = x.shape;
    const tOneHot = targetsToOneHot(this.whereForward, t, N, classes);
    const y = softmax(x as Tensor2D);
    const loss = crossEntropyError(y, tOneHot);
    this.disposeCache();
    this.cache = { y: tf.keep(y), t: tf.keep(tOneHot) };
    return loss;
  }

  backward(dout = 1): Tensor {
    const cache = this.cache;
    if (cache === undefined) throw noForwardError(this.whereBackward);
    if (typeof dout !== "number" || !Number.isFinite(dout)) {
      throw new TypeError(`${this.whereBackward}: dout must be a finite number (dL/dloss, 1 by default), got ${String(dout)}`);
    }
    const N = cache.y.shape[0];
    return tf.tidy(() => tf.mul(tf.sub(cache.y, cache.t), dout / Math.max(N, 1)));
  }

  dispose(): void {
    this.disposeCache();
  }

  private disposeCache(): void {
    if (this.cache === undefined) return;
    this.cache.y.dispose();
    this.cache.t.dispose();
    this.cache = undefined;
  }
}
