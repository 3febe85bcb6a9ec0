/**
 * Interrupts from the protocol thread's side: bump the shared counter (cells' loop checks see
 * it), tell the main thread, and when the main thread does not acknowledge in time because it
 * is stuck in synchronous code with no check (a long library call), stop its JavaScript
 * through the inspector; V8 resumes normally once the stack unwinds.
 */
import * as inspector from "inspector";
import { log } from "./log";
import { EXECUTING, ExecutingState, INTERRUPT_COUNTER, type ToMain } from "./threadMessages";

/** How long the main thread has to acknowledge an interrupt before its JS is terminated. */
const TERMINATE_AFTER_MS = 300;

/** Delivers interrupt_request (and SIGINT-free interrupts) to the main thread. */
export class Interrupter {
  private sent = 0;
  private handled = 0;
  private session: inspector.Session | undefined;

  /**
   * @param shared the Int32Array shared with the main thread (interrupt counter, executing flag).
   * @param toMain posts a message to the main thread.
   */
  constructor(
    private readonly shared: Int32Array,
    private readonly toMain: (m: ToMain) => void,
  ) {}

  /** Interrupts whatever the main thread is running. */
  interrupt(): void {
    Atomics.add(this.shared, INTERRUPT_COUNTER, 1);
    const mine = ++this.sent;
    this.toMain({ kind: "interrupt", terminated: false });
    this.terminateUnlessAcknowledged(mine);
  }

  /**
   * Terminates the main thread's JavaScript if interrupt number `mine` is still unanswered in
   * TERMINATE_AFTER_MS; while the cell compiles it waits on (the cell's loop checks, or this,
   * stop the cell once its code runs).
   */
  private terminateUnlessAcknowledged(mine: number): void {
    setTimeout(() => {
      if (this.handled >= mine) return;
      const state = Atomics.load(this.shared, EXECUTING);
      if (state === ExecutingState.compiling) this.terminateUnlessAcknowledged(mine);
      else if (state === ExecutingState.running) this.terminate();
    }, TERMINATE_AFTER_MS);
  }

  /** The main thread saw every interrupt sent so far. */
  acknowledged(): void {
    this.handled = this.sent;
  }

  private terminate(): void {
    try {
      if (!this.session) {
        this.session = new inspector.Session();
        this.session.connectToMainThread();
      }
      this.session.post("Runtime.terminateExecution", () => {
        this.toMain({ kind: "interrupt", terminated: true });
        // A connected session makes Node wait for "the debugger" at exit; let it go.
        this.session?.disconnect();
        this.session = undefined;
      });
    } catch (e) {
      log(`could not terminate the running cell: ${(e as Error).message}`);
    }
  }
}
