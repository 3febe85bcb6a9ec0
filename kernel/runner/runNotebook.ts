import * as path from "path";
import { ensureCellIds, joinMultiline, type CodeCell, type ErrorOutput, type Notebook } from "../nbformat";
import { stripAnsi } from "../terminal";
import { KernelClient, KernelDiedError, type KernelClientOptions } from "./kernelClient";
import { findKernelSpec, readKernelSpec, type KernelSpec } from "./findKernelSpec";
import { lastTextLine } from "./lastTextLine";
import { collectLateErrors, errorOutputs } from "./lateErrors";
import { OutputRecorder } from "./outputRecorder";

/** Why a notebook run stopped early. */
export type RunFailureKind = "error" | "timeout" | "died" | "interrupted" | "start";

/**
 * A notebook run that stopped: a cell raised (without allowErrors), timed out, the kernel died,
 * or the run was interrupted. `notebook` holds the outputs recorded up to that point.
 */
export class NotebookRunError extends Error {
  constructor(
    message: string,
    readonly kind: RunFailureKind,
    readonly notebook: Notebook,
    /** 0-based index of the cell in `notebook.cells`, or -1 when no cell was running. */
    readonly cellIndex: number,
    /** The traceback, ANSI escapes stripped (for "error"). */
    readonly traceback: string[] = [],
  ) {
    super(message);
    this.name = "NotebookRunError";
  }
}

/** A progress event of {@link runNotebook}. */
export type RunProgress =
  | { kind: "kernel-started"; kernel: string; pid: number; seconds: number }
  | { kind: "cell-start"; cellIndex: number; codeCell: number; codeCells: number; lastLine: () => string | undefined }
  | { kind: "cell-done"; cellIndex: number; codeCell: number; codeCells: number; seconds: number; status: "ok" | "error" | "aborted" }
  | { kind: "warning"; message: string };

/** Options of {@link runNotebook}. */
export interface RunNotebookOptions {
  /** Names the notebook in messages (its path, usually). */
  source?: string;
  /** Kernel to use when no `client`/`kernelSpec`/`kernelDir`: default the notebook's kernelspec, else "nnlab". */
  kernelName?: string;
  /** A kernelspec directory to use instead of searching by name. */
  kernelDir?: string;
  kernelSpec?: KernelSpec;
  /** A running kernel to use (it is not shut down afterwards). */
  client?: KernelClient;
  /** The kernel's working directory; default the notebook's folder when `source` is a path. */
  cwd?: string;
  /** Per-cell limit in seconds: the kernel is interrupted and the run fails. */
  timeoutSeconds?: number;
  /** Record errors and go on, as `nbconvert --allow-errors`. */
  allowErrors?: boolean;
  startupTimeoutSeconds?: number;
  /** Aborting it interrupts the kernel and stops the run (Ctrl-C). */
  signal?: AbortSignal;
  onProgress?: (event: RunProgress) => void;
  /** Passed to {@link KernelClient.start}. */
  env?: Record<string, string>;
  onKernelOutput?: KernelClientOptions["onKernelOutput"];
}

/** Which kernelspec a run uses: explicit spec, --kernel-dir, --kernel, the notebook's own, "nnlab". */
export function resolveKernelSpec(nb: Notebook, options: Pick<RunNotebookOptions, "kernelSpec" | "kernelDir" | "kernelName">): KernelSpec {
  if (options.kernelSpec) return options.kernelSpec;
  if (options.kernelDir) return readKernelSpec(options.kernelDir);
  return findKernelSpec(options.kernelName ?? nb.metadata.kernelspec?.name ?? "nnlab");
}

/**
 * Executes a notebook's code cells in order in a real kernel and returns a copy with the
 * outputs and execution counts recorded as Jupyter/nbconvert record them (valid nbformat 4.5,
 * cell ids kept or added, language_info from the kernel). A kernel it starts is always shut
 * down, also when the run fails.
 * After the last cell it waits a second for errors its asynchronous code throws late (see
 * {@link collectLateErrors}); such an error fails the run like a cell's own, naming the cell
 * whose outputs show it, or is recorded there with allowErrors.
 * @throws NotebookRunError when a cell raises (also late, from a timer or an unawaited promise;
 *   unless allowErrors), times out, the kernel dies, or `signal` aborts.
 * @example const done = await runNotebook(readNotebook("a.ipynb"), { source: "a.ipynb", kernelName: "python3" });
 */
