import { describeValue } from "../errors";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { checkOptimizerParams, optimizerName } from "../optimizers/createOptimizer";
import type { TrainerOptions } from "./trainer";

const TRAINER_KEYS = optionKeys<TrainerOptions>({
  epochs: true,
  batchSize: true,
  optimizer: true,
  optimizerParams: true,
  evaluateSample: true,
  shuffle: true,
  seed: true,
  onBatch: true,
  onEpoch: true,
  verbose: true,
  threads: true,
});

// Hyper-parameters written beside the optimizer instead of inside optimizerParams: the key to
// write and an optimizer that takes it.
const MISPLACED: Readonly<Record<string, readonly [string, string]>> = {
  lr: ["lr", "adam"],
  learningRate: ["lr", "adam"],
  learning_rate: ["lr", "adam"],
  momentum: ["momentum", "momentum"],
  beta1: ["beta1", "adam"],
  beta2: ["beta2", "adam"],
  decayRate: ["decayRate", "rmsprop"],
};

/**
 * Checks a Trainer's options before any is used: unknown keys (a learning rate at the top
 * level points to optimizerParams), optimizerParams against the named optimizer's own
 * hyper-parameters, and optimizerParams beside an optimizer instance, which has its own.
 *
 * @internal
 */
export function checkTrainerOptions(options: unknown): void {
  const where = "Trainer";
  const hints = Object.fromEntries(
    Object.entries(MISPLACED).map(([k, [key, name]]) => [
      k,
      `hyper-parameters go in optimizerParams, beside the optimizer's name: { optimizer: "${name}", optimizerParams: { ${key}: ... } }.`,
    ]),
  );
  checkOptions(where, options, TRAINER_KEYS, { hints });
  if (options === undefined) return;
  const { optimizer, optimizerParams } = options as TrainerOptions;
  if (optimizerParams === undefined) return;
  const empty = typeof optimizerParams === "object" && optimizerParams !== null && Object.keys(optimizerParams).length === 0;
  if (typeof optimizer === "object" && optimizer !== null && !empty) {
    throw new TypeError(
      `${where}: optimizerParams ${describeParams(optimizerParams)} would be ignored: optimizer is an instance (${describeValue(optimizer)}), ` +
        `which has its own settings; give them to its constructor (new Adam({ lr: 0.001 })), or pass a name: { optimizer: "adam", optimizerParams }`,
    );
  }
  const name = optimizerName(optimizer ?? "adam");
  // An unknown name is reported by createOptimizer with the list of names.
  if (name !== undefined) checkOptimizerParams(where, name, optimizerParams, `optimizerParams (optimizer "${name}")`);
}

function describeParams(params: unknown): string {
  return typeof params === "object" && params !== null && !Array.isArray(params)
    ? `{ ${Object.keys(params).join(", ")} }`
    : describeValue(params);
}
