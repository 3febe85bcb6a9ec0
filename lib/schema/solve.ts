import * as tf from "@tensorflow/tfjs-core";
import { batchTensors } from "../data/batchTensors";
import type { Dataset } from "../data/dataset";
import { describeValue } from "../errors";
import { watchInterrupts } from "../ground/interruptWatch";
import type { Net } from "../nets/net";
import { BaseOptimizer, type Optimizer } from "../optimizers/optimizer";
import { loadParams, readParamsFile, saveParams } from "../params";
import { Rng } from "../random";
import { learningRateAt, solverOptimizer, type SolverSpec } from "./solver";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of {@link solve}. */
export interface SolveOptions {
  /** Images per iteration (default 100). */
  readonly batchSize?: number;
  /** Seeds the batch order (default 0): iteration i always sees the same images, so a resumed run matches an uninterrupted one. */
  readonly seed?: number;
  /** The optimizer to drive (default: the one the solver names, made by solverOptimizer). Its lr is set every iteration. */
  readonly optimizer?: Optimizer;
  /** A snapshot's `.solverstate` file: loads the params, the optimizer state and the iteration, and continues from there. */
  readonly resumeFrom?: string;
  /** Stop after this iteration instead of the solver's max_iter (to train in parts). */
  readonly stopAt?: number;
  /** Called after every iteration with its loss and learning rate. */
  readonly onIteration?: (info: { readonly iteration: number; readonly loss: number; readonly lr: number }) => void;
}

const SOLVE_KEYS = optionKeys<SolveOptions>({
  batchSize: true,
  seed: true,
  optimizer: true,
  resumeFrom: true,
  stopAt: true,
  onIteration: true,
});

/** What {@link solve} did. */
export interface SolveResult {
  /** Iterations done in total (including those before a resume). */
  readonly iteration: number;
  /** The loss of each iteration this call ran. */
  readonly losses: readonly number[];
  /** The snapshots written, as [params file, solverstate file] pairs. */
  readonly snapshots: readonly (readonly [string, string])[];
}

/** The two files of the snapshot after `iteration` iterations, named as Caffe names them. */
export function snapshotFiles(solver: SolverSpec, iteration: number): [params: string, state: string] {
  const stem = `${solver.snapshotPrefix}_iter_${iteration}`;
  return [`${stem}.nnparams`, `${stem}.solverstate`];
}

/**
 * Runs a solver the way Caffe's `caffe train` does: iteration by iteration up to max_iter, each
 * on the next mini-batch, with the learning rate the lr_policy gives for that iteration. Every
 * `snapshot` iterations it writes a snapshot: `<prefix>_iter_<i>.nnparams` (the params, as
 * saveParams writes them) and `<prefix>_iter_<i>.solverstate` (the optimizer's state and the
 * iteration). `resumeFrom` continues from such a snapshot with the same numbers an
 * uninterrupted run would give: the batch order depends only on the seed and the iteration.
 *
 * Weight decay belongs to the net: build it with `weightDecayLambda: solver.weightDecay`.
 * Seeded Dropout masks are not part of a snapshot, so a resumed net with Dropout draws new ones.
 *
 * @example
 * const solver = parseSolver(`base_lr: 0.05 momentum: 0.9 max_iter: 600 snapshot: 300 snapshot_prefix: "snap/mnist"`);
 * const net = netFromSchema(schema, { seed: 0, weightDecayLambda: solver.weightDecay });
 * await solve(net, solver, mnist.train);                      // writes snap/mnist_iter_300.*, _600.*
 * await solve(net2, solver, mnist.train, { resumeFrom: "snap/mnist_iter_300.solverstate" });
 */
