import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors";
import type { SvgFigure } from "../ground/figure";
import { gridBlock, stackBlocks, type Normalize, type TileCaption } from "./gridBlock";
import { checkFinite, checkInt, describe, toNumeric, type NumericInput } from "./numeric";
import type { Colormap } from "./palette";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of {@link imageGrid}. */
export interface ImageGridOptions {
  /** Shape of `images` when it is a flat array (e.g. a Dataset's x with [N, 1, 28, 28]). */
  readonly shape?: readonly number[];
  /** Tiles per row (default: up to 10). */
  readonly columns?: number;
  /** Screen pixels per image pixel (default: about 56 px per tile side, at most 8). */
  readonly scale?: number;
  /** A caption per image; overrides the captions built from labels/predictions. */
  readonly captions?: readonly string[];
  /** True labels, one per image (class indices or names). */
  readonly labels?: ArrayLike<number | string> | tf.Tensor;
  /** Predicted labels, one per image; with `labels`, mistakes are drawn in red with a border. */
  readonly predictions?: ArrayLike<number | string> | tf.Tensor;
  /** Names for class indices in labels/predictions ("T-shirt", "Trouser", ...). */
  readonly classNames?: readonly string[];
  /** How values map to grey levels (default "all": one min..max for the whole grid). */
  readonly normalize?: Normalize;
  /** Colormap for one-channel images (default "gray"); RGB images are drawn as they are. */
  readonly colormap?: Colormap;
  readonly title?: string;
}

// The option names of ImageGridOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const IMAGE_GRID_KEYS = optionKeys<ImageGridOptions>({
  shape: true,
  columns: true,
  scale: true,
  captions: true,
  labels: true,
  predictions: true,
  classNames: true,
  normalize: true,
  colormap: true,
  title: true,
});

/**
 * A grid of images with captions: MNIST samples, misclassified digits, augmentation
 * previews. The pixels go into one PNG (so 100 digits stay about 25 KB) inside an SVG that
 * adds the title and the captions as text; mistakes (label != prediction) get a red
 * caption and border.
 *
 * `images` is [N, H, W], [N, C, H, W] with C = 1 or 3, a single [H, W] image, or a flat
 * array with `opts.shape` — as a tensor, nested arrays or a typed array.
 *
 * @example
 * const { x, labels } = mnistTest.slice(0, 20);          // x: Float32Array [20*784]
 * imageGrid(x, { shape: [20, 1, 28, 28], labels, predictions, columns: 10 });
 */
export function imageGrid(images: NumericInput, opts: ImageGridOptions = {}): SvgFigure {
  checkOptions("imageGrid", opts, IMAGE_GRID_KEYS);
  const where = "imageGrid";
  if (typeof opts !== "object" || opts === null) throw new TypeError(`${where}: options must be an object, got ${describe(opts)}`);
  const { data, shape } = toNumeric(where, "images", images, opts.shape);
  checkFinite(where, "images", data);
  const [N, C, H, W] = imageShape(where, shape);
  const captions = buildCaptions(where, N, opts);
  const columns = checkInt(where, "columns", opts.columns ?? Math.min(N, 10), 1);
  const scale = checkInt(where, "scale", opts.scale ?? defaultScale(H, W), 1, 64);
  const block = gridBlock(where, {
    data,
    N,
    C,
    H,
    W,
    columns,
    scale,
    normalize: checkNormalize(where, opts.normalize ?? "all"),
    colormap: opts.colormap ?? "gray",
    captions: captions?.tiles,
  });
  const title = opts.title ?? captions?.defaultTitle ?? `${N} image${N === 1 ? "" : "s"} (${H}x${W})`;
  const { svg, width, height } = stackBlocks(title, [block], captions?.note);
  return { kind: "svg", svg, width, height, alt: captions?.note ? `${title}. ${captions.note}` : title };
}

