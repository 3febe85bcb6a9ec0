/**
 * The display seam between the library and whatever runs it. lib/ never imports kernel/: the
 * kernel installs itself here as the display host; in a plain Node script the console host
 * prints text. Objects that show themselves implement {@link toMimeBundle}.
 */
import { platform } from "../platform";

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
