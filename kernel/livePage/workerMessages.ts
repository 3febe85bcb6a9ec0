/**
 * The messages between a live lesson page and its Web Worker (structured clones).
 */

/** A Jupyter MIME bundle, as the library's display host produces it. */
export type Bundle = Record<string, unknown>;

/** A file the learner picked in the page, read in the worker by its name. */
export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

/** From the page to the worker. */
export type ToWorker =
  | { type: "init"; base: string; backend: string; quick: boolean; packages: readonly string[]; files: readonly PickedFile[] }
  | { type: "file"; file: PickedFile }
  | { type: "run"; id: number; cellName: string; source: string };

/** A cell error as Jupyter reports one. */
export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** From the worker to the page. */
export type FromWorker =
  | { type: "ready"; backend: string; reason: string }
  | { type: "initFailed"; message: string }
  | { type: "stream"; id: number; name: "stdout" | "stderr"; text: string }
  | { type: "display"; id: number; bundle: Bundle; displayId?: string }
  | { type: "update"; bundle: Bundle; displayId: string }
  | { type: "clear"; id: number; wait: boolean }
  | { type: "result"; id: number; bundle: Bundle }
  | { type: "done"; id: number; ok: boolean; error?: CellError }
  /** An error nothing caught in asynchronous code (a timer, an unawaited promise), shown in cell `id`. */
  | { type: "lateError"; id: number; error: CellError }
  | { type: "download"; name: string; bytes: Uint8Array };
