/**
 * Tensors behave like values, in the kernel and in a live page alike: a tensor the program can no
 * longer reach has its memory released, without dispose() or tf.tidy. The JavaScript garbage
 * collector decides what is reachable (closures, #private fields, Maps, module state all count);
 * this module only connects its verdict to TF.js's bookkeeping. It imports nothing of Node or the
 * DOM: what differs between the two runtimes is the trigger passed in (kernel/engine/fullGc.ts's
 * fullGcTrigger in Node, memoryShadow.ts's memoryShadowTrigger in a Web Worker).
 *
 * How: every tensor TF.js tracks (its engine's trackTensor, which all tensor creation and
 * Variable (re)binding passes through) is remembered by id with a WeakRef and what disposing it
 * needs (dataId, dtype, size). Disposing a tensor the usual way forgets it (dispose stays
 * idempotent). A sweep asks the trigger for a collection (a full GC in Node; nothing in a worker,
 * where V8's own collections, started by the memory shadow, clear the WeakRefs) and then
 * disposes, through the engine, each remembered tensor whose WeakRef is empty. WeakRefs (not a
 * FinalizationRegistry) make the sweep synchronous: right after it, the runtime knows what died.
 *
 * Why this is safe: TF.js's engine refers to a Tensor object only from the array of an open
 * tf.tidy scope (synchronous, so never open when a sweep runs) and from a gradient tape while
 * tf.grad runs (same); its own maps (tensorInfo, the backend's data) are keyed by dataId. The one
 * strong holder of Tensor objects it keeps for good, registeredVariables, is replaced by a weak
 * one (weakVariables.ts), so the Variables of a net nothing reaches are released too.
 *
 * When: in a task of its own (V8 never clears a WeakRef during the job that created or read it):
 * after a cell that left more tensors or bytes than the last sweep did, and whenever TF.js's byte
 * count has grown by the trigger's growthBytes since the last sweep (so a long async cell, such
 * as a training loop with awaits, is swept while it runs). V8 cannot see wasm or GPU memory, so
 * its own heuristics would not collect for it; TF.js's figures decide when to look.
 */
import * as tf from "@tensorflow/tfjs-core";
import { weakVariableRegistry, type VariableMap } from "./weakVariables";

/**
 * What makes unreachable tensors findable, and how often: the part of tensor release that
 * differs between platforms.
 */
export interface ReleaseTrigger {
  /** Bytes of tensor data made since the last sweep that start another while a cell runs. */
  readonly growthBytes: number;
  /** Runs right before a sweep, so V8 has cleared the WeakRefs of what is unreachable. */
  collect(): void;
  /** TF.js has made `bytes` of tensor data. */
  grew(bytes: number): void;
  /** A sweep has ended with TF.js holding `bytes`. */
  swept(bytes: number): void;
  /** Reports a tensor the backend refused to release (housekeeping must never break a cell). */
  warn(message: string): void;
  /**
   * Runs the sweep in a task of its own; setTimeout(run, 0) where not given. Node's setImmediate
   * runs before the next message is read, while setTimeout's 1 ms can let the next cell start
   * first: then the sweep runs at its start, when the last tensor of the cell before may still be
   * held (kernel_memory.py found one left over after every such cell).
   */
  readonly defer?: (run: () => void) => void;
}

/** Releases the tensors nothing reaches. One per process or worker. */
export interface TensorRelease {
  /**
   * The after-cell step: when the cell left more tensors or bytes than the last sweep found, a
   * sweep runs in a task of its own (the cell's reply goes out first). Resolves to the number of
   * tensors it released (0 when none was due).
   */
  afterCell(): Promise<number>;
  /** Runs a due sweep now (before the next cell, so it sees the memory the last one freed). */
  runDue(): void;
  /** Tensors tracked and not disposed (alive or not yet found dead). */
  readonly tracked: number;
  /** Tensors (Variables included) released so far. */
  readonly releasedTotal: number;
}

/** What disposing a tensor through the engine needs, kept beside a weak reference to it. */
interface Remembered {
  ref: WeakRef<tf.Tensor>;
  dataId: object;
  dtype: tf.DataType;
  size: number;
}

/** The parts of TF.js's Engine the release hooks (public methods, not in its typings). */
interface TrackingEngine {
  trackTensor(a: tf.Tensor, backend: unknown): void;
  disposeTensor(a: Pick<tf.Tensor, "dataId" | "dtype" | "size">): void;
  state: { numBytes: number; registeredVariables: VariableMap };
}

let instance: TensorRelease | undefined;

/**
 * Hooks TF.js's engine (once; later calls return the same release) with the platform's trigger.
 *
 * @example
 * const release = installTensorRelease(fullGcTrigger); // after TF.js has a backend
 * void release.afterCell(); // after each cell
 */
export function installTensorRelease(trigger: ReleaseTrigger): TensorRelease {
  if (instance !== undefined) return instance;
  const engine = tf.engine() as unknown as TrackingEngine;
  const remembered = new Map<number, Remembered>();
  const track = engine.trackTensor.bind(engine);
  const dispose = engine.disposeTensor.bind(engine);
  let countAfterLast = 0;
  let bytesAfterLast = engine.state.numBytes;
  let due = false;
  let total = 0;
  const waiting: ((released: number) => void)[] = [];

  const sweep = (): number => {
    due = false;
    trigger.collect();
    let released = 0;
    for (const [id, r] of remembered) {
      if (r.ref.deref() !== undefined) continue;
      remembered.delete(id);
      try {
        dispose(r);
        released++;
      } catch (e) {
        trigger.warn(`nnlab: could not release an unreachable tensor: ${(e as Error).message}`);
      }
    }
    total += released;
    countAfterLast = remembered.size;
    bytesAfterLast = engine.state.numBytes;
    trigger.swept(engine.state.numBytes);
    for (const resolve of waiting.splice(0)) resolve(released);
    return released;
  };
  const runDue = (): void => {
    if (due) sweep();
  };
  // A task, not a microtask: the sweep must run after the job that made the tensors has ended.
  const defer = trigger.defer ?? ((run: () => void) => setTimeout(run, 0));
  const schedule = (): void => {
    if (due) return;
    due = true;
    defer(runDue);
  };

  engine.state.registeredVariables = weakVariableRegistry(engine.state.registeredVariables);
  engine.trackTensor = (a, backend) => {
    const before = engine.state.numBytes;
    track(a, backend);
    trigger.grew(engine.state.numBytes - before);
    // A Variable's assign() disposes and re-tracks it with the new dataId: the entry is replaced.
    remembered.set(a.id, { ref: new WeakRef(a), dataId: a.dataId, dtype: a.dtype, size: a.size });
    if (engine.state.numBytes - bytesAfterLast > trigger.growthBytes) schedule();
  };
  engine.disposeTensor = (a) => {
    remembered.delete((a as tf.Tensor).id);
    dispose(a);
  };
  instance = {
    afterCell: () => {
      if (remembered.size <= countAfterLast && engine.state.numBytes <= bytesAfterLast) return Promise.resolve(0);
      schedule();
      return new Promise((resolve) => waiting.push(resolve));
    },
    runDue,
    get tracked() {
      return remembered.size;
    },
    get releasedTotal() {
      return total;
    },
  };
  return instance;
}
