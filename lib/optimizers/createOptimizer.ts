import { checkOptions, optionKeys } from "../options/checkOptions";
import { ADAGRAD_KEYS, AdaGrad } from "./adaGrad";
import { ADAM_KEYS, Adam } from "./adam";
import { MOMENTUM_KEYS, Momentum } from "./momentum";
import { NESTEROV_KEYS, Nesterov } from "./nesterov";
import type { Optimizer } from "./optimizer";
import { RMSPROP_KEYS, RMSprop } from "./rmsprop";
import { SGD, SGD_KEYS } from "./sgd";

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

const OPTIMIZER_PARAMS_KEYS = optionKeys<OptimizerParams>({ lr: true, momentum: true, decayRate: true, beta1: true, beta2: true });

/** The hyper-parameters each named optimizer takes. */
const keysByName: Record<OptimizerName, readonly string[]> = {
  sgd: SGD_KEYS,
  momentum: MOMENTUM_KEYS,
  nesterov: NESTEROV_KEYS,
  adagrad: ADAGRAD_KEYS,
  rmsprop: RMSPROP_KEYS,
  adam: ADAM_KEYS,
};

/**
 * Checks the hyper-parameters for a named optimizer: a key no optimizer takes gets the nearest
 * valid one ("learningRate": did you mean "lr"?), a key of another optimizer says which ones
 * take it (`momentum` with "sgd"), so neither is silently ignored.
 *
 * @internal
 */
export function checkOptimizerParams(where: string, name: OptimizerName, params: unknown, argument: string): void {
  const valid = keysByName[name];
  const hints: Record<string, string> = {};
  for (const key of OPTIMIZER_PARAMS_KEYS) {
    if (valid.includes(key)) continue;
    const takers = (Object.keys(keysByName) as OptimizerName[]).filter((n) => keysByName[n].includes(key));
    hints[key] = `"${key}" is a hyper-parameter of ${takers.map((n) => `"${n}"`).join(", ")}, not of "${name}".`;
  }
  checkOptions(where, params, valid, { argument, hints });
}

/** The optimizer name a string stands for (case-insensitive), or undefined. @internal */
export function optimizerName(name: unknown): OptimizerName | undefined {
  const key = typeof name === "string" ? name.toLowerCase() : "";
  return Object.prototype.hasOwnProperty.call(makers, key) ? (key as OptimizerName) : undefined;
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
  const key = optimizerName(name);
  if (key === undefined) {
    throw new RangeError(`createOptimizer: name must be one of ${Object.keys(makers).join(", ")}, got ${JSON.stringify(name)}`);
  }
  checkOptimizerParams(`createOptimizer("${key}")`, key, params, "params");
  return makers[key](params);
}
