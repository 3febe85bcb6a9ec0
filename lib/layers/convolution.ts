import * as tf from "@tensorflow/tfjs-core";
import { ShapeError, formatShape } from "../errors";
import { col2im } from "../conv/col2im";
import { conv2dBackpropFilterNHWC, conv2dBackpropInputNHWC, conv2dNHWC, filterGradByConv, filterGradCHWN } from "../conv/fastConv";
import { im2col, tapSpec, type TapSpec } from "../conv/im2col";
import { windowGeometry, type WindowGeometry } from "../conv/options";
import { checkInt } from "../conv/outputSize";
import type { ForwardOptions, Layer } from "./layer";

/**
 * How a {@link Convolution} computes: "im2col" is the lesson's version (im2col + matMul
 * forward, col2im backward, as in the book); "fast" uses TF.js convolutions (NHWC inside)
 * and nnlab's fast gradients. Both give the same numbers.
 */
export type ConvImpl = "fast" | "im2col";

/** Options of {@link Convolution}. */
export interface ConvolutionOptions {
  /** Step between windows (default 1). */
  readonly stride?: number;
  /** Zeros added on each side of the image (default 0). */
  readonly pad?: number;
  /** Spacing between filter taps (default 1, an ordinary filter). */
  readonly dilation?: number;
  /** "fast" (default) or "im2col". */
  readonly impl?: ConvImpl;
  /** The layer's name in its net (default "Convolution"). */
  readonly name?: string;
}

interface FastCache {
  readonly kind: "fast";
  readonly x: tf.Tensor4D; // input, NCHW (a kept clone sharing the caller's data)
  readonly Wh: tf.Tensor4D; // filter, HWIO
}

interface Im2colCache {
  readonly kind: "im2col";
  readonly xShape: [number, number, number, number];
  readonly col: tf.Tensor2D;
}

interface Pass {
  readonly N: number;
  readonly g: WindowGeometry;
  readonly cache: FastCache | Im2colCache;
}

function toVariable(where: string, argument: string, v: tf.Tensor): tf.Variable {
  if (v instanceof tf.Variable) return v;
  if (v.dtype !== "float32") throw new TypeError(`${where}: ${argument} must be float32, got ${v.dtype}`);
  return tf.variable(v);
}

/**
 * The convolution layer (the book's `Convolution(W, b, stride, pad)`, plus dilation):
 * input x [N, C, H, W], filters W [FN, C, FH, FW], bias b [FN], output [N, FN, OH, OW] with
 * OH = (H + 2*pad - dilation*(FH-1) - 1) / stride + 1.
 *
 * W and b become the layer's params: a tf.Variable is shared (a net and its layers update
 * the same weights), a plain tensor is copied into a new Variable.
 *
 * @example
 * const conv = new Convolution(tf.randomNormal([16, 1, 3, 3]), tf.zeros([16]), { pad: 1, name: "Conv1" });
 * const y = conv.forward(x);            // x [100, 1, 28, 28] -> y [100, 16, 28, 28]
 * const dx = conv.backward(dout);       // fills conv.grads.W, conv.grads.b
 */
export class Convolution implements Layer {
  readonly name: string;
  readonly stride: number;
  readonly pad: number;
  readonly dilation: number;
  readonly impl: ConvImpl;
  readonly params: { readonly W: tf.Variable; readonly b: tf.Variable };
  readonly state: Readonly<Record<string, tf.Variable>> = {};
  private currentGrads: { W: tf.Tensor; b: tf.Tensor } | undefined;
  private pass: Pass | undefined;

