/**
 * Messages between the protocol thread (owns the ZeroMQ sockets, never blocks) and the main
 * thread (runs cells). Cells can block the main thread in a sync loop; the protocol thread keeps
 * heartbeat, control and interrupts alive meanwhile.
 */

import type { IopubType, StreamContent } from "../protocol";
import type { MainRequest } from "./requestRoutes";

/** Protocol thread -> main thread. A request crosses parsed and typed (requestRoutes.ts). */
export type ToMain =
  { kind: "request"; id: number; request: MainRequest } | { kind: "interrupt"; terminated: boolean } | { kind: "shutdown" };

/** Main thread -> protocol thread. */
export type ToProtocol =
  | { kind: "ready"; banner: string; typescriptVersion: string }
  /** The banner changed (the library loaded: it names the backend now). */
  | { kind: "banner"; banner: string }
  | { kind: "reply"; id: number; content: object }
  | { kind: "iopub"; id: number; msgType: IopubType; content: object }
  | { kind: "stream"; id: number; name: StreamContent["name"]; text: string }
  | { kind: "interruptHandled" };

/** Data the main thread hands the protocol thread at start. */
export interface WorkerData {
  connectionFile: string;
  /** Int32Array view: [0] interrupt counter (bumped by the protocol thread), [1] main "executing" flag. */
  shared: SharedArrayBuffer;
  implementationVersion: string;
  /** The parent pid when the kernel process started (before any slow warm-up). */
  parentPid: number;
}

/** Index of the interrupt counter in the shared Int32Array. */
export const INTERRUPT_COUNTER = 0;
/** Index of the "a cell is executing" flag in the shared Int32Array (values: ExecutingState). */
export const EXECUTING = 1;

/**
 * Values of the EXECUTING flag. While a cell compiles, the protocol thread never stops the main
 * thread's JavaScript: cut off inside tslab's watch program, the compiler is left with a pending
 * rebuild and every later cell fails ("Unexpected pending rebuildTimer").
 */
export const ExecutingState = { idle: 0, running: 1, compiling: 2 } as const;
