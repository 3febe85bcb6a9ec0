/**
 * Interrupts: the host asks long work to stop (Trainer.fit, a solver, a tf.layers fit), and
 * the work stops at its next safe point with an {@link InterruptedError}.
 */

/** Thrown by {@link throwIfInterrupted} when the host asked long work to stop. */
export class InterruptedError extends Error {
  override readonly name = "InterruptedError";
  constructor() {
    super("interrupted: the work stopped at a safe point; state computed so far is kept");
  }
}

// Interrupts are counted, not flagged: each request starts a new generation. Work that took a
// watch (Trainer.fit, a tf.layers fit) stops once the generation moves on, however late it
// resumes; a flag could be cleared by the next cell's start before an abandoned fit looked at it.
let interruptGeneration = 0;
// Set by a request, cleared when the next cell starts: "the current cell was interrupted".
let interruptPending = false;

/** The host asks long-running work (Trainer.fit, loops that call the check) to stop. */
export function requestInterrupt(): void {
  interruptGeneration++;
  interruptPending = true;
}

/**
 * The host calls this before the next cell runs, so work that cell starts is not stopped by an
 * earlier interrupt. Work that watched an interrupt (see {@link watchInterrupts}) stays stopped.
 */
export function clearInterrupt(): void {
  interruptPending = false;
}

/** What {@link watchInterrupts} returns: has an interrupt arrived since the watch began? */
export interface InterruptWatch {
  /** True once an interrupt was requested after the watch began (or was pending when it began). */
  readonly interrupted: boolean;
  /** Throws InterruptedError when {@link InterruptWatch.interrupted}. */
  throwIfInterrupted(): void;
}

/**
 * Starts watching for interrupts: long work takes a watch when it starts and checks it at safe
 * points. A watch never forgets an interrupt, so work abandoned by an interrupted cell cannot run
 * on after the next cell cleared the request. An interrupt still pending when the watch begins
 * (requested during the current cell) counts too.
 *
 * @example
 * const watch = watchInterrupts();
 * for (const batch of batches) {
 *   step(batch);
 *   await new Promise((resolve) => setTimeout(resolve, 0)); // let the interrupt arrive
 *   watch.throwIfInterrupted();
 * }
 */
export function watchInterrupts(): InterruptWatch {
  const startedInterrupted = interruptPending;
  const generation = interruptGeneration;
  const watch: InterruptWatch = {
    get interrupted() {
      return startedInterrupted || interruptGeneration !== generation;
    },
    throwIfInterrupted() {
      if (watch.interrupted) throw new InterruptedError();
    },
  };
  return watch;
}

/**
 * Long-running loops call this at safe points (between batches): throws InterruptedError while
 * an interrupt requested during the current cell is pending. Work that may outlive its cell
 * should take a {@link watchInterrupts} watch instead.
 */
export function throwIfInterrupted(): void {
  if (interruptPending) throw new InterruptedError();
}
