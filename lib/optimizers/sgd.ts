import * as tf from "@tensorflow/tfjs-core";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { BaseOptimizer, checkHyper } from "./optimizer";

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate (default 0.01). */
  readonly lr?: number;
}

/** The option names SGD takes. @internal */
export const SGD_KEYS = optionKeys<SGDOptions>({ lr: true });

/**
 * Stochastic gradient descent: `p -= lr * g`.
 *
 * @example
 * const opt = new SGD({ lr: 0.1 });
 * opt.update(net.params(), net.gradient(x, t).grads);
 */
export class SGD extends BaseOptimizer {
  readonly name = "SGD";

  constructor(options: SGDOptions = {}) {
    checkOptions("SGD", options, SGD_KEYS);
    const { lr = 0.01 } = options;
    super(lr);
    checkHyper("SGD", "lr", lr, 0, Infinity, true);
  }

  protected step(_key: string, p: tf.Variable, g: tf.Tensor): void {
    p.assign(tf.sub(p, tf.mul(g, this.lr)));
  }
}
