import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Tensor2D, Variable } from "@tensorflow/tfjs-core";
import { ShapeError, formatShape } from "../errors";
import { checkAlive, checkDout, checkFloatTensor, noForwardError } from "./checks";
import type { ForwardOptions, Layer } from "./layer";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { toVariable } from "./variables";
import { checkForwardOptions } from "./layer";

/** Options of {@link BatchNormalization}. */
export interface BatchNormalizationOptions {
  /** Weight of the old running statistics in each update (default 0.9). */
  readonly momentum?: number;
  /** Added to the variance before the square root (default 1e-7). */
  readonly eps?: number;
  /** The layer's name in its net (default "BatchNorm"). */
  readonly name?: string;
}

// The option names of BatchNormalizationOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const BATCH_NORMALIZATION_KEYS = optionKeys<BatchNormalizationOptions>({ momentum: true, eps: true, name: true });

/** What backward needs from a train-mode forward (all as rows [M, D]). */
interface TrainCache {
  readonly train: true;
  readonly xc: Tensor;
  readonly xn: Tensor;
  readonly std: Tensor;
  readonly xShape: number[];
}

/** What backward needs from an eval-mode forward: the statistics were constants. */
interface EvalCache {
  readonly train: false;
  readonly xn: Tensor;
  readonly std: Tensor;
  readonly xShape: number[];
}

/**
 * Batch normalization (the book's BatchNormalization, with per-channel statistics for images):
 * `y = gamma * (x - mean) / sqrt(var + eps) + beta`.
 *
 * Input `[N, D]` (gamma, beta of length D) or NCHW `[N, C, H, W]` (gamma, beta of length C,
 * statistics over N, H and W of each channel). In training (`{ train: true }`) it uses the
 * batch's mean and (biased) variance and updates `state.runningMean` / `state.runningVar`:
 * `running = momentum * running + (1 - momentum) * batch`. In evaluation (the default) it
 * uses the running statistics. The running statistics start at mean 0 and variance 1, so an
 * untrained layer in evaluation passes `gamma * x + beta` through (the book starts the
 * variance at 0, which would divide by sqrt(eps)).
 *
 * Backward is the book's hand-written chain (through xc, std and the mean), returning dx and
 * filling `grads.gamma` and `grads.beta`.
 *
 * @example
 * const bn = new BatchNormalization(tf.ones([16]), tf.zeros([16]), { name: "BatchNorm1" });
 * const y = bn.forward(x, { train: true });   // x [N, 16, H, W]: each channel mean 0, variance 1
 * const dx = bn.backward(dout);               // bn.grads.gamma, bn.grads.beta [16]
 */
export class BatchNormalization implements Layer {
  readonly name: string;
  readonly momentum: number;
  readonly eps: number;
  readonly params: { readonly gamma: Variable; readonly beta: Variable };
  readonly state: { readonly runningMean: Variable; readonly runningVar: Variable };
  /** D for [N, D] inputs, C for NCHW inputs. */
  readonly features: number;
  private cache?: TrainCache | EvalCache;
  private currentGrads?: { gamma: Tensor; beta: Tensor };
  private readonly whereForward: string;
  private readonly whereBackward: string;

  constructor(gamma: Tensor, beta: Tensor, options: BatchNormalizationOptions = {}) {
    checkOptions("BatchNormalization", options, BATCH_NORMALIZATION_KEYS);
    const { momentum = 0.9, eps = 1e-7, name = "BatchNorm" } = options;
    const where = `BatchNormalization "${name}" constructor`;
    if (typeof momentum !== "number" || !(momentum >= 0 && momentum <= 1)) {
      throw new RangeError(`${where}: momentum must be a number in [0, 1], got ${String(momentum)}`);
    }
    if (typeof eps !== "number" || !(eps > 0 && Number.isFinite(eps))) {
      throw new RangeError(`${where}: eps must be a finite number > 0, got ${String(eps)}`);
    }
    const gammaV = toVariable(gamma, where, "gamma", 1);
    const D = gammaV.shape[0];
    let betaV: Variable;
    try {
      if (beta instanceof tf.Tensor && (beta.rank !== 1 || beta.shape[0] !== D)) {
        throw new ShapeError(where, "beta", `rank 1 [${D}] to match gamma ${formatShape(gammaV.shape)}`, beta.shape);
      }
      betaV = toVariable(beta, where, "beta", 1);
    } catch (e) {
      if (gammaV !== gamma) gammaV.dispose();
      throw e;
    }
    this.name = name;
    this.momentum = momentum;
    this.eps = eps;
    this.features = D;
    this.params = { gamma: gammaV, beta: betaV };
    this.state = {
      runningMean: tf.tidy(() => tf.variable(tf.zeros([D]), false)),
      runningVar: tf.tidy(() => tf.variable(tf.ones([D]), false)),
    };
    this.whereForward = `BatchNormalization "${name}" forward`;
    this.whereBackward = `BatchNormalization "${name}" backward`;
  }

  /** `{ gamma: dgamma, beta: dbeta }` of the last backward (empty before any). Owned by the layer. */
  get grads(): Readonly<Record<string, Tensor>> {
    return this.currentGrads ?? {};
  }

  /** dL/dgamma of the last backward, as the book names it. */
  get dgamma(): Tensor | undefined {
    return this.currentGrads?.gamma;
  }

  /** dL/dbeta of the last backward, as the book names it. */
  get dbeta(): Tensor | undefined {
    return this.currentGrads?.beta;
  }

