/**
 * nnlab's light entry point ("nnlab/host"): the seam between the library and whatever runs it,
 * with no TensorFlow.js behind it, so a host (the kernel, before its first cell) can install
 * its display and raise interrupts without loading TF.js. The kernel uses the library through
 * three entry points only: this one, lib/hooks.ts ("nnlab/hooks", loaded lazily) and
 * lib/index.ts ("nnlab"); inside lib/, modules import the seam from lib/ground/ directly.
 */

// The display seam: where displays go, the MIME bundle type, objects that show themselves.
export {
  displayHost,
  setDisplayHost,
  toMimeBundle,
  isDisplayable,
  type MimeBundle,
  type DisplayHost,
  type Displayable,
} from "./ground/displaySeam";
// A value's bundle without figures or tensors (those need TF.js: nnlab/hooks' mimeBundle).
export { plainMimeBundle } from "./display/plainBundle";

// Interrupts: the host asks long work to stop, and clears the request before the next cell.
export {
  requestInterrupt,
  clearInterrupt,
  watchInterrupts,
  throwIfInterrupted,
  InterruptedError,
  type InterruptWatch,
} from "./ground/interruptWatch";

// The one HTML escaper, for a host that renders outputs (the HTML exporter).
export { escapeHtml } from "./ground/html";

// The platform seam: files (one atomic write, through a symlink, refusing a read-only target,
// shared by saveParams and the kernel's notebook writes), workers, the machine.
export { platform } from "./platform";
