/**
 * execute_request on the main thread: runs a cell in the engine, publishes its input, value
 * and error, answers interrupts, and shows errors that nothing caught (a timer's throw, an
 * unawaited promise's rejection, an emitter's 'error') as error outputs.
 *
 * The late-error contract (nnlab run and frontends rely on it): an error that reaches the
 * process's uncaughtException / unhandledRejection is published as an iopub `error` message
 * (ename, evalue, traceback) under the execute_request of the cell running when it fired, or,
 * when no cell is running, of the next non-silent cell executed, right after that cell's
 * execute_input and before any output of its own. Its traceback's first line says it is such
 * an error. The cell's execute_reply stays what its own code gave: a late error never turns a
 * cell that succeeded into a failed one (so it never aborts the cells queued behind it).
 */
import { clearInterrupt, InterruptedError, requestInterrupt, type MimeBundle } from "../../lib/host";
import type { Engine } from "../engine";
import type { ErrorContent, ExecuteInputContent, ExecuteReply, ExecuteRequest, ExecuteResultContent, IopubType } from "../protocol";
import type { LateErrorOrigin } from "./guardLateErrors";
import { EXECUTING, ExecutingState } from "./threadMessages";

type Outcome = Awaited<ReturnType<Engine["execute"]>>;

/** At most this many late errors wait for the next cell; more are counted, not kept. */
const MAX_WAITING_LATE_ERRORS = 20;

/** Where the executor sends output: iopub messages and replies under a request id. */
export interface ExecutorOutput {
  iopub(id: number, msgType: IopubType, content: object): void;
  reply(id: number, content: ExecuteReply): void;
}

/** Runs cells one at a time and owns the kernel's execution count. */
export class CellExecutor {
  private executionCount = 0;
  private cellSeq = 0;
  private running: { id: number; count: number; silent: boolean } | undefined;
  private lastId = 0;
  private readonly waitingLateErrors: ErrorContent[] = [];
  private droppedLateErrors = 0;

  /**
   * @param engine the TypeScript engine cells run in.
   * @param flags the Int32Array shared with the protocol thread (its EXECUTING flag is set here).
   * @param out where iopub messages and replies go.
   * @param render turns a cell's value into a MIME bundle.
   */
  constructor(
    private readonly engine: Engine,
    private readonly flags: Int32Array,
    private readonly out: ExecutorOutput,
    private readonly render: (value: unknown) => MimeBundle,
  ) {
    engine.onCompiling = (compiling) => Atomics.store(flags, EXECUTING, compiling ? ExecutingState.compiling : ExecutingState.running);
  }

  /** The request id output belongs to now: the running cell, else the last one. */
  get outputId(): number {
    return this.running?.id ?? this.lastId;
  }

  /** Runs one execute_request (request id `id`, its content as parsed) and replies to it. */
  async execute(id: number, content: ExecuteRequest): Promise<void> {
    const { code, silent } = content;
    if (content.store_history && !silent) this.executionCount++;
    const count = this.executionCount;
    this.lastId = id;
    if (!silent) {
      const input: ExecuteInputContent = { code, execution_count: count };
      this.out.iopub(id, "execute_input", input);
    }
    clearInterrupt();
    this.running = { id, count, silent };
    if (!silent) this.showWaitingLateErrors(id);
    Atomics.store(this.flags, EXECUTING, ExecutingState.running);
    const outcome = await this.engine.execute(code, ++this.cellSeq);
    // A rejection the cell's own code left unhandled is reported once the current tick's
    // microtasks are done: let it arrive while this cell still counts as running.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.running?.id !== id) return; // finished by an interrupt that terminated it
    const userExpressions: Record<string, unknown> = {};
    if (outcome.status === "ok") {
      for (const [name, expr] of Object.entries(content.user_expressions)) {
        const r = await this.engine.execute(expr, ++this.cellSeq);
        userExpressions[name] =
          r.status === "ok"
            ? { status: "ok", data: this.render(r.value), metadata: {} }
            : { status: "error", ename: r.ename, evalue: r.evalue, traceback: r.traceback };
      }
    }
    this.finish(outcome, userExpressions);
  }

  /**
   * An interrupt reached the main thread. `terminated`: the protocol thread stopped the cell's
   * synchronous code through the inspector, so nothing below it on the stack will finish it.
   */
  interrupt(terminated: boolean): void {
    requestInterrupt();
    const wasAwaiting = this.engine.isAwaiting;
    this.engine.interrupt();
    if (terminated && this.running && !wasAwaiting) {
      const e = new InterruptedError();
      this.finish({ status: "error", ename: e.name, evalue: e.message, traceback: [`${e.name}: ${e.message}`] }, {});
    }
  }

  /** A request failed inside the kernel itself: unblock the protocol thread. */
  abandon(): void {
    Atomics.store(this.flags, EXECUTING, ExecutingState.idle);
    this.running = undefined;
  }

  /** An error nothing caught: shown now in the running cell, or kept for the next one. */
  lateError(error: unknown, origin: LateErrorOrigin): void {
    if (error instanceof InterruptedError) return; // an interrupted cell's abandoned work ending
    const described = this.engine.describeError(error);
    const running = this.running && !this.running.silent ? this.running : undefined;
    const when = running ? "while this cell ran" : "while no cell was running; shown with the next cell";
    const what = origin === "unhandledRejection" ? "Unhandled promise rejection" : "Uncaught exception";
    const content: ErrorContent = {
      ename: described.ename,
      evalue: described.evalue,
      traceback: [`${what} in asynchronous code (a timer, callback, unawaited promise or event emitter), ${when}:`, ...described.traceback],
    };
    if (running) this.out.iopub(running.id, "error", content);
    else if (this.waitingLateErrors.length < MAX_WAITING_LATE_ERRORS) this.waitingLateErrors.push(content);
    else this.droppedLateErrors++;
  }

  private showWaitingLateErrors(id: number): void {
    for (const content of this.waitingLateErrors.splice(0)) this.out.iopub(id, "error", content);
    if (this.droppedLateErrors > 0) {
      const n = this.droppedLateErrors;
      this.droppedLateErrors = 0;
      const more: ErrorContent = {
        ename: "Error",
        evalue: `${n} more late errors were not shown`,
        traceback: [`${n} more uncaught errors happened while no cell was running; only the first ${MAX_WAITING_LATE_ERRORS} are shown`],
      };
      this.out.iopub(id, "error", more);
    }
  }

  private finish(outcome: Outcome, userExpressions: Record<string, unknown>): void {
    const r = this.running;
    if (!r) return;
    Atomics.store(this.flags, EXECUTING, ExecutingState.idle);
    this.running = undefined;
    if (outcome.status === "error") {
      const err: ErrorContent = { ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback };
      this.out.iopub(r.id, "error", err);
      this.out.reply(r.id, { status: "error", execution_count: r.count, ...err });
      return;
    }
    if (outcome.hasValue && !r.silent) {
      try {
        const result: ExecuteResultContent = { execution_count: r.count, data: this.render(outcome.value), metadata: {} };
        this.out.iopub(r.id, "execute_result", result);
      } catch (e) {
        process.stderr.write(`could not display the cell's value: ${(e as Error).message}\n`);
      }
    }
    this.out.reply(r.id, { status: "ok", execution_count: r.count, user_expressions: userExpressions, payload: [] });
  }
}