  forward(x: Tensor, opts: ForwardOptions = {}): Tensor {
    checkForwardOptions(this.whereForward, opts);
    const { train = false } = opts;
    checkFloatTensor(this.whereForward, "input", x);
    this.checkInputShape(this.whereForward, x.shape);
    checkAlive(this.whereForward, this.params);
    checkAlive(this.whereForward, this.state);
    if (train) this.checkBatchStatistics(x.shape);
    const xShape = x.shape.slice();
    const { gamma, beta } = this.params;
    const { runningMean, runningVar } = this.state;
    const momentum = this.momentum;
    const eps = this.eps;

    const out = tf.tidy(() => {
      const x2 = toRows(x);
      let xc: Tensor | undefined;
      let xn: Tensor;
      let std: Tensor;
      if (train) {
        const mu = tf.mean(x2, 0);
        xc = tf.sub(x2, mu);
        const variance = tf.mean(tf.square(xc), 0);
        std = tf.sqrt(tf.add(variance, eps));
        xn = tf.div(xc, std);
        runningMean.assign(tf.add(tf.mul(runningMean, momentum), tf.mul(mu, 1 - momentum)));
        runningVar.assign(tf.add(tf.mul(runningVar, momentum), tf.mul(variance, 1 - momentum)));
      } else {
        std = tf.sqrt(tf.add(runningVar, eps));
        xn = tf.div(tf.sub(x2, runningMean), std);
      }
      const y = fromRows(tf.add(tf.mul(xn, gamma), beta), xShape);
      return xc === undefined ? { y, xn, std } : { y, xn, std, xc };
    });

    this.disposeCache();
    this.cache =
      out.xc === undefined
        ? { train: false, xn: tf.keep(out.xn), std: tf.keep(out.std), xShape }
        : { train: true, xc: tf.keep(out.xc), xn: tf.keep(out.xn), std: tf.keep(out.std), xShape };
    return out.y;
  }

  backward(dout: Tensor): Tensor {
    const cache = this.cache;
    if (cache === undefined) throw noForwardError(this.whereBackward);
    checkDout(this.whereBackward, dout, cache.xShape);
    const gamma = this.params.gamma;

    const [dx, dgamma, dbeta] = tf.tidy(() => {
      const d2 = toRows(dout);
      const dbeta = tf.sum(d2, 0);
      const dgamma = tf.sum(tf.mul(cache.xn, d2), 0);
      const dxn = tf.mul(d2, gamma);
      let dx2: Tensor;
      if (cache.train) {
        // The book's chain: xn = xc / std, std = sqrt(var + eps), var = mean(xc^2), xc = x - mu.
        const M = d2.shape[0];
        const { xc, std } = cache;
        let dxc = tf.div(dxn, std);
        const dstd = tf.neg(tf.sum(tf.div(tf.mul(dxn, xc), tf.mul(std, std)), 0));
        const dvar = tf.div(tf.mul(dstd, 0.5), std);
        dxc = tf.add(dxc, tf.mul(tf.mul(xc, dvar), 2 / M));
        const dmu = tf.sum(dxc, 0);
        dx2 = tf.sub(dxc, tf.div(dmu, M));
      } else {
        // Running statistics are constants here: y is an affine function of x.
        dx2 = tf.div(dxn, cache.std);
      }
      return [fromRows(dx2, cache.xShape), dgamma, dbeta];
    });

    this.disposeGrads();
    this.currentGrads = { gamma: tf.keep(dgamma), beta: tf.keep(dbeta) };
    return dx;
  }

  outputShape(inputShape: readonly number[]): number[] {
    this.checkInputShape(`BatchNormalization "${this.name}" outputShape`, inputShape);
    return inputShape.slice();
  }

  /** Frees the cache and grads (params and running statistics stay). */
  dispose(): void {
    this.disposeCache();
    this.disposeGrads();
  }

  private checkInputShape(where: string, shape: readonly number[]): void {
    const ok = (shape.length === 2 || shape.length === 4) && shape[1] === this.features;
    if (!ok) {
      const D = this.features;
      throw new ShapeError(where, "input", `[N, ${D}] or NCHW [N, ${D}, H, W] (gamma has length ${D})`, shape);
    }
  }

  /**
   * Batch statistics need more than one value per channel: with one, every value is its own
   * mean, so the output is beta everywhere and the gradient zero (training does nothing).
   * PyTorch refuses it the same way.
   */
  private checkBatchStatistics(shape: readonly number[]): void {
    const perChannel = shape.length === 4 ? shape[0] * shape[2] * shape[3] : shape[0];
    if (perChannel > 1) return;
    throw new ShapeError(
      this.whereForward,
      "input",
      `more than 1 value per channel in train mode (a batch of >= 2 samples: one sample normalizes to all zeros; ` +
        `use batchSize >= 2, or { train: false } to use the running statistics)`,
      shape,
    );
  }

  private disposeCache(): void {
    const cache = this.cache;
    if (cache === undefined) return;
    cache.xn.dispose();
    cache.std.dispose();
    if (cache.train) cache.xc.dispose();
    this.cache = undefined;
  }

  private disposeGrads(): void {
    if (this.currentGrads === undefined) return;
    this.currentGrads.gamma.dispose();
    this.currentGrads.beta.dispose();
    this.currentGrads = undefined;
  }
}

/** [N, D] stays; NCHW becomes [N*H*W, C] so every channel is one column. */
function toRows(x: Tensor): Tensor2D {
  if (x.rank === 2) return x.clone() as Tensor2D;
  const C = x.shape[1] as number;
  return tf.reshape<tf.Rank.R2>(tf.transpose(x, [0, 2, 3, 1]), [-1, C]);
}

/** The inverse of {@link toRows} for an input of shape xShape. */
function fromRows(rows: Tensor, xShape: readonly number[]): Tensor {
  if (xShape.length === 2) return rows;
  const [N, C, H, W] = xShape as [number, number, number, number];
  return tf.transpose(tf.reshape(rows, [N, H, W, C]), [0, 3, 1, 2]);
}
