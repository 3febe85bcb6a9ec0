import { describeValue } from "../errors";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { checkOptimizerParams, optimizerName, type OptimizerName, type OptimizerParams } from "../optimizers/createOptimizer";
import type { Optimizer } from "../optimizers/optimizer";
import type { EpochRecord, History } from "./history";

/** What onBatch receives after every training step. */
export interface BatchInfo {
  /** 1-based epoch. */
  readonly epoch: number;
  /** 1-based batch within the epoch. */
  readonly batch: number;
  /** Batches per epoch. */
  readonly batches: number;
  /** This batch's loss. */
  readonly loss: number;
  /** Steps taken so far by this trainer, over all epochs and fit calls. */
  readonly iteration: number;
}

/** Options of {@link Trainer}. */
export interface TrainerOptions {
  /** Passes over the training set (default 20). */
  readonly epochs?: number;
  /** Images per step (default 100). */
  readonly batchSize?: number;
  /** An optimizer, or the name of one (default "adam"). */
  readonly optimizer?: OptimizerName | Optimizer;
  /** Hyper-parameters for a named optimizer, e.g. `{ lr: 0.01 }` (default: its own defaults). */
  readonly optimizerParams?: OptimizerParams;
  /**
   * Test images evaluated after each epoch, and the same count of training images
   * (default 1000, the book's; "all" for the whole sets).
   */
  readonly evaluateSample?: number | "all";
  /** Shuffle the training set every epoch (default true). */
  readonly shuffle?: boolean;
  /**
   * Seed of the shuffling order and the evaluation samples (default 0), so a run repeats: with
   * the net's own seed, the same params come out, also on several threads (they split every
   * batch in fixed equal shares, so no thread's images depend on timing).
   */
  readonly seed?: number;
  /** Called after every step (awaited if it returns a promise). */
  readonly onBatch?: (info: BatchInfo) => void | Promise<void>;
  /** Called after every epoch with its record (awaited if it returns a promise). */
  readonly onEpoch?: (record: EpochRecord, history: History) => void | Promise<void>;
  /** Show a live progress line and a line per epoch through the display host (default true). */
  readonly verbose?: boolean;
  /**
   * Threads a step's batch is split over (default: every core; 1 in a browser build). A net
   * that cannot be split trains on one thread, with a line saying why. `threads: 1` pins it.
   */
  readonly threads?: number;
}

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
