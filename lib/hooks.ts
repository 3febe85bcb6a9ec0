/**
 * The kernel's hooks, nnlab's second entry point ("nnlab/hooks"): what a host running the
 * library installs and drives. Only kernel/ imports this (a test checks it); learners never
 * see it, so their completion list stays the library's.
 */

// The display seam: where show/display send their MIME bundles, and how values become bundles.
export { setDisplayHost, displayHost, type DisplayHost, type MimeBundle } from "./ground/displaySeam";
export { mimeBundle } from "./display/mimeBundle";
export { resetPlotlyInlining } from "./display/plotlyHtml";

// Interrupts: the host asks long work to stop, and clears the request before the next cell.
export { requestInterrupt, clearInterrupt } from "./ground/interruptWatch";
// tf.layers fit/fitDataset stop within one batch of an interrupt, like Trainer.fit.
export { stopLayersFitOnInterrupt } from "./train/layersInterrupt";

// The live page's worker (kernel/livePage/worker.ts): the platform seam (environment, inspecting
// values for console output) and the files a live site serves or the learner picked.
export { platform } from "./platform";
export { siteFiles } from "./platform/siteFiles";
