import * as tf from "@tensorflow/tfjs-core";
import { ShapeError, describeValue, formatShape } from "../errors";
import { col2im } from "../conv/col2im";
import { im2col } from "../conv/im2col";
import { windowGeometry, type WindowGeometry, type WindowOptions } from "../conv/options";
import { checkInt } from "../conv/outputSize";
import { checkAlive, checkDout, checkFloatTensor, noForwardError } from "./checks";
import { noticeSlowBackend } from "../backend/slowBackend";
import { fastConvolution } from "./convolutionFast";
import type { ConvolutionGrads, ConvolutionPass, ConvolutionPath } from "./convolutionPath";
import type { ForwardOptions } from "./layer";
import type { ReluFusable } from "./reluFusion";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { toVariable } from "./variables";

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

// The option names of ConvolutionOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const CONVOLUTION_KEYS = optionKeys<ConvolutionOptions>({ stride: true, pad: true, dilation: true, impl: true, name: true });

function windowOptions(g: WindowGeometry): WindowOptions {
  return { filterH: g.FH, filterW: g.FW, stride: g.S, pad: g.P, dilation: g.D };
}

/**
 * The book's Convolution: forward unrolls every window of x into a row of `col` (im2col) and
 * multiplies by the filters as one matrix; backward is the same two matrix products turned
 * around, and col2im folds the rows back into dx.
 */
const im2colConvolution: ConvolutionPath = {
  forward(x, W, b, g) {
    const [N] = x.shape;
    const [FN] = W.shape;
    // col [N*OH*OW, C*FH*FW] is kept for backward, so a caller's tf.tidy does not free it.
    const col = tf.keep(im2col(x, windowOptions(g)));
    const y = tf.tidy(() => {
      const colW = tf.reshape(W, [FN, -1]);
      const out = tf.add(tf.matMul(col, colW, false, true), b);
      return tf.transpose<tf.Tensor4D>(tf.reshape(out, [N, g.OH, g.OW, FN]), [0, 3, 1, 2]);
    });
    const xShape = x.shape;
    const pass: ConvolutionPass = {
      backward: (dout, wantDx) => im2colBackward(dout, W, col, xShape, g, wantDx),
      dispose: () => col.dispose(),
    };
    return { y, pass };
  },
};

function im2colBackward(
  dout: tf.Tensor4D,
  W: tf.Variable<tf.Rank.R4>,
  col: tf.Tensor2D,
  xShape: readonly number[],
  g: WindowGeometry,
  wantDx: boolean,
): ConvolutionGrads {
  const [FN, C, FH, FW] = W.shape;
  // dout to rows (n, oh, ow) x FN, like col's rows.
  const dout2 = tf.reshape<tf.Rank.R2>(tf.transpose(dout, [0, 2, 3, 1]), [-1, FN]);
  const db = tf.sum<tf.Tensor1D>(dout2, 0);
  const dW = tf.reshape<tf.Rank.R4>(tf.transpose(tf.matMul(col, dout2, true, false)), [FN, C, FH, FW]);
  const dcol = tf.matMul<tf.Tensor2D>(dout2, tf.reshape<tf.Rank.R2>(W, [FN, -1]));
  const dx = wantDx ? col2im(dcol, xShape, windowOptions(g)) : undefined;
  return { dx, dW, db };
}

const PATHS: Readonly<Record<ConvImpl, ConvolutionPath>> = { im2col: im2colConvolution, fast: fastConvolution };

/**
 * The convolution layer (the book's `Convolution(W, b, stride, pad)`, plus dilation):
 * input x [N, C, H, W], filters W [FN, C, FH, FW], bias b [FN], output [N, FN, OH, OW] with
 * OH = floor((H + 2*pad - dilation*(FH-1) - 1) / stride) + 1 (windows that do not fit are not taken).
 *
 * W and b become the layer's params: a tf.Variable is shared (a net and its layers update
 * the same weights), a plain tensor is copied into a new Variable.
 *
 * @example
 * const conv = new Convolution(tf.randomNormal([16, 1, 3, 3]), tf.zeros([16]), { pad: 1, name: "Conv1" });
 * const y = conv.forward(x);            // x [100, 1, 28, 28] -> y [100, 16, 28, 28]
 * const dx = conv.backward(dout);       // fills conv.grads.W, conv.grads.b
 */
