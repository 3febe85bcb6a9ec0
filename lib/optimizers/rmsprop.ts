import * as tf from "@tensorflow/tfjs-core";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { BaseOptimizer, checkHyper } from "./optimizer";

/** Options of {@link RMSprop}. */
export interface RMSpropOptions {
  /** Learning rate (default 0.01). */
  readonly lr?: number;
  /** How much of the running mean of squared gradients is kept per step (default 0.99). */
  readonly decayRate?: number;
}

/** The option names RMSprop takes. @internal */
export const RMSPROP_KEYS = optionKeys<RMSpropOptions>({ lr: true, decayRate: true });

const EPS = 1e-7;

/**
 * RMSprop: AdaGrad with a forgetting running mean, so the step size does not decay to zero:
 * `h = decayRate * h + (1 - decayRate) * g * g; p -= lr * g / (sqrt(h) + 1e-7)`.
 *
 * @example
 * const opt = new RMSprop({ lr: 0.01, decayRate: 0.99 });
 */
export class RMSprop extends BaseOptimizer {
  readonly name = "RMSprop";
  readonly decayRate: number;

  constructor(options: RMSpropOptions = {}) {
    checkOptions("RMSprop", options, RMSPROP_KEYS);
    const { lr = 0.01, decayRate = 0.99 } = options;
    super(lr);
    checkHyper("RMSprop", "lr", lr, 0, Infinity, true);
    checkHyper("RMSprop", "decayRate", decayRate, 0, 1, false, true);
    this.decayRate = decayRate;
  }

  protected step(key: string, p: tf.Variable, g: tf.Tensor): void {
    const h = this.slot("h", key, p);
    const hNext = tf.add(tf.mul(h, this.decayRate), tf.mul(tf.square(g), 1 - this.decayRate));
    h.assign(hNext);
    p.assign(tf.sub(p, tf.div(tf.mul(g, this.lr), tf.add(tf.sqrt(hNext), EPS))));
  }
}
