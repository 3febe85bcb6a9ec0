import { BatchNormalization } from "../layers/batchNormalization";
import type { Net } from "../nets/net";
import { platform } from "../platform";
import { Sequential } from "../nets/sequential";
import { buildNet, specOf, type NetSpec } from "../nets/netSpec";
import { ParallelNet } from "./parallelNet";

/** Smallest share of a batch worth a thread: below it, copying costs more than it saves. */
export const MIN_SHARE = 8;

/** How a net's batches are computed: on `threads` threads, or on one and why. */
export type SplitPlan =
  { readonly threads: number; readonly net: Sequential; readonly spec: NetSpec } | { readonly threads: 1; readonly why?: string };

/**
 * Decides whether a net's gradients can be split over `threads` threads (data parallelism
 * with replicas built from the net's spec), and if not, why, in words for the learner (also
 * where the platform has no worker threads).
 * Asking for one thread, or a net that already splits (a ParallelNet), needs no reason.
 *
 * @example
 * planSplit(new DeepConvNet({ seed: 1 }), 2, 100); // { threads: 2, net, spec }
 * planSplit(new MultiLayerNet({ ..., useBatchNorm: true }), 2, 100).why; // "the net has BatchNormalization, ..."
 */
export function planSplit(net: Net, threads: number, batchSize: number): SplitPlan {
  if (threads <= 1 || net instanceof ParallelNet) return { threads: 1 };
  // Without cores() the platform offers no worker threads (the browser build): a notebook that
  // asks for threads still runs there, as it would on a one-core machine.
  if (platform.cores === undefined) return { threads: 1, why: "this platform (the browser build) has no worker threads" };
  const spec = specOf(net);
  if (spec === undefined || !(net instanceof Sequential)) {
    return {
      threads: 1,
      why: `${net.name} has no spec to build replicas from (a learner's own layers, a hand-built Sequential or a GraphNet; the library's nets carry one)`,
    };
  }
  if (net.layers.some((layer) => layer instanceof BatchNormalization)) {
    return { threads: 1, why: `${net.name} has BatchNormalization, whose batch statistics need the whole batch` };
  }
  const fits = Math.min(threads, Math.floor(batchSize / MIN_SHARE));
  if (fits <= 1) return { threads: 1, why: `batches of ${batchSize} are too small to split (at least ${MIN_SHARE} images a thread)` };
  const differs = replicaDiffers(net, spec);
  if (differs !== undefined)
    return { threads: 1, why: `${net.name} no longer matches its spec (${differs}), so a replica would be another net` };
  return { threads: fits, net, spec };
}

/** What a replica built from `spec` lacks or has differently, or undefined when it matches. */
function replicaDiffers(net: Sequential, spec: NetSpec): string | undefined {
  const replica = buildNet(spec);
  try {
    const names = net.layers.map((l) => l.name).join(",");
    if (replica.layers.map((l) => l.name).join(",") !== names) return "its layers were changed";
    const own = net.params();
    const theirs = replica.params();
    for (const key of Object.keys({ ...own, ...theirs })) {
      const a = own[key]?.shape.join("x");
      const b = theirs[key]?.shape.join("x");
      if (a !== b) return `param ${key} is ${a ?? "missing"} here, ${b ?? "missing"} in a replica`;
    }
    return undefined;
  } finally {
    replica.dispose();
  }
}