export async function solve(net: Net, solver: SolverSpec, data: Dataset, options: SolveOptions = {}): Promise<SolveResult> {
  const where = "solve";
  checkOptions(where, options, SOLVE_KEYS);
  const { batchSize = 100, seed = 0, resumeFrom, stopAt = solver.maxIter, onIteration } = options;
  if (typeof net !== "object" || net === null || typeof net.gradient !== "function")
    throw new TypeError(`${where}: net must be a Net, got ${describeValue(net)}`);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > data.length)
    throw new RangeError(`${where}: batchSize must be an integer from 1 to the ${data.length} samples of ${data.name}, got ${batchSize}`);
  if (!Number.isInteger(seed)) throw new TypeError(`${where}: seed must be an integer, got ${describeValue(seed)}`);
  if (!Number.isInteger(stopAt) || stopAt < 0 || stopAt > solver.maxIter)
    throw new RangeError(`${where}: stopAt must be an integer from 0 to max_iter ${solver.maxIter}, got ${stopAt}`);
  const optimizer = options.optimizer ?? solverOptimizer(solver);
  try {
    let iteration = resumeFrom === undefined ? 0 : restoreSnapshot(where, net, optimizer, resumeFrom);
    const perEpoch = Math.floor(data.length / batchSize);
    let epoch = -1;
    let order: Int32Array = new Int32Array(0);
    const losses: number[] = [];
    const snapshots: [string, string][] = [];
    const watch = watchInterrupts();
    while (iteration < stopAt) {
      // Each epoch's order comes from (seed, epoch) alone, so iteration i is the same batch
      // whether the run started at 0 or resumed.
      const e = Math.floor(iteration / perEpoch);
      if (e !== epoch) {
        epoch = e;
        order = new Rng((seed * 1000003 + e) % 2147483647).permutation(data.length);
      }
      const k = (iteration % perEpoch) * batchSize;
      const { x, t } = batchTensors(data, order.subarray(k, k + batchSize));
      const lr = learningRateAt(solver, iteration);
      let loss: number;
      try {
        optimizer.lr = lr;
        const g = net.gradient(x, t);
        loss = g.loss;
        optimizer.update(net.params(), g.grads);
      } finally {
        tf.dispose([x, t]);
      }
      iteration++;
      losses.push(loss);
      if (solver.snapshot > 0 && iteration % solver.snapshot === 0) snapshots.push(writeSnapshot(where, net, optimizer, solver, iteration));
      onIteration?.({ iteration, loss, lr });
      // Let an interrupt request arrive, then stop between iterations.
      await new Promise((resolve) => setTimeout(resolve, 0));
      watch.throwIfInterrupted();
    }
    return { iteration, losses, snapshots };
  } finally {
    if (options.optimizer === undefined) optimizer.dispose();
  }
}

function stateful(where: string, optimizer: Optimizer): BaseOptimizer {
  if (!(optimizer instanceof BaseOptimizer))
    throw new TypeError(
      `${where}: snapshots need an optimizer built on BaseOptimizer (its state can be saved), got ${describeValue(optimizer)}`,
    );
  return optimizer;
}

/** The solverstate's header names the optimizer, so a resume with another one is refused. */
const stateName = (optimizer: Optimizer): string => `solverstate:${optimizer.name}`;

function writeSnapshot(where: string, net: Net, optimizer: Optimizer, solver: SolverSpec, iteration: number): [string, string] {
  const opt = stateful(where, optimizer);
  const [paramsFile, stateFile] = snapshotFiles(solver, iteration);
  saveParams(net, paramsFile);
  const counters = tf.tidy(() => ({
    iteration: tf.variable(tf.tensor1d([iteration], "int32")),
    updates: tf.variable(tf.tensor1d([opt.updateCount], "int32")),
  }));
  try {
    // The solverstate is a parameter file too: the counters and the optimizer's slots as state.
    saveParams({ name: stateName(opt), params: () => ({}), state: () => ({ ...counters, ...opt.stateTensors() }) }, stateFile);
  } finally {
    tf.dispose(Object.values(counters));
  }
  return [paramsFile, stateFile];
}

/** Loads a snapshot into the net and the optimizer; returns its iteration. */
function restoreSnapshot(where: string, net: Net, optimizer: Optimizer, stateFile: string): number {
  const opt = stateful(where, optimizer);
  if (!stateFile.endsWith(".solverstate"))
    throw new RangeError(`${where}: resumeFrom must be a snapshot's .solverstate file, got ${JSON.stringify(stateFile)}`);
  const { header, values } = readParamsFile(stateFile);
  if (header.net !== stateName(opt))
    throw new RangeError(
      `${where}: ${stateFile} holds the state of "${header.net.replace(/^solverstate:/, "")}", but this run uses ${opt.name}`,
    );
  const iteration = values.get("iteration")?.[0];
  const updates = values.get("updates")?.[0];
  if (iteration === undefined || updates === undefined)
    throw new RangeError(`${where}: ${stateFile} has no iteration counter; is it a solverstate?`);
  const params = net.params();
  const state: Record<string, tf.Tensor> = {};
  try {
    for (const t of header.tensors) {
      if (t.name === "iteration" || t.name === "updates") continue;
      const param = t.name.slice(t.name.indexOf("/") + 1);
      if (params[param] === undefined)
        throw new RangeError(`${where}: ${stateFile} has optimizer state for "${param}", which net "${net.name}" does not have`);
      state[t.name] = tf.tensor(values.get(t.name)!, [...t.shape], t.dtype);
    }
    // Params first: a file that does not fit the net leaves the optimizer as it was.
    loadParams(net, stateFile.replace(/\.solverstate$/, ".nnparams"));
    opt.restoreState(state, updates);
  } finally {
    tf.dispose(Object.values(state));
  }
  return iteration;
}
