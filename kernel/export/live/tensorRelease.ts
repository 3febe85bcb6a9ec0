/**
 * Tensors behave like values in a live page, as in the kernel: a tensor nothing reaches has its
 * memory released without dispose() or tf.tidy. This is the worker's version of the kernel's
 * collector (kernel/engine/tensorCollector.ts), which is not platform-neutral: it forces full V8
 * collections through node:v8, and a worker cannot call gc() at all.
 *
 * How: every tensor TF.js tracks (Variables aside: TF.js keeps them registered, as in plain
 * TF.js) is remembered with a WeakRef and what disposing it needs. A sweep disposes, through the
 * engine, each remembered tensor whose WeakRef V8 has cleared. A tensor disposed the usual way
 * is forgotten first, so nothing is disposed twice.
 *
 * When: V8 clears a WeakRef only in one of its own collections, and never during the job that
 * created the WeakRef, so sweeps run in a task of their own: after every cell, and while a cell
 * runs whenever TF.js's byte count has grown by GROWTH_BYTES since the last sweep (a training
 * loop with awaits is swept between its steps). TF.js's figures decide when to look; V8 decides
 * what is dead. V8 does not see wasm or GPU memory, so a shadow of ArrayBuffers stands in for
 * TF.js's bytes (memoryShadow.ts) and V8's own limits start its collections. A synchronous loop
 * that never awaits still holds all its tensors until it ends.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createMemoryShadow } from "./memoryShadow";

/** Bytes of tensor data created since the last sweep that start another while a cell runs. */
export const GROWTH_BYTES = 16 * 1024 * 1024;

interface Remembered {
  ref: WeakRef<tf.Tensor>;
  dataId: object;
  dtype: tf.DataType;
  size: number;
}

interface TrackingEngine {
  trackTensor(a: tf.Tensor, backend: unknown): void;
  disposeTensor(a: Pick<tf.Tensor, "dataId" | "dtype" | "size">): void;
  state: { numBytes: number };
}

/** The worker's release of unreachable tensors. */
export interface TensorRelease {
  /** Waits for a task of its own (the cell's job has ended), then releases what V8 found dead; resolves to the count. */
  afterCell(): Promise<number>;
  /** Tensors released so far. */
  readonly releasedTotal: number;
}

let instance: TensorRelease | undefined;

/** A fresh task: setTimeout(0) inside a worker, where no 4 ms clamp applies to unnested calls. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Hooks TF.js's engine once and returns the release; later calls return the same one.
 *
 * @example
 * const release = installTensorRelease(); // after the backend is set
 * await release.afterCell(); // after each cell
 */
export function installTensorRelease(): TensorRelease {
  if (instance !== undefined) return instance;
  const engine = tf.engine() as unknown as TrackingEngine;
  const remembered = new Map<number, Remembered>();
  const track = engine.trackTensor.bind(engine);
  const dispose = engine.disposeTensor.bind(engine);
  let bytesAtLastSweep = engine.state.numBytes;
  let sweepQueued = false;
  let total = 0;
  const shadow = createMemoryShadow();

  const sweep = (): number => {
    sweepQueued = false;
    let released = 0;
    for (const [id, r] of remembered) {
      if (r.ref.deref() !== undefined) continue;
      remembered.delete(id);
      try {
        dispose(r);
        released++;
      } catch (e) {
        // Releasing is housekeeping: a backend that refuses must not break the next cell.
        console.warn(`nnlab: could not release an unreachable tensor: ${(e as Error).message}`);
      }
    }
    total += released;
    bytesAtLastSweep = engine.state.numBytes;
    shadow.shrinkTo(engine.state.numBytes);
    return released;
  };

  engine.trackTensor = (a, backend) => {
    const before = engine.state.numBytes;
    track(a, backend);
    shadow.grew(engine.state.numBytes - before);
    if (a instanceof tf.Variable) return;
    remembered.set(a.id, { ref: new WeakRef(a), dataId: a.dataId, dtype: a.dtype, size: a.size });
    if (!sweepQueued && engine.state.numBytes - bytesAtLastSweep > GROWTH_BYTES) {
      sweepQueued = true;
      setTimeout(sweep, 0);
    }
  };
  engine.disposeTensor = (a) => {
    remembered.delete((a as tf.Tensor).id);
    dispose(a);
  };
  instance = {
    afterCell: async () => {
      await nextTask();
      return sweep();
    },
    get releasedTotal() {
      return total;
    },
  };
  return instance;
}