export async function runNotebook(input: Notebook, options: RunNotebookOptions = {}): Promise<Notebook> {
  const nb = ensureCellIds(structuredClone(input));
  const source = options.source ?? "notebook";
  if (options.timeoutSeconds !== undefined && !(options.timeoutSeconds > 0)) {
    throw new RangeError(`runNotebook: timeoutSeconds must be a positive number, got ${options.timeoutSeconds}`);
  }
  const progress = options.onProgress ?? (() => undefined);
  const fail = (message: string, kind: RunFailureKind, cellIndex: number, traceback: string[] = []): NotebookRunError =>
    new NotebookRunError(`${source}: ${message}`, kind, nb, cellIndex, traceback);
  // An error from asynchronous code (a timer, an unawaited promise) that the kernel showed late.
  const lateFailure = (e: ErrorOutput, cellIndex: number, when: string): NotebookRunError =>
    fail(
      `cell ${cellIndex + 1} of ${nb.cells.length}: its asynchronous code raised ${e.ename}: ${e.evalue} ${when}`,
      "error",
      cellIndex,
      e.traceback.map(stripAnsi),
    );

  if (options.signal?.aborted) throw fail("interrupted before the kernel started", "interrupted", -1);
  let client = options.client;
  const owned = client === undefined;
  const started = Date.now();
  if (!client) {
    const spec = resolveKernelSpec(nb, options);
    try {
      client = await KernelClient.start(spec, {
        cwd: options.cwd ?? (options.source ? path.dirname(path.resolve(options.source)) : undefined),
        env: options.env,
        startupTimeoutMs: (options.startupTimeoutSeconds ?? 60) * 1000,
        onWarning: (message) => progress({ kind: "warning", message }),
        onKernelOutput: options.onKernelOutput,
      });
    } catch (e) {
      throw fail((e as Error).message, "start", -1);
    }
  }
  const kernel = client;
  let interrupted = false;
  const onAbort = (): void => {
    interrupted = true;
    if (kernel.alive) kernel.interrupt().catch((e: Error) => progress({ kind: "warning", message: `interrupt failed: ${e.message}` }));
  };
  options.signal?.addEventListener("abort", onAbort);
  // Everything after the start is inside try: even a throwing progress callback shuts the kernel down.
  try {
    if (owned) progress({ kind: "kernel-started", kernel: kernel.spec.name, pid: kernel.pid, seconds: (Date.now() - started) / 1000 });
    nb.metadata.language_info = kernel.kernelInfo.language_info;
    if (!nb.metadata.kernelspec) {
      nb.metadata.kernelspec = { name: kernel.spec.name, display_name: kernel.spec.display_name, language: kernel.spec.language };
    }
    const codeCells = nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
    const recorder = new OutputRecorder();
    let codeCell = 0;
    let last: { index: number; msgId: string } | undefined;
    for (let i = 0; i < nb.cells.length; i++) {
      const cell = nb.cells[i];
      if (cell.cell_type !== "code") continue;
      codeCell++;
      const code = joinMultiline(cell.source);
      cell.outputs = recorder.startCell([]);
      cell.execution_count = null;
      if (code.trim() === "") continue; // Jupyter does not send empty cells
      if (interrupted) throw fail(`interrupted before cell ${i + 1}`, "interrupted", i);
      const outputs = cell.outputs;
      progress({ kind: "cell-start", cellIndex: i, codeCell, codeCells: codeCells.length, lastLine: () => lastTextLine(outputs) });
      let outcome;
      try {
        outcome = await kernel.execute(code, {
          recorder,
          timeoutMs: options.timeoutSeconds === undefined ? undefined : options.timeoutSeconds * 1000,
          stopOnError: !options.allowErrors,
        });
      } catch (e) {
        if (e instanceof KernelDiedError) throw fail(`cell ${i + 1} of ${nb.cells.length}: ${e.message}`, "died", i);
        throw e;
      }
      cell.execution_count = outcome.executionCount;
      const status = outcome.reply.status;
      progress({ kind: "cell-done", cellIndex: i, codeCell, codeCells: codeCells.length, seconds: outcome.seconds, status });
      if (interrupted) throw fail(`interrupted in cell ${i + 1} of ${nb.cells.length}`, "interrupted", i);
      if (outcome.timedOut) {
        throw fail(
          `cell ${i + 1} of ${nb.cells.length} timed out after ${options.timeoutSeconds} s (the kernel was interrupted)`,
          "timeout",
          i,
        );
      }
      if (status !== "ok" && !options.allowErrors) {
        const reply = outcome.reply;
        const what = reply.status === "error" ? `raised ${reply.ename}: ${reply.evalue}` : "was aborted by the kernel";
        const traceback = reply.status === "error" ? reply.traceback.map(stripAnsi) : [];
        throw fail(`cell ${i + 1} of ${nb.cells.length} ${what}`, "error", i, traceback);
      }
      const late = errorOutputs(outcome.outputs);
      if (status === "ok" && late.length > 0 && !options.allowErrors) throw lateFailure(late[0], i, "while it ran");
      last = { index: i, msgId: outcome.msgId };
    }
    if (last !== undefined) {
      const { index, msgId } = last;
      const late = await collectLateErrors(kernel, msgId, recorder, !options.allowErrors).catch((e: unknown) => {
        if (e instanceof KernelDiedError) throw fail(`after the last cell: ${e.message}`, "died", index);
        throw e;
      });
      if (late.length > 0 && !options.allowErrors) throw lateFailure(late[0], index, "after the last cell ended");
    }
    return nb;
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    if (owned) await kernel.shutdown();
  }
}
