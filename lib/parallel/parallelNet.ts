import * as tf from "@tensorflow/tfjs-core";
import { backendInfo } from "../backend";
import { ShapeError, describeValue } from "../errors";
import type { ForwardOptions, Layer } from "../layers/layer";
import type { GradientResult, Net } from "../nets/net";
import { Sequential } from "../nets/sequential";
import { platform, type PlatformWorker } from "../platform";
import { noWorkerThreads } from "../platform/platform";
import { buildNet, specOf, type NetSpec } from "../nets/netSpec";
import { checkOptions, optionKeys } from "../options/checkOptions";
import {
  CONTROL_INTS,
  MESSAGE_BYTES,
  SLOT_DONE,
  SLOT_FAILED,
  SLOT_READY,
  readMessage,
  type GradientJob,
  type WorkerInit,
} from "./protocol";

/** How often a waiting gradient looks whether its worker is still there, in ms. */
const WAKE_MS = 50;

/** The module each worker thread runs (lib/parallel/gradientWorker.ts). */
const GRADIENT_WORKER = "parallel/gradientWorker";

/** Options of {@link ParallelNet}. */
export interface ParallelNetOptions {
  /**
   * Worker threads besides the main thread (default 1: two cores in all). Each computes the
   * gradient of a share of every batch on its own replica of the net.
   */
  readonly workers?: number;
  /**
   * How a batch is split: "balanced" (default) in proportion to each thread's measured speed,
   * so no thread waits long for another; "equal" in fixed equal shares, so which images, and
   * so which dropout masks, each thread gets never depends on timing and a seeded run repeats
   * exactly.
   */
  readonly shares?: "balanced" | "equal";
  /** How long a gradient may wait for a worker before it fails, in ms (default 120,000). */
  readonly timeoutMs?: number;
}

interface WorkerHandle {
  /** "worker 2 of 3", for messages. */
  readonly label: string;
  readonly worker: PlatformWorker;
  readonly control: Int32Array;
  readonly result: Float32Array;
  readonly message: SharedArrayBuffer;
  /** Why the worker is gone, once it exited, threw outside a job or stopped during one. */
  exited?: string;
}

function sortedEntries<T>(record: Record<string, T>): T[] {
  return Object.keys(record)
    .sort()
    .map((k) => record[k]);
}

/** Writes the tensors' values one after another into `out` (a view of shared memory). */
function flattenInto(vars: readonly tf.Tensor[], out: Float32Array): void {
  let offset = 0;
  for (const v of vars) {
    out.set(v.dataSync(), offset);
    offset += v.size;
  }
}

function sizeOf(record: Record<string, tf.Tensor>): number {
  return Object.values(record).reduce((n, v) => n + v.size, 0);
}

/**
 * Where a split gradient's time went, in ms per gradient call (averages since the last
 * `resetTimings()`): see {@link ParallelNet.timings}.
 */
export interface ParallelTimings {
  /** Gradient calls measured. */
  readonly calls: number;
  /** The whole call on the main thread. */
  readonly totalMs: number;
  /** Writing params and state into shared memory and posting the workers' shares. */
  readonly broadcastMs: number;
  /** The main thread's own share (forward + backward). */
  readonly mainMs: number;
  /** The main thread waiting for workers after its own share: the cost of unequal shares. */
  readonly waitMs: number;
  /** Summing the shares' grads and making the result tensors. */
  readonly sumMs: number;
  /** Each worker's time on its share (loading params included), as the worker measured it. */
  readonly workerMs: readonly number[];
  /** The main thread's share of the last batch (it grows when the main thread is faster). */
  readonly mainShare: number;
}

