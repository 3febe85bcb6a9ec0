/**
 * The one seam between the library and whatever runs it. lib/ never imports kernel/: the
 * kernel installs itself here as the display host and raises interrupts here; in a plain
 * Node script the console host prints text.
 */

/** A Jupyter MIME bundle: MIME type -> data ("text/plain" -> string, "image/png" -> base64...). */
export type MimeBundle = Record<string, unknown>;

/** Where displays go. The kernel's host sends display_data / update_display_data. */
export interface DisplayHost {
  /** Shows a new output; with a displayId, later `update` calls replace it in place. */
  display(bundle: MimeBundle, displayId?: string): void;
  /** Replaces the output shown earlier under displayId. */
  update(bundle: MimeBundle, displayId: string): void;
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
    if (typeof text === "string") process.stdout.write(text.endsWith("\n") ? text : text + "\n");
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

let interruptRequested = false;

/** The host asks long-running work (Trainer.fit, loops that call the check) to stop. */
export function requestInterrupt(): void {
  interruptRequested = true;
}

/** The host clears the request before the next cell runs. */
export function clearInterrupt(): void {
  interruptRequested = false;
}

/** Long-running library loops call this at safe points (between batches). */
export function throwIfInterrupted(): void {
  if (interruptRequested) {
    interruptRequested = false;
    throw new InterruptedError();
  }
}