/** [N, C, H, W] of an image batch shape, or a ShapeError. @internal */
export function imageShape(where: string, shape: readonly number[]): [number, 1 | 3, number, number] {
  if (shape.length === 2) return [1, 1, shape[0], shape[1]];
  if (shape.length === 3) return [shape[0], 1, shape[1], shape[2]];
  if (shape.length === 4 && (shape[1] === 1 || shape[1] === 3)) return [shape[0], shape[1], shape[2], shape[3]];
  throw new ShapeError(where, "images", "[N, H, W], [N, C, H, W] with C = 1 or 3, or one image [H, W]", shape);
}

/** A scale that makes a tile about 56 screen pixels (28x28 digits at 2x). @internal */
export function defaultScale(H: number, W: number): number {
  return Math.max(1, Math.min(8, Math.round(56 / Math.max(H, W))));
}

/** Validates a normalize option. @internal */
export function checkNormalize(where: string, value: unknown): Normalize {
  if (value === "each" || value === "all") return value;
  if (Array.isArray(value) && value.length === 2 && value.every((v) => Number.isFinite(v)) && value[1] > value[0]) {
    return [value[0], value[1]];
  }
  throw new TypeError(`${where}: normalize must be "each", "all" or [min, max] with min < max, got ${JSON.stringify(value)}`);
}

function labelList(where: string, name: string, value: ArrayLike<number | string> | tf.Tensor, N: number): (number | string)[] {
  let list: (number | string)[];
  if (value instanceof tf.Tensor) {
    const v = value.rank === 2 ? tf.tidy(() => tf.argMax(value, 1)) : value;
    list = Array.from(v.dataSync() as ArrayLike<number>);
    if (v !== value) v.dispose();
  } else if (value !== null && typeof value === "object" && typeof (value as ArrayLike<unknown>).length === "number") {
    list = Array.from(value);
  } else {
    throw new TypeError(`${where}: ${name} must be an array (or tensor) of class indices or names, got ${describe(value)}`);
  }
  if (list.length !== N) throw new ShapeError(where, name, `one entry per image (${N})`, [list.length]);
  list.forEach((v, i) => {
    if (typeof v !== "string" && typeof v !== "number") {
      throw new TypeError(`${where}: ${name}[${i}] must be a class index or name, got ${describe(v)}`);
    }
  });
  return list;
}

function buildCaptions(
  where: string,
  N: number,
  opts: ImageGridOptions,
): { tiles: TileCaption[]; note?: string; defaultTitle?: string } | undefined {
  const names = opts.classNames;
  if (names !== undefined && (!Array.isArray(names) || names.some((n) => typeof n !== "string"))) {
    throw new TypeError(`${where}: classNames must be an array of strings, got ${describe(names)}`);
  }
  const name = (v: number | string): string => (typeof v === "number" && names && names[v] !== undefined ? names[v] : String(v));
  const labels = opts.labels === undefined ? undefined : labelList(where, "labels", opts.labels, N);
  const predictions = opts.predictions === undefined ? undefined : labelList(where, "predictions", opts.predictions, N);
  const mistakes = labels && predictions ? labels.map((t, i) => name(t) !== name(predictions[i])) : undefined;
  if (opts.captions !== undefined) {
    if (!Array.isArray(opts.captions) || opts.captions.some((c) => typeof c !== "string")) {
      throw new TypeError(`${where}: captions must be an array of strings, got ${describe(opts.captions)}`);
    }
    if (opts.captions.length !== N) throw new ShapeError(where, "captions", `one caption per image (${N})`, [opts.captions.length]);
    return { tiles: opts.captions.map((text, i) => ({ text, mistake: mistakes?.[i] })) };
  }
  if (labels && predictions && mistakes) {
    const wrong = mistakes.filter(Boolean).length;
    return {
      tiles: labels.map((t, i) => ({
        text: mistakes[i] ? `${name(predictions[i])} (${name(t)})` : name(predictions[i]),
        mistake: mistakes[i],
      })),
      note: "Caption: prediction (true label when wrong). Mistakes in red with a border.",
      defaultTitle: `${N} image${N === 1 ? "" : "s"}: ${wrong} misclassified`,
    };
  }
  if (labels) return { tiles: labels.map((t) => ({ text: name(t) })), note: "Caption: label." };
  if (predictions) return { tiles: predictions.map((y) => ({ text: name(y) })), note: "Caption: prediction." };
  return undefined;
}
