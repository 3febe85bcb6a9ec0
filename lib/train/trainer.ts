import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import { batchTensors } from "../data/batchTensors";
import type { Dataset } from "../data/dataset";
import { take } from "../data/subset";
import { NonFiniteLossError, ShapeError, describeValue, formatShape } from "../errors";
import { displayHost } from "../ground/displaySeam";
import { watchInterrupts, type InterruptWatch } from "../ground/interruptWatch";
import type { Net } from "../nets/net";
import { ParallelNet } from "../parallel/parallelNet";
import { planSplit } from "../parallel/splitPlan";
import { createOptimizer } from "../optimizers/createOptimizer";
import type { Optimizer } from "../optimizers/optimizer";
import { platform } from "../platform";
import { Rng } from "../random/rng";
import { noticeSlowBackend } from "../backend/slowBackend";
import { warn } from "../warning";
import { accuracy } from "./accuracy";
import { checkDatasetClasses } from "./classCount";
import { BatchNormalization } from "../layers/batchNormalization";
import { History, type EpochRecord } from "./history";
import { checkBatchSize } from "./predictLabels";
import { checkTrainerOptions, type TrainerOptions } from "./trainerOptions";
import { TrainingProgress } from "./trainingProgress";

export type { BatchInfo, TrainerOptions } from "./trainerOptions";

/** A loss this many times its first batch's warns once that the learning rate may be too large. */
export const LOSS_GROWTH_WARNING = 10;

function checkDataset(where: string, argument: string, ds: Dataset, net: Net): void {
  if (typeof ds !== "object" || ds === null || !(ds.x instanceof Float32Array) || !(ds.labels instanceof Uint8Array)) {
    throw new TypeError(`${where}: ${argument} must be a Dataset (x Float32Array, labels Uint8Array), got ${describeValue(ds)}`);
  }
  if (ds.length < 1) throw new RangeError(`${where}: ${argument} "${ds.name}" has no samples`);
  const s = ds.sampleShape;
  if (s.length !== net.inputShape.length || s.some((d, i) => d !== net.inputShape[i])) {
    throw new ShapeError(where, `${argument} "${ds.name}" samples`, `${formatShape(net.inputShape)} (the net's inputShape)`, [...s]);
  }
  checkDatasetClasses(where, argument, ds, net);
}

/**
 * Trains a net with mini-batches, the book's Trainer: every epoch shuffles the training set,
 * takes `ceil(n / batchSize)` steps (batch -> `net.gradient` -> `optimizer.update`), then
 * measures train and test accuracy on `evaluateSample` images.
 *
 * - Between batches it yields to the event loop and checks for an interrupt: a kernel
 *   interrupt stops `fit` for good with InterruptedError (also a fit its cell abandoned, however
 *   late it resumes), and the params trained so far stay in the net (`trainer.history` keeps
 *   what was recorded).
 * - Each batch is split over every core (`threads`, default the platform's core count; one in a
 *   browser build): the net trains in place on the main thread while worker threads compute
 *   the other shares on replicas built from its spec (see ParallelNet), and the workers stop
 *   when `fit` returns or throws. A net that cannot be split (no spec, BatchNormalization)
 *   trains on one thread and `fit` says why in one line.
 * - A loss that is NaN or infinite stops `fit` with NonFiniteLossError naming epoch and
 *   batch. That batch's update is not applied and the running statistics its forward pass
 *   changed (BatchNorm's) are restored: the net's params and state, and the optimizer's state,
 *   are as after the previous batch.
 * - A loss that grows past LOSS_GROWTH_WARNING (10) times the first batch's warns once, with
 *   a smaller learning rate to try. A second `fit()` while one runs is refused.
 *
 * @example
 * const trainer = new Trainer(net, train, test, { epochs: 2, optimizer: "adam", optimizerParams: { lr: 0.001 } });
 * const history = await trainer.fit();
 * history.epochs[1].testAcc; // 0.9...
 */