/**
 * A net that computes each gradient on several cores (data parallelism): the batch is split,
 * the main thread computes one share on the net itself while worker threads compute the
 * others on replicas of the same net (built from a {@link NetSpec}, each with its own TF.js
 * backend), and the grads are averaged, weighted by share size, so the result equals the
 * whole batch's gradient. Params live on the main thread; an optimizer updates them as
 * usual, and every gradient call sends the current params to the workers.
 *
 * Given a net instead of a spec (one of the library's nets, which carry their spec), the main
 * thread trains that very net in place and the workers build replicas from its spec; `dispose()`
 * then stops the workers and leaves the net to its owner.
 *
 * It is a {@link Net}: the Trainer and the optimizers use it unchanged. `gradient` stays
 * synchronous (the main thread waits on shared memory). Dropout masks are drawn per thread;
 * a BatchNorm's running statistics are updated from the main thread's share only.
 * Call `dispose()` to stop the workers (they never keep the process alive).
 *
 * @example
 * const net = new ParallelNet({ net: "DeepConvNet", options: { seed: 1 } }, { workers: 1 });
 * const { loss, grads } = net.gradient(x, t);  // half the batch on each core
 * new Adam({ lr: 0.001 }).update(net.params(), grads);
 * net.dispose();
 */
export class ParallelNet implements Net {
  readonly name: string;
  /** The main thread's net: its params are the params. */
  readonly net: Sequential;
  readonly spec: NetSpec;
  readonly timeoutMs: number;
  readonly sharing: "balanced" | "equal";
  private readonly handles: WorkerHandle[] = [];
  private readonly sharedParams: Float32Array;
  private readonly sharedState: Float32Array;
  /** Measured speed per thread (images per ms, a moving average), main thread first. */
  private readonly speeds: number[];
  private sums: Float32Array[] = [];
  private timing = { calls: 0, totalMs: 0, broadcastMs: 0, mainMs: 0, waitMs: 0, sumMs: 0, workerMs: [] as number[], mainShare: 0 };
  private ownedGrads: tf.Tensor[] = [];
  private disposed = false;
  /** False when the net was handed in: its owner frees it. */
  private readonly ownsNet: boolean;
  private jobId = 0;

