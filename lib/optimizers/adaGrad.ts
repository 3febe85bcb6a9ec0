import * as tf from "@tensorflow/tfjs-core";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { BaseOptimizer, checkHyper } from "./optimizer";

/** Options of {@link AdaGrad}. */
export interface AdaGradOptions {
  /** Learning rate (default 0.01). */
  readonly lr?: number;
}

/** The option names AdaGrad takes. @internal */
export const ADAGRAD_KEYS = optionKeys<AdaGradOptions>({ lr: true });

/** The book's 1e-7 that keeps the division finite while h is still 0. */
const EPS = 1e-7;

/**
 * AdaGrad: every param gets its own step size, shrinking with its summed squared gradients:
 * `h += g * g; p -= lr * g / (sqrt(h) + 1e-7)`.
 *
 * @example
 * const opt = new AdaGrad({ lr: 1.5 });
 */
export class AdaGrad extends BaseOptimizer {
  readonly name = "AdaGrad";

  constructor(options: AdaGradOptions = {}) {
    checkOptions("AdaGrad", options, ADAGRAD_KEYS);
    const { lr = 0.01 } = options;
    super(lr);
    checkHyper("AdaGrad", "lr", lr, 0, Infinity, true);
  }

  protected step(key: string, p: tf.Variable, g: tf.Tensor): void {
    const h = this.slot("h", key, p);
    const hNext = tf.add(h, tf.square(g));
    h.assign(hNext);
    p.assign(tf.sub(p, tf.div(tf.mul(g, this.lr), tf.add(tf.sqrt(hNext), EPS))));
  }
}
