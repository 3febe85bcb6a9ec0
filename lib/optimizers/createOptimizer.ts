import { AdaGrad } from "./adaGrad";
import { Adam } from "./adam";
import { Momentum } from "./momentum";
import { Nesterov } from "./nesterov";
import type { Optimizer } from "./optimizer";
import { RMSprop } from "./rmsprop";
import { SGD } from "./sgd";

/** The optimizers known by name (lower case, as the book's Trainer spells them). */
export type OptimizerName = "sgd" | "momentum" | "nesterov" | "adagrad" | "rmsprop" | "adam";

/** Hyper-parameters any of the named optimizers may take; each reads only its own. */
export interface OptimizerParams {
  readonly lr?: number;
  readonly momentum?: number;
  readonly decayRate?: number;
  readonly beta1?: number;
  readonly beta2?: number;
}

const makers: Record<OptimizerName, (p: OptimizerParams) => Optimizer> = {
  sgd: (p) => new SGD(p),
  momentum: (p) => new Momentum(p),
  nesterov: (p) => new Nesterov(p),
  adagrad: (p) => new AdaGrad(p),
  rmsprop: (p) => new RMSprop(p),
  adam: (p) => new Adam(p),
};

/**
 * Builds an optimizer from its name (case-insensitive) and hyper-parameters.
 *
 * @example
 * const opt = createOptimizer("momentum", { lr: 0.01 });
 */
export function createOptimizer(name: OptimizerName | (string & {}), params: OptimizerParams = {}): Optimizer {
  const key = typeof name === "string" ? name.toLowerCase() : name;
  const make = Object.prototype.hasOwnProperty.call(makers, key) ? makers[key as OptimizerName] : undefined;
  if (make === undefined) {
    throw new RangeError(`createOptimizer: name must be one of ${Object.keys(makers).join(", ")}, got ${JSON.stringify(name)}`);
  }
  return make(params);
}