export class Convolution implements ReluFusable {
  readonly name: string;
  readonly stride: number;
  readonly pad: number;
  readonly dilation: number;
  readonly impl: ConvImpl;
  readonly params: { readonly W: tf.Variable; readonly b: tf.Variable };
  readonly state: Readonly<Record<string, tf.Variable>> = {};
  private readonly W: tf.Variable<tf.Rank.R4>;
  private readonly b: tf.Variable<tf.Rank.R1>;
  private readonly path: ConvolutionPath;
  private currentGrads: { W: tf.Tensor; b: tf.Tensor } | undefined;
  /** The last forward's pass and output shape, until the next forward or dispose. */
  private last: { readonly pass: ConvolutionPass; readonly yShape: readonly number[] } | undefined;
  private readonly whereForward: string;

  constructor(W: tf.Tensor, b: tf.Tensor, options: ConvolutionOptions = {}) {
    checkOptions("Convolution", options, CONVOLUTION_KEYS);
    const { stride = 1, pad = 0, dilation = 1, impl = "fast", name = "Convolution" } = options;
    if (typeof name !== "string" || name === "") {
      throw new TypeError(`Convolution: name must be a non-empty string, got ${describeValue(name)}`);
    }
    const where = `Convolution "${name}" constructor`;
    // Every option is checked before a Variable exists, so a rejected call leaves nothing behind.
    checkInt(where, "stride", stride, 1);
    checkInt(where, "pad", pad, 0);
    checkInt(where, "dilation", dilation, 1);
    if (impl !== "fast" && impl !== "im2col") {
      throw new RangeError(`${where}: impl must be "fast" or "im2col", got ${JSON.stringify(impl)}`);
    }
    if (W instanceof tf.Tensor && W.rank !== 4) throw new ShapeError(where, "W", "rank 4 [FN, C, FH, FW]", W.shape);
    const Wv = toVariable(W, where, "W", 4) as tf.Variable<tf.Rank.R4>;
    let bv: tf.Variable<tf.Rank.R1>;
    try {
      if (b instanceof tf.Tensor && (b.rank !== 1 || b.shape[0] !== Wv.shape[0])) {
        throw new ShapeError(where, "b", `[FN] = [${Wv.shape[0]}] (one bias per filter)`, b.shape);
      }
      bv = toVariable(b, where, "b", 1) as tf.Variable<tf.Rank.R1>;
    } catch (e) {
      if (Wv !== W) Wv.dispose();
      throw e;
    }
    this.name = name;
    this.stride = stride;
    this.pad = pad;
    this.dilation = dilation;
    this.impl = impl;
    this.path = PATHS[impl];
    this.W = Wv;
    this.b = bv;
    this.params = { W: Wv, b: bv };
    this.whereForward = `Convolution "${name}" forward`;
  }

  /** Gradients of the last backward: `{ W, b }` (empty before the first backward). */
  get grads(): Readonly<Record<string, tf.Tensor>> {
    return this.currentGrads ?? {};
  }

  /** [N, FN, OH, OW] for an input shape [N, C, H, W]; throws like forward would. */
  outputShape(inputShape: readonly number[]): number[] {
    const g = this.geometry(`Convolution "${this.name}" outputShape`, inputShape);
    return [inputShape[0], this.W.shape[0], g.OH, g.OW];
  }

  /** y = conv(x, W) + b; keeps what backward needs. */
  forward(x: tf.Tensor, opts?: ForwardOptions): tf.Tensor4D {
    return this.run(x, opts, false);
  }

  /** Only the fast path takes NHWC x (a Sequential passes it between layers), in both modes. */
  supportsNHWC(_train?: boolean): boolean {
    return this.impl === "fast";
  }

  /** True for the fast path on NHWC: TF.js's fused convolution applies the ReLU. */
  canFuseRelu(opts: ForwardOptions): boolean {
    return opts.layout === "NHWC" && this.impl === "fast";
  }

