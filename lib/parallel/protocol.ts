/**
 * The shared-memory layout between {@link ParallelNet} and its gradient worker. The main
 * thread blocks in Atomics.wait while it waits (Net.gradient is synchronous), so answers
 * come back through shared memory, not messages.
 *
 * @internal
 */

/** Int32 slots of the control array. */
export const SLOT_READY = 0; // 0 starting, 1 ready, 2 failed to start
export const SLOT_DONE = 1; // the id of the last job finished (written last)
export const SLOT_FAILED = 2; // 1 when that job failed (the message says why)
export const CONTROL_INTS = 3;

/** Bytes reserved for an error message (UTF-8, zero padded). */
export const MESSAGE_BYTES = 4096;

/**
 * What the main thread posts for one gradient. The params and state are not in it: the main
 * thread wrote them into the shared `params`/`state` buffers of {@link WorkerInit} before
 * posting, and writes them again only after every worker answered.
 */
export interface GradientJob {
  readonly type: "gradient";
  /** Increases with every job, so an answer is never mistaken for a later job's. */
  readonly id: number;
  readonly x: Float32Array;
  readonly xShape: number[];
  readonly t: Float32Array | Int32Array;
  readonly tShape: number[];
  readonly tDtype: "float32" | "int32";
}

/** What the worker is started with. */
export interface WorkerInit {
  readonly spec: unknown;
  /** Int32 control slots, see SLOT_*. */
  readonly control: SharedArrayBuffer;
  /** Float32: [loss, ...grads in name order, ms the worker spent on the job]. */
  readonly result: SharedArrayBuffer;
  /** Float32: the params, flat in name order, shared by every worker (written by the main thread). */
  readonly params: SharedArrayBuffer;
  /** Float32: the state (running statistics), flat in name order, likewise. */
  readonly state: SharedArrayBuffer;
  /** UTF-8 error message. */
  readonly message: SharedArrayBuffer;
  /** The backend the main thread runs on, so both compute alike. */
  readonly backend: string;
}

/** Writes msg, cut to fit, into the message buffer. */
export function writeMessage(buffer: SharedArrayBuffer, msg: string): void {
  const bytes = new Uint8Array(buffer);
  bytes.fill(0);
  bytes.set(new TextEncoder().encode(msg).subarray(0, MESSAGE_BYTES - 1));
}

/** Reads the message written by {@link writeMessage}. */
export function readMessage(buffer: SharedArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(bytes.slice(0, end < 0 ? bytes.length : end));
}