  constructor(source: NetSpec | Sequential, options: ParallelNetOptions = {}) {
    const where = "ParallelNet";
    checkOptions(where, options, optionKeys<ParallelNetOptions>({ workers: true, timeoutMs: true, shares: true }));
    const { workers = 1, timeoutMs = 120_000, shares = "balanced" } = options;
    if (!Number.isInteger(workers) || workers < 1 || workers > 64)
      throw new RangeError(`${where}: workers must be an integer in [1, 64], got ${String(workers)}`);
    if (typeof timeoutMs !== "number" || !(timeoutMs > 0))
      throw new RangeError(`${where}: timeoutMs must be a number > 0, got ${String(timeoutMs)}`);
    if (shares !== "balanced" && shares !== "equal")
      throw new RangeError(`${where}: shares must be "balanced" or "equal", got ${describeValue(shares)}`);
    // Asked first: where there are no worker threads (the browser build), the shared buffers
    // below would fail with a bare "SharedArrayBuffer is not defined" in a page that is not
    // cross-origin isolated, before the worker's start could say why.
    if (platform.cores === undefined) throw noWorkerThreads(GRADIENT_WORKER);
    const backend = backendInfo();
    if (backend === undefined) throw new Error(`${where}: no backend yet; await initBackend() first`);
    let spec: NetSpec;
    if (source instanceof Sequential) {
      const own = specOf(source);
      if (own === undefined) {
        throw new TypeError(
          `${where}: the net ${source.name} has no spec to build replicas from (the library's nets carry one); pass a NetSpec`,
        );
      }
      spec = own;
      this.net = source;
      this.ownsNet = false;
    } else {
      spec = source;
      this.net = buildNet(spec); // validates the spec before any thread starts
      this.ownsNet = true;
    }
    this.spec = spec;
    this.name = `${this.net.name} x${workers + 1} threads`;
    this.timeoutMs = timeoutMs;
    this.sharing = shares;
    // [loss, ...grads, ms]: the worker's time rides along in the last float.
    const resultFloats = 2 + sizeOf(this.net.params());
    const params = new SharedArrayBuffer(sizeOf(this.net.params()) * 4);
    const state = new SharedArrayBuffer(sizeOf(this.net.state()) * 4);
    this.sharedParams = new Float32Array(params);
    this.sharedState = new Float32Array(state);
    this.speeds = new Array<number>(workers + 1).fill(1);
    this.timing.workerMs = new Array<number>(workers).fill(0);
    try {
      for (let k = 0; k < workers; k++) {
        const control = new SharedArrayBuffer(CONTROL_INTS * 4);
        const result = new SharedArrayBuffer(resultFloats * 4);
        const message = new SharedArrayBuffer(MESSAGE_BYTES);
        const init: WorkerInit = { spec: replicaSpec(spec, k), control, result, message, params, state, backend: backend.name };
        const worker = platform.startWorker(GRADIENT_WORKER, init);
        const label = `worker ${k + 1} of ${workers}`;
        const handle: WorkerHandle = { label, worker, control: new Int32Array(control), result: new Float32Array(result), message };
        worker.onError((e) => (handle.exited = `${e.name}: ${e.message}`));
        worker.onExit((code) => (handle.exited ??= `it exited with code ${code}`));
        this.handles.push(handle);
      }
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  get layers(): readonly Layer[] {
    return this.net.layers;
  }

  get inputShape(): readonly number[] {
    return this.net.inputShape;
  }

  /** Number of threads a gradient uses (the workers plus the main thread). */
  get threads(): number {
    return this.handles.length + 1;
  }

  private checkAlive(where: string): void {
    if (this.disposed) throw new Error(`${where}: the net was disposed`);
  }

  /** Scores on the main thread (see Sequential.predict). */
  predict(x: tf.Tensor, opts?: ForwardOptions): tf.Tensor {
    this.checkAlive(`${this.name}.predict`);
    return this.net.predict(x, opts);
  }

  /** Mean loss on the main thread (see Sequential.loss). */
  loss(x: tf.Tensor, t: tf.Tensor, opts?: ForwardOptions): tf.Scalar {
    this.checkAlive(`${this.name}.loss`);
    return this.net.loss(x, t, opts);
  }

  params(): Record<string, tf.Variable> {
    return this.net.params();
  }

  state(): Record<string, tf.Variable> {
    return this.net.state();
  }

  /**
   * The whole batch's loss and grads, computed in shares on every thread. The grads belong
   * to this net and stay valid until the next gradient call.
   */
  gradient(x: tf.Tensor, t: tf.Tensor): GradientResult {
    const where = `${this.name}.gradient`;
    this.checkAlive(where);
    if (!(x instanceof tf.Tensor)) throw new TypeError(`${where}: x must be a tf.Tensor, got ${typeof x}`);
    if (!(t instanceof tf.Tensor)) throw new TypeError(`${where}: t must be a tf.Tensor, got ${typeof t}`);
    if (x.rank < 1 || t.rank < 1 || t.shape[0] !== x.shape[0]) {
      throw new ShapeError(where, "t", `one label (or one-hot row) per sample of x, [${x.shape[0]}, ...]`, t.shape);
    }
    tf.dispose(this.ownedGrads);
    this.ownedGrads = [];
    const t0 = platform.now();
    const N = x.shape[0];
    const shares = this.shares(N);
    const busy: Array<{ handle: WorkerHandle; begin: number; n: number; id: number }> = [];
    const names = Object.keys(this.net.params()).sort();
    if (shares[0] < N) {
      flattenInto(sortedEntries(this.net.params()), this.sharedParams);
      flattenInto(sortedEntries(this.net.state()), this.sharedState);
      const xv = x.dataSync() as Float32Array;
      const tv = t.dataSync() as Float32Array | Int32Array;
      const xPer = x.size / N;
      const tPer = t.size / N;
      // Every worker, also one with no share this time: a lost thread is an error at once.
      for (const handle of this.handles) {
        if (handle.exited === undefined && handle.worker.stopped()) handle.exited = "its thread stopped";
        if (handle.exited !== undefined) throw new Error(`${where}: ${handle.label} is gone (${handle.exited}); build a new ParallelNet`);
      }
      let begin = shares[0];
      for (let k = 0; k < this.handles.length; k++) {
        const n = shares[k + 1];
        if (n <= 0) continue;
        const handle = this.handles[k];
        const job: GradientJob = {
          type: "gradient",
          id: ++this.jobId,
          x: xv.slice(begin * xPer, (begin + n) * xPer),
          xShape: [n, ...x.shape.slice(1)],
          t: tv.slice(begin * tPer, (begin + n) * tPer),
          tShape: [n, ...t.shape.slice(1)],
          tDtype: t.dtype === "int32" ? "int32" : "float32",
        };
        handle.worker.postMessage(job);
        busy.push({ handle, begin, n, id: job.id });
        begin += n;
      }
    }
    const mainN = shares[0];
    const t1 = platform.now();
    const own = busy.length === 0 ? this.net.gradient(x, t) : this.mainShare(x, t, mainN);
    if (busy.length === 0) return own;
    const t2 = platform.now();
    this.observe(0, mainN, t2 - t1);
    for (const { handle, id } of busy) this.await(where, handle, id);
    const t3 = platform.now();
    // Weighted by share size: each share's loss and grads are means over its own samples.
    // Summed in place into buffers kept from call to call.
    if (this.sums.length !== names.length) this.sums = names.map((name) => new Float32Array(own.grads[name].size));
    const sums = this.sums;
    let loss = (own.loss * mainN) / N;
    names.forEach((name, i) => {
      const g = own.grads[name].dataSync() as Float32Array;
      const sum = sums[i];
      const w = mainN / N;
      for (let j = 0; j < sum.length; j++) sum[j] = g[j] * w;
    });
    for (const { handle, n } of busy) {
      const r = handle.result;
      const w = n / N;
      loss += r[0] * w;
      let offset = 1;
      for (const sum of sums) {
        for (let j = 0; j < sum.length; j++) sum[j] += r[offset + j] * w;
        offset += sum.length;
      }
      const k = this.handles.indexOf(handle);
      const ms = r[r.length - 1];
      this.timing.workerMs[k] += ms;
      this.observe(k + 1, n, ms);
    }
    const grads: Record<string, tf.Tensor> = {};
    names.forEach((name, i) => {
      const g = tf.tensor(sums[i], own.grads[name].shape);
      this.ownedGrads.push(g);
      grads[name] = g;
    });
    const t4 = platform.now();
    const tm = this.timing;
    tm.calls++;
    tm.totalMs += t4 - t0;
    tm.broadcastMs += t1 - t0;
    tm.mainMs += t2 - t1;
    tm.waitMs += t3 - t2;
    tm.sumMs += t4 - t3;
    tm.mainShare = mainN;
    return { loss, grads };
  }

  /**
   * Splits N images over the threads in proportion to their measured speed (equal at first,
   * and always with `shares: "equal"`, whose speeds are never updated),
   * so no thread waits long for another; a worker gets none only of a batch smaller than the threads.
   */
  private shares(N: number): number[] {
    const total = this.speeds.reduce((a, b) => a + b, 0);
    const shares = this.speeds.map((v) => Math.floor((N * v) / total));
    let left = N - shares.reduce((a, b) => a + b, 0);
    for (let k = 0; left > 0; k = (k + 1) % shares.length, left--) shares[k]++;
    // Every thread gets an image when there are enough (so a lost worker shows at once), and
    // the main thread always does: its net's caches and BatchNorm statistics need a share.
    for (let k = 0; k < shares.length; k++) {
      if (shares[k] === 0 && (k === 0 || N >= shares.length)) {
        shares[shares.indexOf(Math.max(...shares))]--;
        shares[k] = 1;
      }
    }
    return shares;
  }

  /** Folds one measured share into thread k's speed (a moving average, so noise averages out). */
  private observe(k: number, n: number, ms: number): void {
    if (this.sharing === "equal" || !(ms > 0) || n <= 0) return;
    const speed = n / ms;
    this.speeds[k] = this.timing.calls === 0 && this.speeds[k] === 1 ? speed : 0.7 * this.speeds[k] + 0.3 * speed;
  }

  /**
   * Where the split gradients' time went since the last reset, in ms per call: broadcast,
   * the main thread's share, its wait for the workers, the sum, and each worker's share.
   *
   * @example
   * const t = net.timings(); // { calls: 10, totalMs: 160, mainMs: 140, waitMs: 5, ... }
   */
  timings(): ParallelTimings {
    const tm = this.timing;
    const per = (v: number) => (tm.calls === 0 ? 0 : v / tm.calls);
    return {
      calls: tm.calls,
      totalMs: per(tm.totalMs),
      broadcastMs: per(tm.broadcastMs),
      mainMs: per(tm.mainMs),
      waitMs: per(tm.waitMs),
      sumMs: per(tm.sumMs),
      workerMs: tm.workerMs.map(per),
      mainShare: tm.mainShare,
    };
  }

  /** Starts the measurement of {@link timings} afresh (the speeds learnt for the shares stay). */
  resetTimings(): void {
    const tm = this.timing;
    Object.assign(tm, { calls: 0, totalMs: 0, broadcastMs: 0, mainMs: 0, waitMs: 0, sumMs: 0, mainShare: 0 });
    tm.workerMs = tm.workerMs.map(() => 0);
  }

  private mainShare(x: tf.Tensor, t: tf.Tensor, n: number): GradientResult {
    const xs = tf.slice(x, 0, n);
    const ts = tf.slice(t, 0, n);
    try {
      return this.net.gradient(xs, ts);
    } finally {
      tf.dispose([xs, ts]);
    }
  }

  /**
   * Blocks until the worker finished job `id`; throws what it reported, or that it stopped
   * (exit, out of memory, terminate: its thread ended without an answer) or did not answer.
   */
  private await(where: string, handle: WorkerHandle, id: number): void {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      if (Atomics.load(handle.control, SLOT_READY) === 2) {
        throw new Error(`${where}: ${handle.label} failed to start: ${readMessage(handle.message)}`);
      }
      const done = Atomics.load(handle.control, SLOT_DONE);
      if (done === id) {
        if (Atomics.load(handle.control, SLOT_FAILED) === 1) {
          throw new Error(`${where}: ${handle.label} failed on its share of the batch: ${readMessage(handle.message)}`);
        }
        return;
      }
      if (handle.worker.stopped()) {
        handle.exited ??= "its thread stopped during a gradient";
        throw new Error(
          `${where}: ${handle.label} stopped before it answered (${handle.exited}: it exited, ran out of memory or was terminated); ` +
            `build a new ParallelNet`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${where}: no answer from ${handle.label} within ${this.timeoutMs} ms`);
      // Wake often: a worker that failed to start or whose thread stopped never notifies.
      Atomics.wait(handle.control, SLOT_DONE, done, Math.min(left, WAKE_MS));
    }
  }

  /** Stops the workers and frees the main net (params included) unless it was handed in. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const h of this.handles) h.worker.terminate();
    tf.dispose(this.ownedGrads);
    this.ownedGrads = [];
    if (this.ownsNet) this.net.dispose();
  }
}

/** Replicas draw their own dropout masks: a seeded spec gets a different seed per worker. */
function replicaSpec(spec: NetSpec, k: number): NetSpec {
  const options = spec.options;
  if (options?.seed === undefined) return spec;
  return { ...spec, options: { ...options, seed: options.seed + 7919 * (k + 1) } } as NetSpec;
}
