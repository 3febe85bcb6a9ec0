/**
 * Tensors behave like values in the kernel: a tensor the program can no longer reach has its
 * memory released, without dispose() or tf.tidy. The JavaScript garbage collector decides what
 * is reachable (closures, #private fields, Maps, module state all count); this module only
 * connects its verdict to TF.js's bookkeeping.
 *
 * How: every tensor TF.js tracks (its engine's trackTensor, which all tensor creation and
 * Variable (re)binding passes through) is remembered by id with a WeakRef and what disposing it
 * needs (dataId, dtype, size). Disposing a tensor the usual way forgets it (dispose stays
 * idempotent). A collection runs a full V8 GC and then disposes, through the engine, each
 * remembered tensor whose WeakRef is empty. WeakRefs (not a FinalizationRegistry) make the sweep
 * synchronous: right after the GC the kernel knows what died, instead of waiting for cleanup
 * callbacks at an unspecified later time.
 *
 * Why this is safe: TF.js's engine refers to a Tensor object only from the array of an open
 * tf.tidy scope (synchronous, so never open when a collection runs) and from a gradient tape
 * while tf.grad runs (same); its own maps (tensorInfo, the backend's data) are keyed by dataId.
 * The one strong holder of Tensor objects it keeps for good, registeredVariables, is replaced by
 * a weak one (weakVariables.ts), so the Variables of a net nothing reaches are collected too.
 *
 * When: the kernel's own policy, in `afterCell` and in the tracking hook (never on request):
 * after a cell that left more tensors or bytes than the last collection did, and whenever
 * TF.js's byte count has grown by GROWTH_BYTES since the last collection (so a long async cell,
 * such as a training loop with awaits, is collected while it runs). V8 cannot see wasm memory,
 * so its own heuristics would not collect for it; TF.js's figures drive the GC instead.
 */
import * as tf from "@tensorflow/tfjs-core";
import { fullGc } from "./fullGc";
import { weakVariableRegistry, type VariableMap } from "./weakVariables";

/** Bytes of tensor data created since the last collection that start one while a cell runs. */
export const GROWTH_BYTES = 64 * 1024 * 1024;

/** What disposing a tensor through the engine needs, kept beside a weak reference to it. */
interface Remembered {
  ref: WeakRef<tf.Tensor>;
  dataId: object;
  dtype: tf.DataType;
  size: number;
}

/** The parts of TF.js's Engine the collector hooks (public methods, not in its typings). */
interface TrackingEngine {
  trackTensor(a: tf.Tensor, backend: unknown): void;
  disposeTensor(a: Pick<tf.Tensor, "dataId" | "dtype" | "size">): void;
  state: { numBytes: number; registeredVariables: VariableMap };
}

/** What one collection did. */
export interface CollectionReport {
  /** Tensors (Variables included) released because nothing reached them. */
  released: number;
  /** Milliseconds spent (GC and sweep). */
  ms: number;
}

/**
 * Releases the tensors nothing reaches. One per process, installed by the kernel's engine.
 *
 * @example
 * const collector = TensorCollector.install();
 * // after each cell:
 * collector.afterCell();
 */
export class TensorCollector {
  private static instance: TensorCollector | undefined;
  private readonly remembered = new Map<number, Remembered>();
  private readonly engine: TrackingEngine;
  private readonly dispose: TrackingEngine["disposeTensor"];
  private countAfterLast = 0;
  private bytesAfterLast = 0;
  private due = false;
  private total = 0;

  private constructor() {
    this.engine = tf.engine();
    const engine = this.engine;
    const track = engine.trackTensor.bind(engine);
    const dispose = engine.disposeTensor.bind(engine);
    this.dispose = dispose;
    this.bytesAfterLast = engine.state.numBytes;
    engine.state.registeredVariables = weakVariableRegistry(engine.state.registeredVariables);
    engine.trackTensor = (a, backend) => {
      track(a, backend);
      // A Variable's assign() disposes and re-tracks it with the new dataId: the entry is replaced.
      this.remembered.set(a.id, { ref: new WeakRef(a), dataId: a.dataId, dtype: a.dtype, size: a.size });
      if (engine.state.numBytes - this.bytesAfterLast > GROWTH_BYTES) this.schedule();
    };
    engine.disposeTensor = (a) => {
      this.remembered.delete((a as tf.Tensor).id);
      dispose(a);
    };
  }

  /** Hooks TF.js's engine (once per process) and returns the collector. */
  static install(): TensorCollector {
    TensorCollector.instance ??= new TensorCollector();
    return TensorCollector.instance;
  }

  /** Tensors tracked and not disposed (alive or not yet found dead). */
  get tracked(): number {
    return this.remembered.size;
  }

  /** Tensors released by collections so far. */
  get releasedTotal(): number {
    return this.total;
  }

  /** The policy's after-cell step: a collection is due when the cell left more than the last one found. */
  afterCell(): void {
    if (this.remembered.size > this.countAfterLast || this.engine.state.numBytes > this.bytesAfterLast) this.schedule();
  }

  /** Runs a due collection now (before the next cell, so it sees the memory the policy freed). */
  runDue(): void {
    if (this.due) this.collect();
  }

  /**
   * Collects in a task of its own: the cell's reply goes out first, and objects the cell's last
   * job created are no longer pinned by their WeakRefs.
   */
  private schedule(): void {
    if (this.due) return;
    this.due = true;
    setImmediate(() => this.runDue());
  }

  private collect(): CollectionReport {
    const started = performance.now();
    this.due = false;
    fullGc();
    let released = 0;
    for (const [id, r] of this.remembered) {
      if (r.ref.deref() !== undefined) continue;
      this.remembered.delete(id);
      try {
        this.dispose(r);
        released++;
      } catch (e) {
        // Releasing is housekeeping: a backend that refuses must not break the next cell.
        process.stderr.write(`nnlab: could not release an unreachable tensor: ${(e as Error).message}\n`);
      }
    }
    this.total += released;
    this.countAfterLast = this.remembered.size;
    this.bytesAfterLast = this.engine.state.numBytes;
    return { released, ms: performance.now() - started };
  }
}
