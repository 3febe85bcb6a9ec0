/**
 * The one seam between the library and whatever runs it. lib/ never imports kernel/: the
 * kernel installs itself here as the display host and raises interrupts here; in a plain
 * Node script the console host prints text.
 */
import { platform } from "./platform";

/** A Jupyter MIME bundle: MIME type -> data ("text/plain" -> string, "image/png" -> base64...). */
export type MimeBundle = Record<string, unknown>;

/** Where displays go. The kernel's host sends display_data / update_display_data. */
export interface DisplayHost {
  /** Shows a new output; with a displayId, later `update` calls replace it in place. */
  display(bundle: MimeBundle, displayId?: string): void;
  /** Replaces the output shown earlier under displayId. */
  update(bundle: MimeBundle, displayId: string): void;
  /**
   * Clears the running cell's output (clear_output); with `wait`, only when the next output
   * arrives. Optional: a host that cannot take output back (a console) leaves it out.
   */
  clear?(wait: boolean): void;
}

/** Objects that know how to show themselves implement this method (see {@link MimeBundle}). */
export const toMimeBundle: unique symbol = Symbol.for("nnlab.toMimeBundle") as never;

/** Anything with a `[toMimeBundle]()` method. */
export interface Displayable {
  [toMimeBundle](): MimeBundle;
}

/** True when value implements the display protocol. */
export function isDisplayable(value: unknown): value is Displayable {
  return typeof value === "object" && value !== null && typeof (value as Record<symbol, unknown>)[toMimeBundle] === "function";
}

const consoleHost: DisplayHost = {
  display(bundle) {
    const text = bundle["text/plain"];
    if (typeof text === "string") platform.writeStdout(text.endsWith("\n") ? text : text + "\n");
  },
  update(bundle) {
    consoleHost.display(bundle);
  },
};

let host: DisplayHost = consoleHost;

/** The current display host (the console one unless a kernel installed its own). */
export function displayHost(): DisplayHost {
  return host;
}

/** Installs a display host; returns the previous one. The kernel calls this at start. */
export function setDisplayHost(next: DisplayHost): DisplayHost {
  const previous = host;
  host = next;
  return previous;
}

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
