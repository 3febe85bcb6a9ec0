import { formatShape } from "../errors";
import { netComplexity, type ComplexityInput } from "../nets/complexity";
import type { TableFigure } from "../ground/figure";
import { formatBytes, formatCount } from "./text";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** What {@link netSummary} reads from a net: its layers and its input shape (a Net has both). */
export type NetSummaryInput = ComplexityInput;

/** Options of {@link netSummary}. */
export interface NetSummaryOptions {
  /** Bytes per activation value (default 4: float32). */
  readonly bytesPerValue?: number;
  readonly title?: string;
}

// The option names of NetSummaryOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const NET_SUMMARY_KEYS = optionKeys<NetSummaryOptions>({ bytesPerValue: true, title: true });

/**
 * A per-layer complexity table for one input sample (the complexity lesson): layer, type,
 * output shape, parameter count, FLOPs and activation memory, with a total row.
 *
 * The counts come from {@link netComplexity} (FLOPs = 2 x multiply-adds of Convolution and
 * Affine layers). Activation memory is the layer's output size times 4 bytes (float32) per
 * sample.
 *
 * @example
 * netSummary(new DeepConvNet());
 */
export function netSummary(net: NetSummaryInput, opts: NetSummaryOptions = {}): TableFigure {
  checkOptions("netSummary", opts, NET_SUMMARY_KEYS);
  const where = "netSummary";
  const bytes = opts.bytesPerValue ?? 4;
  if (!(bytes > 0)) throw new RangeError(`${where}: bytesPerValue must be > 0, got ${bytes}`);
  const c = netComplexity(net, where);
  const rows: (string | number)[][] = [["input", "", formatShape(c.inputShape), "0", "", formatBytes(size(c.inputShape) * bytes)]];
  for (const l of c.layers) {
    rows.push([
      l.name,
      l.type,
      formatShape(l.outputShape),
      formatCount(l.params),
      l.flops === undefined ? "" : formatCount(l.flops),
      formatBytes(l.activations * bytes),
    ]);
  }
  const totalParams = c.params;
  const totalFlops = c.flops;
  const totalBytes = c.activations * bytes;
  rows.push(["total", "", "", formatCount(totalParams), formatCount(totalFlops), formatBytes(totalBytes)]);
  return {
    kind: "table",
    title:
      opts.title ??
      `${net.name ?? "Net"}: ${formatCount(totalParams)} parameters, ${(totalFlops / 1e6).toFixed(2)} MFLOPs per sample ` +
        `(FLOPs = 2 x multiply-adds of Convolution/Affine layers), activations ${formatBytes(totalBytes)} per sample (float32)`,
    columns: ["Layer", "Type", "Output shape (per sample)", "Params", "FLOPs (2 x MACs)", "Activation memory"],
    rows,
    rowClasses: rows.map((_, i) => (i === rows.length - 1 ? "total" : undefined)),
  };
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
