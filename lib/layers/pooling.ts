import * as tf from "@tensorflow/tfjs-core";
import { ShapeError, describeValue } from "../errors";
import { tapsToImage } from "../conv/col2im";
import { maxPoolBackward, maxPoolForward } from "../conv/maxPoolLoops";
import { tapSpec, windowTaps } from "../conv/im2col";
import { windowGeometry, type WindowGeometry } from "../conv/options";
import { checkInt, type RoundMode } from "../conv/outputSize";
import { clippedWindows } from "../conv/clippedWindows";
import { checkDout, checkFloatTensor, noForwardError } from "./checks";
import type { ForwardOptions, Layer } from "./layer";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { keepShared } from "./keepShared";

/** Options of {@link Pooling}. */
export interface PoolingOptions {
  /** Window height. */
  readonly poolH: number;
  /** Window width. */
  readonly poolW: number;
  /** Step between windows (default 1, as in the book; DeepConvNet uses 2). */
  readonly stride?: number;
  /** Zeros added on each side; they take part in the max and the average, as in the book (default 0). */
  readonly pad?: number;
  /** "max" (default) or "avg". */
  readonly mode?: "max" | "avg";
  /**
   * "floor" (default, as PyTorch and TensorFlow) drops the windows that do not fit; "ceil"
   * (Caffe's pooling, what schemas use) adds a last window clipped to the padded input: its
   * max ignores the clipped part, its average divides by the taps inside.
   */
  readonly roundMode?: RoundMode;
  /**
   * "fast" (default) picks the quickest exact method for the shape; "im2col" always unrolls
   * the windows like the book. Both give the same numbers.
   */
  readonly impl?: "fast" | "im2col";
  /** The layer's name in its net (default "Pooling"). */
  readonly name?: string;
}

// The option names of PoolingOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const POOLING_KEYS = optionKeys<PoolingOptions>({
  poolH: true,
  poolW: true,
  stride: true,
  pad: true,
  mode: true,
  roundMode: true,
  impl: true,
  name: true,
});

/** What every forward pass keeps: the input shape and the window geometry. */
interface PassShape {
  readonly xShape: number[];
  readonly g: WindowGeometry;
}

/**
 * How one forward pass was computed, and what its backward needs:
 * - "blocks" / "windows": the windows unrolled (non-overlapping blocks by reshape, or any
 *   windows tap by tap); max keeps each window's argmax, average needs nothing more.
 * - "loops": max pooling by maxPoolLoops.ts, with the argmax found in training's forward.
 * - "loopsLater": inference max pooling by TF.js's kernel; the input is kept so a backward,
 *   if one comes, can find the argmax (and the pass becomes "loops").
 */
type Pass =
  | (PassShape & { readonly how: "blocks" | "windows"; readonly mode: "avg"; readonly counts?: tf.Tensor })
  | (PassShape & { readonly how: "blocks" | "windows"; readonly mode: "max"; readonly argmax: tf.Tensor })
  | (PassShape & { readonly how: "loops"; readonly argmax: tf.Tensor })
  | (PassShape & { readonly how: "loopsLater"; readonly x: tf.Tensor4D; readonly xIsNHWC?: boolean });

/**
 * The pooling layer (the book's `Pooling(pool_h, pool_w, stride=1, pad=0)`, plus average):
 * x [N, C, H, W] -> [N, C, OH, OW], each output the max (or mean) of its window; no params.
 * Max backward sends each gradient to the one position that held the max (the first, on
 * ties, like the book's argmax); average backward shares it equally over the window.
 *
 * @example
 * const pool = new Pooling({ poolH: 2, poolW: 2, stride: 2, name: "Pool1" });
 * const y = pool.forward(x);   // [100, 16, 28, 28] -> [100, 16, 14, 14]
 * const dx = pool.backward(dout);
 */