export class Trainer {
  readonly net: Net;
  readonly trainData: Dataset;
  readonly testData: Dataset;
  readonly optimizer: Optimizer;
  readonly epochs: number;
  readonly batchSize: number;
  readonly evaluateSample: number | "all";
  readonly shuffle: boolean;
  readonly verbose: boolean;
  /** Everything recorded so far (also after an interrupt or an error). */
  readonly history = new History();
  private readonly onBatch?: TrainerOptions["onBatch"];
  private readonly onEpoch?: TrainerOptions["onEpoch"];
  private readonly rng: Rng;
  private readonly ownsOptimizer: boolean;
  private iteration = 0;
  private readonly threadsWanted: number;
  private lastThreads = 1;
  private lastWhy: string | undefined;
  /** True while a fit runs: two fits would step one net twice per batch. */
  private fitting = false;
  /** The first batch's loss, which later losses are compared with (undefined before it). */
  private firstLoss: number | undefined;
  private lossGrowthWarned = false;
  /** The net has BatchNormalization and an epoch would end on a batch of one: it joins the previous batch. */
  private readonly foldLoneSample: boolean;

  constructor(net: Net, trainData: Dataset, testData: Dataset, options: TrainerOptions = {}) {
    checkTrainerOptions(options);
    const where = "Trainer";
    const {
      epochs = 20,
      batchSize = 100,
      optimizer = "adam",
      optimizerParams = {},
      evaluateSample = 1000,
      shuffle = true,
      seed = 0,
      onBatch,
      onEpoch,
      verbose = true,
      threads = platform.cores?.() ?? 1,
    } = options;
    if (typeof net !== "object" || net === null || typeof net.gradient !== "function" || typeof net.params !== "function") {
      throw new TypeError(`${where}: net must be a Net (gradient, params, predict), got ${describeValue(net)}`);
    }
    checkDataset(where, "trainData", trainData, net);
    checkDataset(where, "testData", testData, net);
    if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`${where}: epochs must be a positive integer, got ${String(epochs)}`);
    checkBatchSize(where, batchSize);
    if (!(evaluateSample === "all" || (Number.isInteger(evaluateSample) && evaluateSample >= 1))) {
      throw new RangeError(`${where}: evaluateSample must be a positive integer or "all", got ${JSON.stringify(evaluateSample)}`);
    }
    if (!Number.isInteger(seed)) throw new RangeError(`${where}: seed must be an integer, got ${String(seed)}`);
    if (onBatch !== undefined && typeof onBatch !== "function")
      throw new TypeError(`${where}: onBatch must be a function, got ${typeof onBatch}`);
    if (onEpoch !== undefined && typeof onEpoch !== "function")
      throw new TypeError(`${where}: onEpoch must be a function, got ${typeof onEpoch}`);
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      throw new RangeError(`${where}: threads must be an integer in [1, 64], got ${describeValue(threads)}`);
    }
    const batchNorm = net.layers.find((l) => l instanceof BatchNormalization);
    if (batchNorm !== undefined && Math.min(batchSize, trainData.length) < 2) {
      throw new RangeError(
        `${where}: batchSize must be >= 2 to train a net with BatchNormalization ("${batchNorm.name}"): ` +
          `the statistics of one sample normalize it to zeros, got batchSize ${batchSize} and ${trainData.length} training samples`,
      );
    }
    // The same reason: an epoch's last batch of one sample joins the batch before it.
    this.foldLoneSample = batchNorm !== undefined && trainData.length % batchSize === 1;
    if (typeof optimizer === "string") {
      this.optimizer = createOptimizer(optimizer, optimizerParams);
      this.ownsOptimizer = true;
    } else if (typeof optimizer === "object" && optimizer !== null && typeof optimizer.update === "function") {
      this.optimizer = optimizer;
      this.ownsOptimizer = false;
    } else {
      throw new TypeError(`${where}: optimizer must be an Optimizer or a name ("adam", "sgd", ...), got ${describeValue(optimizer)}`);
    }
    this.net = net;
    this.trainData = trainData;
    this.testData = testData;
    this.epochs = epochs;
    this.batchSize = batchSize;
    this.evaluateSample = evaluateSample;
    this.shuffle = shuffle;
    this.verbose = verbose;
    this.onBatch = onBatch;
    this.onEpoch = onEpoch;
    this.rng = new Rng(seed);
    this.threadsWanted = threads;
  }

  /** Threads the last (or current) fit splits each batch over; 1 before the first fit. */
  get threads(): number {
    return this.lastThreads;
  }

  /** Why the last fit trained on one thread although more were wanted, or undefined. */
  get singleThreadReason(): string | undefined {
    return this.lastWhy;
  }

  /**
   * Batches per epoch: ceil(training images / batchSize), one fewer for a net with
   * BatchNormalization whose last batch would hold one image (it joins the batch before).
   */
  get batchesPerEpoch(): number {
    return Math.ceil(this.trainData.length / this.batchSize) - (this.foldLoneSample ? 1 : 0);
  }

  private order(): Int32Array {
    const n = this.trainData.length;
    return this.shuffle ? this.rng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  }

  /** Accuracy on `evaluateSample` images of each set (eval mode). */
  evaluate(): { trainAcc: number; testAcc: number } {
    const n = this.evaluateSample;
    const pick = (ds: Dataset) => (n === "all" ? ds : take(ds, n));
    return {
      trainAcc: accuracy(this.net, pick(this.trainData), { batchSize: this.batchSize }),
      testAcc: accuracy(this.net, pick(this.testData), { batchSize: this.batchSize }),
    };
  }

  /**
   * Runs `epochs` more epochs (a second call continues training and the history). Resolves to
   * the history; rejects with InterruptedError or NonFiniteLossError (history kept).
   */
  async fit(): Promise<History> {
    // Taken before anything else: an interrupt from now on stops this fit for good, even if
    // it only resumes after later cells ran.
    const interrupts = watchInterrupts();
    interrupts.throwIfInterrupted();
    if (this.fitting) {
      throw new Error("Trainer.fit: this Trainer is already training; await the first fit() before calling fit() again");
    }
    noticeSlowBackend();
    const firstEpoch = this.history.epochs.length + 1;
    const lastEpoch = firstEpoch + this.epochs - 1;
    const progress = new TrainingProgress(this.verbose, lastEpoch, this.epochs * this.trainData.length);
    this.fitting = true;
    let splitter: ParallelNet | undefined;
    try {
      splitter = this.startThreads();
      await this.epochsOf(splitter ?? this.net, interrupts, progress, firstEpoch, lastEpoch);
    } finally {
      // Also on an error or an interrupt: worker threads never outlive the fit.
      splitter?.dispose();
      this.fitting = false;
    }
    return this.history;
  }

  /**
   * A ParallelNet around this.net when its batches can be split over the threads wanted; else
   * undefined, and a line says why (once per fit).
   */
  private startThreads(): ParallelNet | undefined {
    const plan = planSplit(this.net, this.threadsWanted, this.batchSize);
    this.lastThreads = plan.threads;
    this.lastWhy = "why" in plan ? plan.why : undefined;
    // Equal shares: a split that followed measured speed would make the result depend on timing.
    if ("net" in plan) return new ParallelNet(plan.net, { workers: plan.threads - 1, shares: "equal" });
    if (this.lastWhy !== undefined && this.verbose)
      displayHost().display({ "text/plain": `Trainer: training on 1 thread: ${this.lastWhy}` });
    return undefined;
  }

  private async epochsOf(
    net: Net,
    interrupts: InterruptWatch,
    progress: TrainingProgress,
    firstEpoch: number,
    lastEpoch: number,
  ): Promise<void> {
    const batches = this.batchesPerEpoch;
    for (let epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
      const order = this.order();
      const epochStart = Date.now();
      let lossSum = 0;
      for (let b = 0; b < batches; b++) {
        const end = b === batches - 1 ? order.length : (b + 1) * this.batchSize;
        const indices = order.subarray(b * this.batchSize, end);
        const loss = this.step(net, indices, epoch, b + 1);
        lossSum += loss;
        progress.batch(epoch, b + 1, batches, indices.length, loss);
        if (this.onBatch !== undefined) await this.onBatch({ epoch, batch: b + 1, batches, loss, iteration: this.iteration });
        await yieldForInterrupts(interrupts);
      }
      const record = this.endEpoch(epoch, lossSum / batches, (Date.now() - epochStart) / 1000);
      progress.epoch(record);
      if (this.onEpoch !== undefined) {
        await this.onEpoch(record, this.history);
        interrupts.throwIfInterrupted();
      }
    }
  }

  /**
   * One training step on the given samples: gradient, NaN check, update. Returns the loss.
   * A non-finite loss throws NonFiniteLossError before the update (params and optimizer state
   * untouched), after putting back the state the forward pass changed (BatchNorm's running
   * statistics, which would otherwise hold NaN and make every later prediction NaN).
   */
  private step(net: Net, indices: Int32Array, epoch: number, batch: number): number {
    const { x, t } = batchTensors(this.trainData, indices);
    // A copy of the state (running statistics: a few small vectors; nothing for most nets).
    const stateBefore = snapshot(this.net.state());
    try {
      const { loss, grads } = net.gradient(x, t);
      if (!Number.isFinite(loss)) {
        restore(this.net.state(), stateBefore);
        throw new NonFiniteLossError(loss, epoch, batch);
      }
      this.optimizer.update(this.net.params(), grads);
      this.iteration++;
      this.history.lossPerBatch.push(loss);
      this.watchLoss(loss, epoch, batch);
      return loss;
    } finally {
      x.dispose();
      t.dispose();
      for (const key in stateBefore) stateBefore[key].dispose();
    }
  }

  /** Warns once when the loss has grown past LOSS_GROWTH_WARNING times the first batch's. */
  private watchLoss(loss: number, epoch: number, batch: number): void {
    if (this.firstLoss === undefined) {
      this.firstLoss = loss;
      return;
    }
    if (this.lossGrowthWarned || !(loss > LOSS_GROWTH_WARNING * this.firstLoss)) return;
    this.lossGrowthWarned = true;
    const lr = this.optimizer.lr;
    const round = (v: number) => String(Number(v.toPrecision(3)));
    warn(
      `Trainer: the loss grew more than ${LOSS_GROWTH_WARNING}x, from ${round(this.firstLoss)} at the first batch to ` +
        `${round(loss)} at epoch ${epoch}, batch ${batch}: lr ${round(lr)} may be too large; try ${round(lr / 10)}`,
    );
  }

  /** Evaluates after an epoch's steps and records the epoch in the history. */
  private endEpoch(epoch: number, loss: number, seconds: number): EpochRecord {
    const { trainAcc, testAcc } = this.evaluate();
    const record: EpochRecord = {
      epoch,
      trainAcc,
      testAcc,
      loss,
      seconds,
      imagesPerSecond: this.trainData.length / Math.max(seconds, 1e-3),
    };
    this.history.epochs.push(record);
    return record;
  }

  /** Frees the optimizer's state when the trainer created the optimizer (not the net). */
  dispose(): void {
    if (this.ownsOptimizer) this.optimizer.dispose();
  }
}

/** A copy of each state variable's current value. */
function snapshot(state: Record<string, Variable>): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const key in state) out[key] = tf.clone(state[key]);
  return out;
}

/** Assigns the snapshot's values back to the state variables. */
function restore(state: Record<string, Variable>, saved: Record<string, Tensor>): void {
  for (const key in saved) state[key].assign(saved[key]);
}

/** Lets the event loop run, so a kernel's interrupt request can arrive, then honours it. */
async function yieldForInterrupts(interrupts: InterruptWatch): Promise<void> {
  await platform.yieldToEventLoop();
  interrupts.throwIfInterrupted();
}