  constructor(
    W: tf.Tensor,
    b: tf.Tensor,
    { stride = 1, pad = 0, dilation = 1, impl = "fast", name = "Convolution" }: ConvolutionOptions = {},
  ) {
    const where = `Convolution "${name}"`;
    if (typeof name !== "string" || name === "") throw new TypeError(`Convolution: name must be a non-empty string, got ${String(name)}`);
    if (!(W instanceof tf.Tensor)) throw new TypeError(`${where}: W must be a tf.Tensor [FN, C, FH, FW], got ${typeof W}`);
    if (!(b instanceof tf.Tensor)) throw new TypeError(`${where}: b must be a tf.Tensor [FN], got ${typeof b}`);
    if (W.rank !== 4) throw new ShapeError(where, "W", "rank 4 [FN, C, FH, FW]", W.shape);
    if (b.rank !== 1 || b.shape[0] !== W.shape[0])
      throw new ShapeError(where, "b", `[FN] = [${W.shape[0]}] (one bias per filter)`, b.shape);
    checkInt(where, "stride", stride, 1);
    checkInt(where, "pad", pad, 0);
    checkInt(where, "dilation", dilation, 1);
    if (impl !== "fast" && impl !== "im2col")
      throw new RangeError(`${where}: impl must be "fast" or "im2col", got ${JSON.stringify(impl)}`);
    this.name = name;
    this.stride = stride;
    this.pad = pad;
    this.dilation = dilation;
    this.impl = impl;
    this.params = { W: toVariable(where, "W", W), b: toVariable(where, "b", b) };
  }

  /** Gradients of the last backward: `{ W, b }` (empty before the first backward). */
  get grads(): Readonly<Record<string, tf.Tensor>> {
    return this.currentGrads ?? {};
  }

  private geometry(where: string, shape: readonly number[]): WindowGeometry {
    const [, C, FH, FW] = this.params.W.shape;
    if (shape.length !== 4 || shape[1] !== C) {
      throw new ShapeError(where, "input", `rank 4 [N, C, H, W] with C = ${C}`, shape);
    }
    const opts = { filterH: FH, filterW: FW, stride: this.stride, pad: this.pad, dilation: this.dilation };
    return windowGeometry(where, shape[2], shape[3], opts);
  }

  /** [N, FN, OH, OW] for an input shape [N, C, H, W]; throws like forward would. */
  outputShape(inputShape: readonly number[]): number[] {
    const g = this.geometry(`Convolution "${this.name}" outputShape`, inputShape);
    return [inputShape[0], this.params.W.shape[0], g.OH, g.OW];
  }

  /** y = conv(x, W) + b; keeps what backward needs. */
  forward(x: tf.Tensor, _opts?: ForwardOptions): tf.Tensor4D {
    const where = `Convolution "${this.name}" forward`;
    if (!(x instanceof tf.Tensor)) throw new TypeError(`${where}: input must be a tf.Tensor, got ${typeof x}`);
    const g = this.geometry(where, x.shape);
    const [N] = x.shape;
    const { W, b } = this.params;
    const [FN] = W.shape;
    this.releasePass();
    if (this.impl === "fast") {
      const t = tapSpec(g);
      // Cached tensors are kept, so a caller's tf.tidy around forward does not free them.
      const Wh = tf.keep(tf.transpose(W as tf.Tensor4D, [2, 3, 1, 0]));
      const xc = tf.keep(x.clone() as tf.Tensor4D);
      const y = tf.tidy(
        () => tf.transpose(conv2dNHWC(tf.transpose(x as tf.Tensor4D, [0, 2, 3, 1]), Wh, t, b as tf.Tensor1D), [0, 3, 1, 2]) as tf.Tensor4D,
      );
      this.pass = { N, g, cache: { kind: "fast", x: xc, Wh } };
      return y;
    }
    const col = tf.keep(im2col(x as tf.Tensor4D, { filterH: g.FH, filterW: g.FW, stride: g.S, pad: g.P, dilation: g.D }));
    const y = tf.tidy(() => {
      const colW = tf.reshape(W, [FN, -1]);
      const out = tf.add(tf.matMul(col, colW, false, true), b);
      return tf.transpose(tf.reshape(out, [N, g.OH, g.OW, FN]), [0, 3, 1, 2]) as tf.Tensor4D;
    });
    this.pass = { N, g, cache: { kind: "im2col", xShape: x.shape as [number, number, number, number], col } };
    return y;
  }

  /** Returns dx for dout [N, FN, OH, OW]; sets grads.W and grads.b. */
  backward(dout: tf.Tensor): tf.Tensor4D {
    return this.backpropagate(`Convolution "${this.name}" backward`, dout, true) as tf.Tensor4D;
  }