export class Pooling implements Layer {
  readonly name: string;
  readonly poolH: number;
  readonly poolW: number;
  readonly stride: number;
  readonly pad: number;
  readonly mode: "max" | "avg";
  readonly roundMode: RoundMode;
  readonly impl: "fast" | "im2col";
  readonly params: Readonly<Record<string, tf.Variable>> = {};
  readonly grads: Readonly<Record<string, tf.Tensor>> = {};
  readonly state: Readonly<Record<string, tf.Variable>> = {};
  private pass: Pass | undefined;
  /** The last forward ran on NHWC (inside a Sequential): backward takes and returns NHWC. */
  private nhwc = false;

  constructor(opts: PoolingOptions) {
    checkOptions("Pooling", opts, POOLING_KEYS);
    if (opts === null || typeof opts !== "object") {
      throw new TypeError(`Pooling: options must be an object { poolH, poolW, stride, pad, mode, name }, got ${describeValue(opts)}`);
    }
    const { poolH, poolW, stride = 1, pad = 0, mode = "max", roundMode = "floor", impl = "fast", name = "Pooling" } = opts;
    if (typeof name !== "string" || name === "")
      throw new TypeError(`Pooling: name must be a non-empty string, got ${describeValue(name)}`);
    const where = `Pooling "${name}"`;
    checkInt(where, "poolH", poolH, 1);
    checkInt(where, "poolW", poolW, 1);
    checkInt(where, "stride", stride, 1);
    checkInt(where, "pad", pad, 0);
    // A window that can sit wholly in the padding pools zeros only (Caffe refuses it too).
    if (pad >= poolH || pad >= poolW) {
      throw new RangeError(
        `${where}: pad must be smaller than the window (pad < poolH and pad < poolW), got pad ${pad} with a ${poolH}x${poolW} window`,
      );
    }
    if (mode !== "max" && mode !== "avg") throw new RangeError(`${where}: mode must be "max" or "avg", got ${JSON.stringify(mode)}`);
    if (roundMode !== "floor" && roundMode !== "ceil")
      throw new RangeError(`${where}: roundMode must be "floor" or "ceil", got ${JSON.stringify(roundMode)}`);
    if (impl !== "fast" && impl !== "im2col")
      throw new RangeError(`${where}: impl must be "fast" or "im2col", got ${JSON.stringify(impl)}`);
    this.name = name;
    this.poolH = poolH;
    this.poolW = poolW;
    this.stride = stride;
    this.pad = pad;
    this.mode = mode;
    this.roundMode = roundMode;
    this.impl = impl;
  }

  private geometry(where: string, shape: readonly number[]): WindowGeometry {
    if (shape.length !== 4) throw new ShapeError(where, "input", "rank 4 [N, C, H, W]", shape);
    return windowGeometry(where, shape[2], shape[3], {
      filterH: this.poolH,
      filterW: this.poolW,
      stride: this.stride,
      pad: this.pad,
      roundMode: this.roundMode,
    });
  }

  /** [N, C, OH, OW] for an input shape [N, C, H, W]; throws like forward would. */
  outputShape(inputShape: readonly number[]): number[] {
    const g = this.geometry(`Pooling "${this.name}" outputShape`, inputShape);
    return [inputShape[0], inputShape[1], g.OH, g.OW];
  }

  /**
   * Forward takes NHWC x in every mode (max inference natively, the rest through the NCHW
   * code, transposed), but only inference gains from it: training's max pooling loops are
   * NCHW, and transposing around them cost more than a Sequential's transposes outside.
   */
  supportsNHWC(train = false): boolean {
    return !train;
  }

