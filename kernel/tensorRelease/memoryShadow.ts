/**
 * Lets V8 see memory it cannot: TF.js's tensor data lives in wasm memory or on the GPU, so V8's
 * heap looks small and V8 rarely runs the full collection that clears the WeakRefs of old,
 * unreachable tensors. Measured in a live page: 60 runs of a cell of 8 MB of temporaries piled up
 * 428 to 480 MB on WebGL before one collection, when nothing stood in for that memory.
 *
 * The shadow holds zero-filled ArrayBuffers adding up to about the bytes TF.js holds. V8 counts an
 * ArrayBuffer's backing store with the heap it lives in, so once they are old, the old generation
 * looks as big as it is, and V8's own limits start full collections as they would for plain
 * JavaScript objects. When TF.js's bytes fall, buffers are dropped and the next collection frees
 * them. Their cost is address space: an untouched zero-filled buffer commits no pages. A page
 * cannot call gc(); this is the one signal it can give.
 */
import type { ReleaseTrigger } from "./tensorRelease";

/** The smallest growth given a buffer of its own, so small tensors do not cost an ArrayBuffer each. */
const STEP_BYTES = 4 * 1024 * 1024;

/** A stand-in for memory V8 cannot see. */
export interface MemoryShadow {
  /** Counts `bytes` of new memory outside V8's heap. */
  grew(bytes: number): void;
  /** Drops buffers until the shadow holds no more than `bytes` (what is still held outside V8). */
  shrinkTo(bytes: number): void;
  /** Bytes the shadow's buffers hold now. */
  readonly bytes: number;
}

/**
 * @example
 * const shadow = createMemoryShadow();
 * shadow.grew(8 << 20); // a tensor of 8 MB was made
 * shadow.shrinkTo(tf.memory().numBytes); // after releasing tensors
 */
export function createMemoryShadow(): MemoryShadow {
  const buffers: ArrayBuffer[] = [];
  let held = 0;
  let pending = 0;
  return {
    grew(bytes) {
      pending += bytes;
      if (pending < STEP_BYTES) return;
      buffers.push(new ArrayBuffer(pending));
      held += pending;
      pending = 0;
    },
    shrinkTo(bytes) {
      pending = 0;
      while (buffers.length > 0 && held > bytes) held -= buffers.shift()!.byteLength;
    },
    get bytes() {
      return held;
    },
  };
}

/**
 * A Web Worker's trigger for tensor release: a worker cannot call gc(), so the memory shadow
 * makes V8's own collections come as TF.js's memory grows, and each sweep finds what they cleared.
 * Sweeps are cheap here (no forced collection), so they may come often: every 16 MB of growth.
 *
 * @example
 * const release = installTensorRelease(memoryShadowTrigger());
 */
export function memoryShadowTrigger(): ReleaseTrigger {
  const shadow = createMemoryShadow();
  return {
    growthBytes: 16 * 1024 * 1024,
    collect: () => {},
    grew: (bytes) => shadow.grew(bytes),
    swept: (bytes) => shadow.shrinkTo(bytes),
    warn: (message) => console.warn(message),
  };
}
