import type { SvgFigure } from "../ground/figure";
import { gridBlock, stackBlocks } from "./gridBlock";
import { checkNormalize } from "./imageGrid";
import { ShapeError } from "../errors";
import { checkFinite, checkInt, describe, toNumeric, type NumericInput } from "./numeric";
import type { Colormap } from "./palette";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of {@link filterGrid}. */
export interface FilterGridOptions {
  /** Show only this input channel of every filter (default: all channels, one row per filter). */
  readonly channel?: number;
  /** With C = 3, draw each filter as one RGB tile instead of three grey ones. */
  readonly rgb?: boolean;
  readonly columns?: number;
  /** Screen pixels per weight (default: about 48 px per filter, at most 16x: a 3x3 filter is 48 px). */
  readonly scale?: number;
  /** Default "gray_r" like the book's filter plots; "rdbu" shows the sign of each weight. */
  readonly colormap?: Colormap;
  readonly title?: string;
}

// The option names of FilterGridOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const FILTER_GRID_KEYS = optionKeys<FilterGridOptions>({
  channel: true,
  rgb: true,
  columns: true,
  scale: true,
  colormap: true,
  title: true,
});

/**
 * A convolution layer's filters W [FN, C, FH, FW] as a grid of small images, each scaled to
 * its own min..max (the book's `filter_show`): the first layer of a trained net shows
 * edge and blob detectors. With C > 1 every filter is a row of C tiles, unless `channel`
 * picks one channel or `rgb` draws 3-channel filters in colour.
 *
 * @example
 * filterGrid(net.params()["Conv1.W"], { title: "Conv1 filters after training" });
 */
export function filterGrid(W: NumericInput, opts: FilterGridOptions = {}): SvgFigure {
  checkOptions("filterGrid", opts, FILTER_GRID_KEYS);
  const where = "filterGrid";
  if (typeof opts !== "object" || opts === null) throw new TypeError(`${where}: options must be an object, got ${describe(opts)}`);
  const { data, shape } = toNumeric(where, "W", W);
  if (shape.length !== 4) throw new ShapeError(where, "W", "rank 4 [FN, C, FH, FW]", shape);
  checkFinite(where, "W", data);
  const [FN, C, FH, FW] = shape;
  if (FN * C === 0) throw new ShapeError(where, "W", "at least one filter", shape);
  let images = data;
  let N = FN * C;
  let channels: 1 | 3 = 1;
  let columns = opts.columns ?? (C === 1 ? Math.min(FN, 16) : C);
  if (opts.rgb) {
    if (C !== 3) throw new ShapeError(where, "W", "3 input channels for rgb: true ([FN, 3, FH, FW])", shape);
    N = FN;
    channels = 3;
    columns = opts.columns ?? Math.min(FN, 16);
  } else if (opts.channel !== undefined) {
    const c = checkInt(where, "channel", opts.channel, 0, C - 1);
    images = new Float64Array(FN * FH * FW);
    for (let f = 0; f < FN; f++) images.set(data.subarray((f * C + c) * FH * FW, (f * C + c + 1) * FH * FW), f * FH * FW);
    N = FN;
    columns = opts.columns ?? Math.min(FN, 16);
  }
  if (N > 4096) throw new RangeError(`${where}: ${N} tiles is too many to show; pick one channel with { channel }`);
  const block = gridBlock(where, {
    data: images,
    N,
    C: channels,
    H: FH,
    W: FW,
    columns: checkInt(where, "columns", columns, 1),
    scale: checkInt(where, "scale", opts.scale ?? Math.max(1, Math.min(16, Math.round(48 / Math.max(FH, FW)))), 1, 64),
    normalize: checkNormalize(where, "each"),
    colormap: opts.colormap ?? "gray_r",
  });
  const what =
    opts.rgb || C === 1
      ? `${FN} filters`
      : opts.channel !== undefined
        ? `${FN} filters, channel ${opts.channel}`
        : `${FN} filters x ${C} channels (a row per filter)`;
  const title = opts.title ?? `Filters ${FH}x${FW}: ${what}`;
  const note = "Each filter scaled to its own min..max" + ((opts.colormap ?? "gray_r") === "gray_r" ? " (dark = large)." : ".");
  const { svg, width, height } = stackBlocks(title, [block], note);
  return { kind: "svg", svg, width, height, alt: `${title}. ${note}` };
}
