import * as tf from "@tensorflow/tfjs-core";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { BaseOptimizer, checkHyper } from "./optimizer";

/** Options of {@link Momentum}. */
export interface MomentumOptions {
  /** Learning rate (default 0.01). */
  readonly lr?: number;
  /** How much of the previous velocity is kept (default 0.9). */
  readonly momentum?: number;
}

/** The option names Momentum takes. @internal */
export const MOMENTUM_KEYS = optionKeys<MomentumOptions>({ lr: true, momentum: true });

/**
 * SGD with momentum (the book's rule): `v = momentum * v - lr * g; p += v`.
 *
 * @example
 * const opt = new Momentum({ lr: 0.01, momentum: 0.9 });
 */
export class Momentum extends BaseOptimizer {
  readonly name = "Momentum";
  readonly momentum: number;

  constructor(options: MomentumOptions = {}) {
    checkOptions("Momentum", options, MOMENTUM_KEYS);
    const { lr = 0.01, momentum = 0.9 } = options;
    super(lr);
    checkHyper("Momentum", "lr", lr, 0, Infinity, true);
    checkHyper("Momentum", "momentum", momentum, 0, 1, false, true);
    this.momentum = momentum;
  }

  protected step(key: string, p: tf.Variable, g: tf.Tensor): void {
    const v = this.slot("v", key, p);
    const vNext = tf.sub(tf.mul(v, this.momentum), tf.mul(g, this.lr));
    v.assign(vNext);
    p.assign(tf.add(p, vNext));
  }
}
