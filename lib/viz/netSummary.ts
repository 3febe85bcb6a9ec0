import { ShapeError, formatShape } from "../errors";
import type { Layer } from "../layers/layer";
import type { TableFigure } from "./figure";
import { describe } from "./numeric";
import { formatBytes, formatCount } from "./text";

/** What {@link netSummary} reads from a net: its layers and its input shape (a Net has both). */
export interface NetSummaryInput {
  readonly name?: string;
  readonly layers: readonly Pick<Layer, "name" | "params" | "outputShape">[];
  readonly inputShape: readonly number[];
}

/** Options of {@link netSummary}. */
export interface NetSummaryOptions {
  /** Bytes per activation value (default 4: float32). */
  readonly bytesPerValue?: number;
  readonly title?: string;
}

/**
 * A per-layer complexity table for one input sample (the complexity lesson): layer, type,
 * output shape, parameter count, FLOPs and activation memory, with a total row.
 *
 * FLOPs count multiply-adds twice (FLOPs = 2 x MACs), for the layers that dominate:
 * a Convolution with W [FN, C, FH, FW] and output [FN, OH, OW] costs 2*OH*OW*FN*C*FH*FW,
 * an Affine with W [in, out] costs 2*in*out. Bias adds, activations and pooling are left
 * out (they are a few percent at most). Layers are recognised by their W's rank, so any
 * layer following lib/layers/layer.ts works. Activation memory is the layer's output size
 * times 4 bytes (float32) per sample.
 *
 * @example
 * netSummary(new DeepConvNet());
 */
export function netSummary(net: NetSummaryInput, opts: NetSummaryOptions = {}): TableFigure {
  const where = "netSummary";
  if (typeof net !== "object" || net === null || !Array.isArray(net.layers) || !Array.isArray(net.inputShape)) {
    throw new TypeError(`${where}: net must have layers (an array) and inputShape (e.g. [1, 28, 28]), got ${describe(net)}`);
  }
  const bytes = opts.bytesPerValue ?? 4;
  if (!(bytes > 0)) throw new RangeError(`${where}: bytesPerValue must be > 0, got ${bytes}`);
  let shape: number[] = [1, ...net.inputShape];
  const rows: (string | number)[][] = [];
  let totalParams = 0;
  let totalFlops = 0;
  let totalBytes = 0;
  const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
  rows.push(["input", "", formatShape(shape.slice(1)), "0", "", formatBytes(size(shape) * bytes)]);
  net.layers.forEach((layer, i) => {
    if (typeof layer !== "object" || layer === null || typeof layer.outputShape !== "function") {
      throw new TypeError(`${where}: net.layers[${i}] must be a Layer with outputShape(), got ${describe(layer)}`);
    }
    const inShape = shape;
    let outShape: number[];
    try {
      outShape = layer.outputShape(inShape);
    } catch (err) {
      throw new ShapeError(
        `${where} at layer ${i} "${layer.name}"`,
        "its input",
        `a shape it accepts (${(err as Error).message})`,
        inShape,
      );
    }
    const params: { size: number }[] = Object.values(layer.params ?? {});
    const nParams = params.reduce((a, p) => a + p.size, 0);
    const W = layer.params?.W;
    let flops: number | undefined;
    if (W && W.rank === 4 && outShape.length === 4) {
      const [FN, C, FH, FW] = W.shape;
      const [, , OH, OW] = outShape;
      flops = 2 * OH * OW * FN * C * FH * FW;
    } else if (W && W.rank === 2) {
      const [inSize, outSize] = W.shape;
      flops = 2 * inSize * outSize;
    }
    const act = size(outShape) * bytes;
    totalParams += nParams;
    totalFlops += flops ?? 0;
    totalBytes += act;
    rows.push([
      layer.name,
      layer.constructor?.name ?? "Layer",
      formatShape(outShape.slice(1)),
      formatCount(nParams),
      flops === undefined ? "" : formatCount(flops),
      formatBytes(act),
    ]);
    shape = outShape;
  });
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
