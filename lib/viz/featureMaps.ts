import type * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors";
import type { SvgFigure } from "../ground/figure";
import { gridBlock, stackBlocks, type GridBlock } from "./gridBlock";
import { checkFinite, checkInt, describe, toNumeric } from "./numeric";
import type { Colormap } from "./palette";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** One layer's activations for one input: [C, H, W] or [1, C, H, W]. */
export interface FeatureMapLayer {
  readonly name: string;
  readonly tensor: tf.Tensor | readonly unknown[];
}

/** Options of {@link featureMaps}. */
export interface FeatureMapsOptions {
  /** Maps per row (default 16). */
  readonly columns?: number;
  /** Show at most this many channels per layer (default 64). */
  readonly maxMaps?: number;
  /** Screen pixels per activation (default: at least 40 px per map side, at most 8x). */
  readonly scale?: number;
  /** Default "viridis" (each map scaled to its own min..max). */
  readonly colormap?: Colormap;
  readonly title?: string;
}

// The option names of FeatureMapsOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const FEATURE_MAPS_KEYS = optionKeys<FeatureMapsOptions>({ columns: true, maxMaps: true, scale: true, colormap: true, title: true });

/**
 * The feature maps of one input at several layers of a net, a block per layer (early
 * layers: strokes and edges; later layers: coarser parts). Each map is scaled to its own
 * min..max; pixels are PNG-encoded, so 64 maps of 28x28 stay small.
 *
 * @example
 * featureMaps([{ name: "Conv1", tensor: a1 }, { name: "Pool1", tensor: p1 }]);
 */
export function featureMaps(layers: readonly FeatureMapLayer[], opts: FeatureMapsOptions = {}): SvgFigure {
  checkOptions("featureMaps", opts, FEATURE_MAPS_KEYS);
  const where = "featureMaps";
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new TypeError(`${where}: layers must be a non-empty array of { name, tensor }, got ${describe(layers)}`);
  }
  if (typeof opts !== "object" || opts === null) throw new TypeError(`${where}: options must be an object, got ${describe(opts)}`);
  const maxMaps = checkInt(where, "maxMaps", opts.maxMaps ?? 64, 1);
  const blocks: GridBlock[] = layers.map((layer, i) => {
    if (typeof layer !== "object" || layer === null || typeof layer.name !== "string") {
      throw new TypeError(`${where}: layers[${i}] must be { name: string, tensor }, got ${describe(layer)}`);
    }
    const arg = `layers[${i}] ("${layer.name}").tensor`;
    const { data, shape } = toNumeric(where, arg, layer.tensor);
    let chw = shape;
    if (shape.length === 4 && shape[0] === 1) chw = shape.slice(1);
    if (chw.length !== 3) throw new ShapeError(where, arg, "[C, H, W] or [1, C, H, W] (one input)", shape);
    checkFinite(where, arg, data);
    const [C, H, W] = chw;
    const shown = Math.min(C, maxMaps);
    const scale = checkInt(where, "scale", opts.scale ?? Math.max(1, Math.min(8, Math.ceil(40 / Math.max(H, W)))), 1, 64);
    return gridBlock(where, {
      data: data.subarray(0, shown * H * W),
      N: shown,
      C: 1,
      H,
      W,
      columns: checkInt(where, "columns", opts.columns ?? 16, 1),
      scale,
      normalize: "each",
      colormap: opts.colormap ?? "viridis",
      heading: `${layer.name}: ${C} x ${H} x ${W}` + (shown < C ? ` (first ${shown} maps)` : ""),
    });
  });
  const title = opts.title ?? `Feature maps of one input at ${layers.length} layer${layers.length === 1 ? "" : "s"}`;
  const note = "Each map scaled to its own min..max (bright = large).";
  const { svg, width, height } = stackBlocks(title, blocks, note);
  return { kind: "svg", svg, width, height, alt: `${title}: ${layers.map((l) => l.name).join(", ")}. ${note}` };
}
