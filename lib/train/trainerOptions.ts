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

// Hyper-parameters written beside the optimizer instead of inside optimizerParams.
const MISPLACED = ["lr", "learningRate", "learning_rate", "momentum", "beta1", "beta2", "decayRate"];

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
    MISPLACED.map((k) => [
      k,
      `hyper-parameters go in optimizerParams: { optimizer: "adam", optimizerParams: { ${k === "learningRate" || k === "learning_rate" ? "lr" : k}: ... } }.`,
    ]),
  );
  checkOptions(where, options, TRAINER_KEYS, { hints });
  if (options === undefined) return;
  const { optimizer, optimizerParams } = options as TrainerOptions;
  if (optimizerParams === undefined) return;
  if (typeof optimizer === "object" && optimizer !== null) {
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