  /** The window max (or mean); keeps what backward needs. */
  forward(x: tf.Tensor, opts?: ForwardOptions): tf.Tensor4D {
    if (opts?.layout === "NHWC") return this.forwardNHWC(x, opts);
    this.nhwc = false;
    const where = `Pooling "${this.name}" forward`;
    checkFloatTensor(where, "input", x);
    const g = this.geometry(where, x.shape);
    const [N, C, H, W] = x.shape;
    const K = g.FH * g.FW;
    this.dispose();
    const x4 = x as tf.Tensor4D;
    const clip = clippedWindows(g, H, W);
    const blocks = this.impl === "fast" && g.P === 0 && g.S === g.FH && g.S === g.FW && H % g.S === 0 && W % g.S === 0;
    if (this.impl === "fast" && this.mode === "max") {
      if (opts?.train !== true && g.P === 0 && clip === undefined) {
        // Inference: TF.js's pooling kernel (exact without padding) gives y fastest; the
        // argmax a later backward needs is found from the kept input only if it comes.
        this.pass = { how: "loopsLater", xShape: x.shape, g, x: keepShared(x4) };
        return tf.tidy(() => tf.transpose(tf.maxPool(tf.transpose(x4, [0, 2, 3, 1]), [g.FH, g.FW], g.S, 0), [0, 3, 1, 2]));
      }
      // Training: one pass over memory gives y and the argmax (maxPoolLoops.ts).
      const { y, argmax } = maxPoolForward(x4, g);
      this.pass = { how: "loops", xShape: x.shape, g, argmax: tf.keep(tf.tensor(argmax, y.shape, "int32")) };
      return y;
    }
    const how = blocks ? "blocks" : "windows";
    // windows: [N, C, OH, OW, K], one column per window position (fh, fw).
    const windowsOf = () =>
      blocks
        ? tf.reshape(tf.transpose(tf.reshape(x4, [N, C, g.OH, g.FH, g.OW, g.FW]), [0, 1, 2, 4, 3, 5]), [N, C, g.OH, g.OW, K])
        : windowTaps(x4, tapSpec(g), 4, 2);
    if (this.mode === "avg") {
      // A clipped window averages over the taps inside the padded input only (Caffe).
      const counts = clip === undefined ? undefined : tf.keep(tf.tensor2d(clip.counts, [g.OH, g.OW]));
      this.pass = { how, mode: "avg", xShape: x.shape, g, counts };
      return tf.tidy(() =>
        counts === undefined ? tf.mean<tf.Tensor4D>(windowsOf(), 4) : tf.div<tf.Tensor4D>(tf.sum(windowsOf(), 4), counts),
      );
    }
    const { y, argmax } = tf.tidy(() => {
      // windowTaps fills a clipped window's outside with zeros; -Infinity keeps them from winning.
      const windows = clip === undefined ? windowsOf() : tf.add(windowsOf(), tf.tensor3d(clip.mask, [g.OH, g.OW, K]));
      return { y: tf.max<tf.Tensor4D>(windows, 4), argmax: tf.argMax(windows, 4) };
    });
    this.pass = { how, mode: "max", xShape: x.shape, g, argmax: tf.keep(argmax) };
    return y;
  }

  /**
   * Forward on NHWC x: inference max pooling runs TF.js's NHWC kernel directly (the common
   * case inside a Sequential); every other case goes through the NCHW code, transposed.
   */
  private forwardNHWC(x: tf.Tensor, opts: ForwardOptions): tf.Tensor4D {
    const where = `Pooling "${this.name}" forward`;
    checkFloatTensor(where, "input", x, "NHWC");
    if (x.rank !== 4) throw new ShapeError(where, "input", "rank 4 [N, H, W, C] (NHWC inside a Sequential)", x.shape);
    const [N, H, W, C] = x.shape;
    const g = this.geometry(where, [N, C, H, W]);
    const x4 = x as tf.Tensor4D;
    if (this.impl === "fast" && this.mode === "max" && opts.train !== true && g.P === 0 && clippedWindows(g, H, W) === undefined) {
      this.dispose();
      this.nhwc = true;
      this.pass = { how: "loopsLater", xShape: [N, C, H, W], g, x: keepShared(x4), xIsNHWC: true };
      return tf.maxPool(x4, [g.FH, g.FW], g.S, 0);
    }
    const xn = tf.transpose<tf.Tensor4D>(x4, [0, 3, 1, 2]);
    try {
      const y = this.forward(xn, { train: opts.train });
      this.nhwc = true;
      const yh = tf.transpose<tf.Tensor4D>(y, [0, 2, 3, 1]);
      y.dispose();
      return yh;
    } finally {
      xn.dispose();
    }
  }