  /** relu(conv(x, W) + b) in one kernel; backward still takes dL/d(conv(x, W) + b). */
  forwardFusedRelu(x: tf.Tensor, opts: ForwardOptions): tf.Tensor4D {
    if (!this.canFuseRelu(opts)) {
      throw new Error(`${this.whereForward}: a fused ReLU needs impl "fast" and layout "NHWC", got impl "${this.impl}"`);
    }
    return this.run(x, opts, true);
  }

  private run(x: tf.Tensor, opts: ForwardOptions | undefined, relu: boolean): tf.Tensor4D {
    const layout = opts?.layout ?? "NCHW";
    checkFloatTensor(this.whereForward, "input", x, layout);
    checkAlive(this.whereForward, this.params);
    noticeSlowBackend();
    if (layout === "NHWC" && !this.supportsNHWC()) {
      throw new Error(`${this.whereForward}: layout "NHWC" needs impl "fast", got impl "${this.impl}"`);
    }
    const s = x.shape;
    // The geometry checks read the NCHW shape, so messages are the same in both layouts.
    const g = this.geometry(this.whereForward, layout === "NHWC" && s.length === 4 ? [s[0], s[3], s[1], s[2]] : s);
    this.releasePass();
    const { y, pass } = this.path.forward(x as tf.Tensor4D, this.W, this.b, g, layout === "NHWC" ? { layout, relu } : undefined);
    this.last = { pass, yShape: y.shape };
    return y;
  }

  /** Returns dx for dout [N, FN, OH, OW] (NHWC after an NHWC forward); sets grads.W and grads.b. */
  backward(dout: tf.Tensor): tf.Tensor4D {
    const dx = this.backpropagate(`Convolution "${this.name}" backward`, dout, true);
    if (dx === undefined) throw new Error(`Convolution "${this.name}" backward: the ${this.impl} path returned no dx`);
    return dx;
  }

  /**
   * Like {@link backward}, but only fills grads.W and grads.b: dx is not computed. A net
   * calls this on its first layer, whose dx nobody reads (on wasm that saves a whole
   * convolution per step).
   */
  backwardParams(dout: tf.Tensor): void {
    this.backpropagate(`Convolution "${this.name}" backwardParams`, dout, false);
  }

  /** Frees the cached input and the grads (not the params). */
  dispose(): void {
    this.releasePass();
    if (this.currentGrads) tf.dispose([this.currentGrads.W, this.currentGrads.b]);
    this.currentGrads = undefined;
  }

  /** The window geometry for an input shape, after checking it is [N, C, H, W] with W's C. */
  private geometry(where: string, shape: readonly number[]): WindowGeometry {
    const [FN, C, FH, FW] = this.W.shape;
    if (shape.length !== 4) throw new ShapeError(where, "input", "rank 4 [N, C, H, W]", shape);
    if (shape[1] !== C) {
      throw new ShapeError(where, "input", `[N, C, H, W] with C = ${C} (W is ${formatShape([FN, C, FH, FW])})`, shape);
    }
    return windowGeometry(where, shape[2], shape[3], {
      filterH: FH,
      filterW: FW,
      stride: this.stride,
      pad: this.pad,
      dilation: this.dilation,
    });
  }

  private backpropagate(where: string, dout: tf.Tensor, wantDx: boolean): tf.Tensor4D | undefined {
    const last = this.last;
    if (last === undefined) throw noForwardError(where);
    checkDout(where, dout, last.yShape);
    const { dx, dW, db } = tf.tidy(() => last.pass.backward(dout as tf.Tensor4D, wantDx));
    if (this.currentGrads) tf.dispose([this.currentGrads.W, this.currentGrads.b]);
    // Kept: the grads outlive a tf.tidy the caller may have wrapped around backward.
    this.currentGrads = { W: tf.keep(dW), b: tf.keep(db) };
    return dx;
  }

  private releasePass(): void {
    this.last?.pass.dispose();
    this.last = undefined;
  }
}
