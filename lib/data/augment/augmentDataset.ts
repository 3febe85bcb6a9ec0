import { ShapeError } from "../../errors";
import { Rng } from "../../random/rng";
import { defaultRng } from "../../random/defaultRng";
import type { Dataset } from "../dataset";
import { checkDataset, makeDataset } from "../makeDataset";
import { cutout } from "./cutout";
import { elasticDistortion } from "./elasticDistortion";
import { gaussianNoise } from "./gaussianNoise";
import { affineWarp, checkFinite, clamp01 } from "./image";
import { checkOptions, optionKeys } from "../../options/checkOptions";

/** What `augmentDataset` does to each copy; every amount is drawn per image. */
export interface AugmentOptions {
  /** Augmented copies of every image (default 1): the result has (1 + copies) x the samples. */
  readonly copies?: number;
  /** Rotation drawn uniformly from [-rotation, rotation] degrees (default 0). */
  readonly rotation?: number;
  /** Shift drawn uniformly from [-shift, shift] pixels, per axis (default 0). */
  readonly shift?: number;
  /** Zoom factor drawn uniformly from [lo, hi] (default [1, 1]). */
  readonly scale?: readonly [number, number];
  /** Elastic distortion with these parameters (e.g. { alpha: 34, sigma: 4 }). */
  readonly elastic?: { readonly alpha: number; readonly sigma: number };
  /** Gaussian pixel noise with this std, after the geometric changes. */
  readonly noise?: number;
  /** Cutout of a square of this side. */
  readonly cutout?: number;
  /** Seed for the draws; without it the default generator (see setSeed) is used. */
  readonly seed?: number;
}

// The option names of AugmentOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const AUGMENT_KEYS = optionKeys<AugmentOptions>({
  copies: true,
  rotation: true,
  shift: true,
  scale: true,
  elastic: true,
  noise: true,
  cutout: true,
  seed: true,
});

// The option names of AugmentOptions' `elastic`.
const ELASTIC_KEYS = optionKeys<NonNullable<AugmentOptions["elastic"]>>({ alpha: true, sigma: true });

/** The image size of a dataset's samples: [1, H, W], [H, W] or a square [H*W]. */
function sampleImageSize(where: string, ds: Dataset): { H: number; W: number } {
  const s = ds.sampleShape;
  if (s.length === 3 && s[0] === 1) return { H: s[1], W: s[2] };
  if (s.length === 2) return { H: s[0], W: s[1] };
  if (s.length === 1) {
    const side = Math.round(Math.sqrt(s[0]));
    if (side * side === s[0]) return { H: side, W: side };
  }
  throw new ShapeError(where, `samples of "${ds.name}"`, "single-channel images [1, H, W], [H, W] or square flat [H*W]", [...s]);
}

/**
 * A bigger training set: the originals followed by `copies` randomly transformed copies of
 * every image (copy k of sample i sits at k * n + i), with the labels repeated. Rotation,
 * zoom and shift are applied in one bilinear resampling, then elastic distortion, cutout
 * and noise. Pixel values stay in [0, 1]; the data must be normalized.
 *
 * @example
 * const small = subset(loadMnist().train, 1000);
 * const bigger = augmentDataset(small, { copies: 4, rotation: 10, shift: 2, scale: [0.9, 1.1], seed: 0 });
 * bigger.length; // 5000
 */
export function augmentDataset(ds: Dataset, options: AugmentOptions = {}): Dataset {
  const where = "augmentDataset";
  const size = checkDataset(where, "ds", ds);
  const { H, W } = sampleImageSize(where, ds);
  if (typeof options !== "object" || options === null) throw new TypeError(`${where}: options must be an object, got ${String(options)}`);
  checkOptions(where, options, AUGMENT_KEYS);
  const { copies = 1, rotation = 0, shift = 0, scale = [1, 1], elastic, noise, cutout: cut, seed } = options;
  if (!Number.isInteger(copies) || copies < 0)
    throw new RangeError(`${where}: copies must be a non-negative integer, got ${String(copies)}`);
  checkFinite(where, "rotation", rotation, 0);
  checkFinite(where, "shift", shift, 0);
  if (!Array.isArray(scale) || scale.length !== 2 || !(scale[0] > 0) || !(scale[1] >= scale[0]) || !Number.isFinite(scale[1])) {
    throw new RangeError(`${where}: scale must be [lo, hi] with 0 < lo <= hi, got ${JSON.stringify(scale)}`);
  }
  if (elastic !== undefined) {
    if (typeof elastic !== "object" || elastic === null)
      throw new TypeError(`${where}: elastic must be { alpha, sigma }, got ${String(elastic)}`);
    checkOptions(where, elastic, ELASTIC_KEYS, { argument: "elastic" });
    checkFinite(where, "elastic.alpha", elastic.alpha, 0);
    checkFinite(where, "elastic.sigma", elastic.sigma, 0);
  }
  if (noise !== undefined) checkFinite(where, "noise", noise, 0);
  if (cut !== undefined && (!Number.isInteger(cut) || cut < 0))
    throw new RangeError(`${where}: cutout must be a non-negative integer, got ${String(cut)}`);
  const rng = seed === undefined ? defaultRng() : new Rng(seed);
  for (let i = 0; i < ds.x.length; i++) {
    if (!(ds.x[i] >= 0 && ds.x[i] <= 1)) {
      throw new RangeError(
        `${where}: "${ds.name}" has the value ${ds.x[i]} at index ${i}; augmentation needs pixels in [0, 1] (load with normalize: true)`,
      );
    }
  }

  const n = ds.length;
  const x = new Float32Array((1 + copies) * n * size);
  const labels = new Uint8Array((1 + copies) * n);
  x.set(ds.x);
  labels.set(ds.labels);
  const geometric = rotation > 0 || shift > 0 || scale[0] !== 1 || scale[1] !== 1;
  for (let k = 1; k <= copies; k++) {
    for (let i = 0; i < n; i++) {
      let img = ds.x.subarray(i * size, (i + 1) * size);
      if (geometric) {
        const deg = rng.uniform(-rotation, rotation);
        const s = rng.uniform(scale[0], scale[1]);
        const dx = rng.uniform(-shift, shift);
        const dy = rng.uniform(-shift, shift);
        img = clamp01(affineWarp(img, H, W, deg, s, dx, dy));
      }
      if (elastic) img = elasticDistortion(img, elastic.alpha, elastic.sigma, { height: H, width: W, rng });
      if (cut !== undefined && cut > 0) img = cutout(img, cut, { height: H, width: W, rng });
      if (noise !== undefined && noise > 0) img = gaussianNoise(img, noise, { rng });
      x.set(img, (k * n + i) * size);
      labels[k * n + i] = ds.labels[i];
    }
  }
  return makeDataset({
    name: copies === 0 ? ds.name : `${ds.name} + ${copies} augmented ${copies === 1 ? "copy" : "copies"}`,
    x,
    labels,
    sampleShape: ds.sampleShape,
    numClasses: ds.numClasses,
    classNames: ds.classNames,
    oneHot: ds.oneHot,
  });
}
