import * as tf from "@tensorflow/tfjs-core";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { BaseOptimizer, checkHyper } from "./optimizer";

/** Options of {@link Adam}. */
export interface AdamOptions {
  /** Learning rate (default 0.001). */
  readonly lr?: number;
  /** Decay of the first-moment (mean gradient) estimate (default 0.9). */
  readonly beta1?: number;
  /** Decay of the second-moment (squared gradient) estimate (default 0.999). */
  readonly beta2?: number;
}

/** The option names Adam takes. @internal */
export const ADAM_KEYS = optionKeys<AdamOptions>({ lr: true, beta1: true, beta2: true });

const EPS = 1e-7;

/**
 * Adam in the book's form: the bias correction is folded into the step size,
 * `lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)`, then
 * `m += (1 - beta1) (g - m); v += (1 - beta2) (g^2 - v); p -= lr_t * m / (sqrt(v) + 1e-7)`.
 *
 * @example
 * const opt = new Adam({ lr: 0.001 });
 * opt.update(net.params(), grads);
 */
export class Adam extends BaseOptimizer {
  readonly name = "Adam";
  readonly beta1: number;
  readonly beta2: number;
  private iter = 0;

  constructor(options: AdamOptions = {}) {
    checkOptions("Adam", options, ADAM_KEYS);
    const { lr = 0.001, beta1 = 0.9, beta2 = 0.999 } = options;
    super(lr);
    checkHyper("Adam", "lr", lr, 0, Infinity, true);
    checkHyper("Adam", "beta1", beta1, 0, 1, false, true);
    checkHyper("Adam", "beta2", beta2, 0, 1, false, true);
    this.beta1 = beta1;
    this.beta2 = beta2;
  }

  /** Number of updates made so far (t in the bias correction). */
  get iterations(): number {
    return this.iter;
  }

  protected override beforeStep(): void {
    this.iter++;
  }

  protected step(key: string, p: tf.Variable, g: tf.Tensor): void {
    const { beta1, beta2 } = this;
    const lrT = (this.lr * Math.sqrt(1 - beta2 ** this.iter)) / (1 - beta1 ** this.iter);
    const m = this.slot("m", key, p);
    const v = this.slot("v", key, p);
    const mNext = tf.add(m, tf.mul(tf.sub(g, m), 1 - beta1));
    const vNext = tf.add(v, tf.mul(tf.sub(tf.square(g), v), 1 - beta2));
    m.assign(mNext);
    v.assign(vNext);
    p.assign(tf.sub(p, tf.div(tf.mul(mNext, lrT), tf.add(tf.sqrt(vNext), EPS))));
  }

  protected override reset(): void {
    this.iter = 0;
  }

  protected override restoreCount(updateCount: number): void {
    this.iter = updateCount;
  }
}
