import * as tf from "@tensorflow/tfjs-core";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { BaseOptimizer, checkHyper } from "./optimizer";

/** Options of {@link Nesterov}. */
export interface NesterovOptions {
  /** Learning rate (default 0.01). */
  readonly lr?: number;
  /** How much of the previous velocity is kept (default 0.9). */
  readonly momentum?: number;
}

/** The option names Nesterov takes. @internal */
export const NESTEROV_KEYS = optionKeys<NesterovOptions>({ lr: true, momentum: true });

/**
 * Nesterov's accelerated gradient in the book's form (common/optimizer.py):
 * `v = momentum * v - lr * g; p += momentum^2 * v - (1 + momentum) * lr * g`,
 * which evaluates the gradient at the look-ahead point without a second forward pass.
 *
 * @example
 * const opt = new Nesterov({ lr: 0.01 });
 */
export class Nesterov extends BaseOptimizer {
  readonly name = "Nesterov";
  readonly momentum: number;

  constructor(options: NesterovOptions = {}) {
    checkOptions("Nesterov", options, NESTEROV_KEYS);
    const { lr = 0.01, momentum = 0.9 } = options;
    super(lr);
    checkHyper("Nesterov", "lr", lr, 0, Infinity, true);
    checkHyper("Nesterov", "momentum", momentum, 0, 1, false, true);
    this.momentum = momentum;
  }

  protected step(key: string, p: tf.Variable, g: tf.Tensor): void {
    const m = this.momentum;
    const v = this.slot("v", key, p);
    const vNext = tf.sub(tf.mul(v, m), tf.mul(g, this.lr));
    v.assign(vNext);
    p.assign(tf.sub(tf.add(p, tf.mul(vNext, m * m)), tf.mul(g, (1 + m) * this.lr)));
  }
}
