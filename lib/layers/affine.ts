import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Tensor2D, Variable } from "@tensorflow/tfjs-core";
import { ShapeError, formatShape } from "../errors";
import { checkAlive, checkDout, checkFloatTensor, noForwardError } from "./checks";
import type { ForwardOptions, Layer } from "./layer";
import { toVariable } from "./variables";
import { noticeSlowBackend } from "../backend/slowBackend";

/**
 * The fully connected (affine) layer: `y = x · W + b`, with W `[inFeatures, outFeatures]`
 * and b `[outFeatures]`. An input of any rank >= 2 (e.g. NCHW feature maps) is flattened to
 * `[N, inFeatures]`; backward returns dx in the input's original shape and fills
 * `grads.W = xᵀ · dout`, `grads.b = sum(dout, axis 0)`.
 *
 * A param given as a tf.Variable is used as is (shared with whoever else holds it); a plain
 * tensor is copied into a new Variable.
 *
 * @example
 * const affine = new Affine(tf.randomNormal([784, 50], 0, 0.01), tf.zeros([50]), "Affine1");
 * const y = affine.forward(x);           // x [100, 1, 28, 28] -> y [100, 50]
 * const dx = affine.backward(dout);      // dx [100, 1, 28, 28]; affine.dW [784, 50], affine.db [50]
 */
export class Affine implements Layer {
  readonly params: { readonly W: Variable; readonly b: Variable };
  readonly state: Readonly<Record<string, Variable>> = Object.freeze({});
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** x as [N, inFeatures], and x's original shape. */
  private cache?: { x2: Tensor2D; xShape: number[] };
  private currentGrads?: { W: Tensor; b: Tensor };
  private readonly whereForward: string;
  private readonly whereBackward: string;

  constructor(
    W: Tensor,
    b: Tensor,
    readonly name = "Affine",
  ) {
    const where = `Affine "${name}" constructor`;
    const Wv = toVariable(W, where, "W", 2);
    const [inFeatures, outFeatures] = Wv.shape;
    let bv: Variable;
    try {
      if (b instanceof tf.Tensor && (b.rank !== 1 || b.shape[0] !== outFeatures)) {
        throw new ShapeError(where, "b", `rank 1 [${outFeatures}] to match W ${formatShape(Wv.shape)}`, b.shape);
      }
      bv = toVariable(b, where, "b", 1);
    } catch (e) {
      if (Wv !== W) Wv.dispose();
      throw e;
    }
    this.params = { W: Wv, b: bv };
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.whereForward = `Affine "${name}" forward`;
    this.whereBackward = `Affine "${name}" backward`;
  }

  /** `{ W: dW, b: db }` of the last backward (empty before any). Owned by the layer. */
  get grads(): Readonly<Record<string, Tensor>> {
    return this.currentGrads ?? {};
  }

  /** dL/dW of the last backward, as the book names it. */
  get dW(): Tensor | undefined {
    return this.currentGrads?.W;
  }

  /** dL/db of the last backward, as the book names it. */
  get db(): Tensor | undefined {
    return this.currentGrads?.b;
  }

  forward(x: Tensor, _opts?: ForwardOptions): Tensor {
    checkFloatTensor(this.whereForward, "input", x);
    this.checkInputShape(this.whereForward, x.shape);
    checkAlive(this.whereForward, this.params);
    noticeSlowBackend();
    const N = x.shape[0];
    const x2 = tf.reshape<tf.Rank.R2>(x, [N, this.inFeatures]);
    const y = tf.tidy(() => tf.add(tf.matMul(x2, this.params.W), this.params.b));
    this.cache?.x2.dispose();
    this.cache = { x2: tf.keep(x2), xShape: x.shape.slice() };
    return y;
  }

  backward(dout: Tensor): Tensor {
    const cache = this.cache;
    if (cache === undefined) throw noForwardError(this.whereBackward);
    checkDout(this.whereBackward, dout, [cache.xShape[0], this.outFeatures]);
    // Explicit transposes: wasm's matMul with transposeA/transposeB ran ~15x slower here.
    const [dx, dW, db] = tf.tidy(() => [
      tf.reshape(tf.matMul(dout, tf.transpose(this.params.W)), cache.xShape),
      tf.matMul(tf.transpose(cache.x2), dout),
      tf.sum(dout, 0),
    ]);
    this.disposeGrads();
    this.currentGrads = { W: tf.keep(dW), b: tf.keep(db) };
    return dx;
  }

  outputShape(inputShape: readonly number[]): number[] {
    this.checkInputShape(`Affine "${this.name}" outputShape`, inputShape);
    return [inputShape[0], this.outFeatures];
  }

  dispose(): void {
    this.cache?.x2.dispose();
    this.cache = undefined;
    this.disposeGrads();
  }

  private checkInputShape(where: string, shape: readonly number[]): void {
    let features = 1;
    for (let i = 1; i < shape.length; i++) features *= shape[i];
    if (shape.length < 2 || features !== this.inFeatures) {
      throw new ShapeError(where, "input", `rank >= 2 with ${this.inFeatures} features per sample`, shape);
    }
  }

  private disposeGrads(): void {
    if (this.currentGrads === undefined) return;
    this.currentGrads.W.dispose();
    this.currentGrads.b.dispose();
    this.currentGrads = undefined;
  }
}