  /**
   * Like {@link backward}, but only fills grads.W and grads.b: dx is not computed. A net
   * calls this on its first layer, whose dx nobody reads (on wasm that saves a whole
   * convolution per step).
   */
  backwardParams(dout: tf.Tensor): void {
    this.backpropagate(`Convolution "${this.name}" backwardParams`, dout, false);
  }

  private backpropagate(where: string, dout: tf.Tensor, wantDx: boolean): tf.Tensor4D | undefined {
    const pass = this.pass;
    if (pass === undefined) throw new Error(`${where}: called before forward (or after dispose)`);
    const { N, g, cache } = pass;
    const { W } = this.params;
    const [FN, C, FH, FW] = W.shape;
    if (!(dout instanceof tf.Tensor)) throw new TypeError(`${where}: dout must be a tf.Tensor, got ${typeof dout}`);
    const expected = [N, FN, g.OH, g.OW];
    if (dout.rank !== 4 || dout.shape.some((d, i) => d !== expected[i])) {
      throw new ShapeError(where, "dout", `the forward output's shape ${formatShape(expected)}`, dout.shape);
    }
    const [dx, dW, db] = tf.tidy(() => {
      if (cache.kind === "fast") {
        const t: TapSpec = tapSpec(g);
        const [, , H, Wd] = cache.x.shape;
        // db sums each filter's map: inner-axis sums on the NCHW layout need no transpose.
        const db = tf.sum(tf.sum(tf.reshape(dout, [N, FN, g.OH * g.OW]), 2), 0);
        let dyh: tf.Tensor4D | undefined;
        const doutNHWC = () => (dyh ??= tf.transpose(dout as tf.Tensor4D, [0, 2, 3, 1]));
        let dW: tf.Tensor;
        if (filterGradByConv(t)) {
          // From NCHW, the batch-as-channels layouts are cheap transposes (see filterGradCHWN).
          const xT = tf.transpose(cache.x, [1, 2, 3, 0]);
          const dyT = tf.transpose(dout as tf.Tensor4D, [2, 3, 0, 1]);
          dW = tf.transpose(filterGradCHWN(xT, dyT, t), [3, 0, 1, 2]);
        } else {
          dW = tf.transpose(conv2dBackpropFilterNHWC(tf.transpose(cache.x, [0, 2, 3, 1]), doutNHWC(), t), [3, 2, 0, 1]);
        }
        const dx = wantDx ? tf.transpose(conv2dBackpropInputNHWC(doutNHWC(), cache.Wh, [N, H, Wd, C], t), [0, 3, 1, 2]) : undefined;
        return [dx, dW, db] as const;
      }
      // The book: dout to rows (n, oh, ow) x FN, then two matrix products and col2im.
      const dout2 = tf.reshape(tf.transpose(dout, [0, 2, 3, 1]), [-1, FN]) as tf.Tensor2D;
      const db = tf.sum(dout2, 0);
      const dW = tf.reshape(tf.transpose(tf.matMul(cache.col, dout2, true, false)), [FN, C, FH, FW]);
      const dcol = tf.matMul(dout2, tf.reshape(W, [FN, -1]) as tf.Tensor2D) as tf.Tensor2D;
      const dx = wantDx ? col2im(dcol, cache.xShape, { filterH: FH, filterW: FW, stride: g.S, pad: g.P, dilation: g.D }) : undefined;
      return [dx, dW, db] as const;
    });
    if (this.currentGrads) tf.dispose([this.currentGrads.W, this.currentGrads.b]);
    this.currentGrads = { W: tf.keep(dW), b: tf.keep(db) };
    return dx;
  }

  private releasePass(): void {
    const cache = this.pass?.cache;
    if (cache?.kind === "fast") tf.dispose([cache.x, cache.Wh]);
    else if (cache?.kind === "im2col") cache.col.dispose();
    this.pass = undefined;
  }

  /** Frees the cached input and the grads (not the params). */
  dispose(): void {
    this.releasePass();
    if (this.currentGrads) tf.dispose([this.currentGrads.W, this.currentGrads.b]);
    this.currentGrads = undefined;
  }
}
