/**
 * tslab's display API (`tslab.display.html(...)`, `tslab.newDisplay()`), producing the MIME
 * bundles tslab produces (one MIME type each, binary data base64) through nnlab's display seam,
 * so notebooks written for tslab run unchanged in nnlab's kernel.
 */
import { displayHost } from "../ground/displaySeam";
import { platform } from "../platform";
import { bytesToBase64 } from "../platform/base64";

/** tslab's `Display`: one method per MIME type, plus `raw` for any other. */
export interface Display {
  javascript(s: string): void;
  html(s: string): void;
  markdown(s: string): void;
  latex(s: string): void;
  svg(s: string): void;
  png(b: Uint8Array): void;
  jpeg(b: Uint8Array): void;
  gif(b: Uint8Array): void;
  pdf(b: Uint8Array): void;
  text(s: string): void;
  raw(contentType: string, b: string | Uint8Array): void;
}

class DisplayImpl implements Display {
  private shown = false;

  /** @param id the display_id every output goes under (a new display), or none (`display`). */
  constructor(private readonly id?: string) {}

  javascript(s: string): void {
    this.raw("text/javascript", s);
  }
  html(s: string): void {
    this.raw("text/html", s);
  }
  markdown(s: string): void {
    this.raw("text/markdown", s);
  }
  latex(s: string): void {
    this.raw("text/latex", s);
  }
  svg(s: string): void {
    this.raw("image/svg+xml", s);
  }
  png(b: Uint8Array): void {
    this.raw("image/png", b);
  }
  jpeg(b: Uint8Array): void {
    this.raw("image/jpeg", b);
  }
  gif(b: Uint8Array): void {
    this.raw("image/gif", b);
  }
  pdf(b: Uint8Array): void {
    this.raw("application/pdf", b);
  }
  text(s: string): void {
    this.raw("text/plain", s);
  }
  raw(contentType: string, b: string | Uint8Array): void {
    if (typeof contentType !== "string" || contentType === "") {
      throw new TypeError(`tslab display: contentType must be a MIME type string, got ${JSON.stringify(contentType)}`);
    }
    const bundle = { [contentType]: typeof b === "string" ? b : bytesToBase64(b) };
    // As in tslab: a new display's first output is shown, each later one replaces it in place.
    if (this.id === undefined) displayHost().display(bundle);
    else if (this.shown) displayHost().update(bundle, this.id);
    else displayHost().display(bundle, this.id);
    this.shown = true;
  }
}

/**
 * Shows rich content as a new output each call.
 *
 * @example
 * display.html("<b>bold</b>");
 */
export const display: Display = new DisplayImpl();

/**
 * Returns a display whose first output is shown and whose later outputs replace it in place.
 *
 * @example
 * const d = newDisplay();
 * d.text("epoch 1"); // shown
 * d.text("epoch 2"); // replaces "epoch 1"
 */
export function newDisplay(): Display {
  return new DisplayImpl(platform.randomUUID().replace(/-/g, ""));
}
