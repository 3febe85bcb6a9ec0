/**
 * What this machine gives when every core computes at once, measured rather than assumed:
 * the same work run on the main thread alone, then on every core at the same moment (the main
 * thread and worker threads, each with its own wasm backend, started together), with no
 * communication between them. Two figures come from it:
 *
 * - the measured all-core ceiling: the raw conv2d and matMul of bench/ceiling.ts on every core;
 * - the data-parallel bound of a split training step: one DeepConvNet step (batch 100, Adam) on
 *   one thread against independent steps on 100 / cores images per core. No split of a batch
 *   over threads can beat that bound, since it leaves out all the splitting costs.
 *
 * Cores share the memory bus and the last-level cache, so these are below cores x one core.
 * Alone and together alternate, so both see the same load; medians over the rounds.
 */
import { Worker, isMainThread, parentPort, workerData } from "worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import { Adam, DeepConvNet, initBackend, loadMnist } from "../lib";
import { ceilingKernels } from "./ceiling";

/** The work one thread repeats: a ceiling kernel, or a DeepConvNet training step on `batch` images. */
export type ScalingTask = { readonly kind: "conv" | "matMul" } | { readonly kind: "step"; readonly batch: number };

/** A task set up on one thread: `run` does it once, `work` is what one run computes (FLOPs or images). */
interface Runner {
  readonly run: () => void;
  readonly work: number;
  dispose(): void;
}

async function setUp(task: ScalingTask): Promise<Runner> {
  await initBackend();
  if (task.kind !== "step") {
    const kernels = ceilingKernels();
    const kernel = task.kind === "conv" ? kernels.conv : kernels.matMul;
    return { run: kernel.run, work: kernel.flops, dispose: () => kernels.dispose() };
  }
  const { train } = loadMnist({ trainLimit: task.batch });
  const x = tf.tensor4d(train.x, [task.batch, 1, 28, 28]);
  const t = tf.tensor1d(Array.from(train.labels), "int32");
  const net = new DeepConvNet({ seed: 1 });
  const opt = new Adam({ lr: 0.001 });
  return {
    run: () => opt.update(net.params(), net.gradient(x, t).grads),
    work: task.batch,
    dispose: () => {
      tf.dispose([x, t]);
      net.dispose();
      opt.dispose();
    },
  };
}

/** Runs the task `reps` times after two warm-up runs; returns the seconds of the timed runs. */
function timed(runner: Runner, reps: number): number {
  const start = performance.now();
  for (let i = 0; i < reps; i++) runner.run();
  return (performance.now() - start) / 1000;
}

interface WorkerSetup {
  readonly task: ScalingTask;
  readonly control: SharedArrayBuffer;
}

/** The worker side: set up, say "ready", then for each round wait for the start signal and run. */
async function workerMain(setup: WorkerSetup): Promise<void> {
  const port = parentPort!;
  const control = new Int32Array(setup.control);
  const runner = await setUp(setup.task);
  runner.run();
  runner.run();
  port.postMessage({ ready: true });
  port.on("message", ({ round, reps }: { round: number; reps: number }) => {
    while (Atomics.load(control, 0) < round) Atomics.wait(control, 0, round - 1, 100);
    port.postMessage({ round, seconds: timed(runner, reps) });
  });
}

/** Work per second of a task: alone on the main thread, and summed over every core at once. */
export interface ScalingMeasurement {
  readonly threads: number;
  /** Work per second (FLOP/s, or images/s) of the alone task on the main thread by itself. */
  readonly alone: number;
  /** Work per second summed over all threads running the shared task at the same moment. */
  readonly together: number;
  /** together / alone. */
  readonly speedup: number;
  readonly rounds: number;
}

interface Reply {
  readonly ready?: boolean;
  readonly seconds?: number;
}

/** The worker's messages in order, one per call; a worker that fails or exits rejects the next call. */
function messagesOf(worker: Worker): () => Promise<Reply> {
  const queue: Reply[] = [];
  const waiting: Array<{ resolve: (m: Reply) => void; reject: (e: Error) => void }> = [];
  let failure: Error | undefined;
  const fail = (e: Error) => {
    failure ??= e;
    for (const w of waiting.splice(0)) w.reject(failure);
  };
  worker.on("message", (m: Reply) => (waiting.length > 0 ? waiting.shift()!.resolve(m) : queue.push(m)));
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`a scaling worker exited with code ${code} before it answered`)));
  return () => {
    if (queue.length > 0) return Promise.resolve(queue.shift()!);
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Measures `alone` on the main thread by itself, then `shared` on `threads` threads at once
 * (the main thread and threads - 1 workers), alternating for `rounds` rounds.
 *
 * @example
 * const m = await measureOnEveryCore({ kind: "conv" }, { kind: "conv" }, 2); // m.speedup: 1.8 (say)
 */
export async function measureOnEveryCore(
  alone: ScalingTask,
  shared: ScalingTask,
  threads: number,
  { rounds = 3, reps = 6 }: { rounds?: number; reps?: number } = {},
): Promise<ScalingMeasurement> {
  const control = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from(
    { length: threads - 1 },
    () => new Worker(__filename, { workerData: { task: shared, control: control.buffer } satisfies WorkerSetup }),
  );
  const replies = workers.map(messagesOf);
  const aloneRunner = await setUp(alone);
  const sharedRunner = await setUp(shared);
  try {
    await Promise.all(replies.map((next) => next())); // every worker is set up and warm
    for (const r of [aloneRunner, sharedRunner]) for (let i = 0; i < 2; i++) r.run();
    const aloneRates: number[] = [];
    const togetherRates: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      aloneRates.push((aloneRunner.work * reps) / timed(aloneRunner, reps));
      workers.forEach((w) => w.postMessage({ round, reps }));
      Atomics.store(control, 0, round);
      Atomics.notify(control, 0);
      const own = (sharedRunner.work * reps) / timed(sharedRunner, reps);
      const theirs = await Promise.all(replies.map((next) => next()));
      togetherRates.push(own + theirs.reduce((sum, m) => sum + (sharedRunner.work * reps) / m.seconds!, 0));
    }
    const a = median(aloneRates);
    const t = median(togetherRates);
    return { threads, alone: a, together: t, speedup: t / a, rounds };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    aloneRunner.dispose();
    sharedRunner.dispose();
  }
}

if (!isMainThread && (workerData as Partial<WorkerSetup> | undefined)?.control instanceof SharedArrayBuffer) {
  process.env.NNLAB_QUIET_BACKEND = "1";
  // A failure here rejects unhandled, which ends the worker with an 'error' the main thread reports.
  void workerMain(workerData as WorkerSetup);
}