  /** dx for dout [N, C, OH, OW] ([N, OH, OW, C] after an NHWC forward). */
  backward(dout: tf.Tensor): tf.Tensor4D {
    if (!this.nhwc) return this.backwardNCHW(dout);
    const where = `Pooling "${this.name}" backward`;
    const pass = this.pass;
    if (pass === undefined) throw noForwardError(where);
    const [N, C] = pass.xShape;
    checkDout(where, dout, [N, pass.g.OH, pass.g.OW, C]);
    const dn = tf.transpose(dout, [0, 3, 1, 2]);
    try {
      const dx = this.backwardNCHW(dn);
      const dxh = tf.transpose<tf.Tensor4D>(dx, [0, 2, 3, 1]);
      dx.dispose();
      return dxh;
    } finally {
      dn.dispose();
    }
  }

  private backwardNCHW(dout: tf.Tensor): tf.Tensor4D {
    const where = `Pooling "${this.name}" backward`;
    let pass = this.pass;
    if (pass === undefined) throw noForwardError(where);
    const [N, C, H, W] = pass.xShape;
    const { g } = pass;
    checkDout(where, dout, [N, C, g.OH, g.OW]);
    const dout4 = dout as tf.Tensor4D;
    const K = g.FH * g.FW;
    if (pass.how === "loopsLater") {
      const xn = pass.xIsNHWC === true ? tf.transpose<tf.Tensor4D>(pass.x, [0, 3, 1, 2]) : pass.x;
      const found = maxPoolForward(xn, g);
      if (xn !== pass.x) xn.dispose();
      const argmax = tf.keep(tf.tensor(found.argmax, found.y.shape, "int32"));
      found.y.dispose();
      pass.x.dispose();
      pass = this.pass = { how: "loops", xShape: pass.xShape, g, argmax };
    }
    if (pass.how === "loops") return maxPoolBackward(dout4, pass.argmax, pass.xShape);
    const { how } = pass;
    const argmax = pass.mode === "max" ? pass.argmax : undefined;
    const counts = pass.mode === "avg" ? pass.counts : undefined;
    return tf.tidy(() => {
      // Per window position: the share of dout each window element receives.
      const share =
        argmax === undefined
          ? tf.tile(tf.expandDims(tf.div(dout4, counts ?? K), 4), [1, 1, 1, 1, K])
          : tf.mul(tf.oneHot(tf.reshape(argmax, [-1]), K), tf.reshape(dout4, [-1, 1]));
      if (how === "blocks") {
        const blocks = tf.reshape(share, [N, C, g.OH, g.OW, g.FH, g.FW]);
        return tf.reshape<tf.Rank.R4>(tf.transpose(blocks, [0, 1, 2, 4, 3, 5]), [N, C, H, W]);
      }
      const perTap = tf.transpose(tf.reshape(share, [N, C, g.OH, g.OW, K]), [4, 0, 1, 2, 3]);
      return tapsToImage(
        (k) => tf.reshape<tf.Rank.R4>(tf.slice(perTap, [k, 0, 0, 0, 0], [1, N, C, g.OH, g.OW]), [N, C, g.OH, g.OW]),
        [N, C, H, W],
        g,
      );
    });
  }

  /** Frees what forward kept for backward. */
  dispose(): void {
    const pass = this.pass;
    if (pass?.how === "loopsLater") pass.x.dispose();
    else if (pass?.how === "loops" || (pass !== undefined && pass.mode === "max")) pass.argmax.dispose();
    else pass?.counts?.dispose();
    this.pass = undefined;
  }
}
