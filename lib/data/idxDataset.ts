import { DataFileError, describeValue } from "../errors";
import { platform } from "../platform";
import type { Dataset } from "./dataset";
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, readIdx } from "./idx";
import { makeDataset } from "./makeDataset";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of `loadMnist` and `loadFashionMnist` (the book's load_mnist arguments). */
export interface LoadMnistOptions {
  /** Pixels scaled to [0, 1] (true, default) or kept as 0..255 floats. */
  readonly normalize?: boolean;
  /** Samples of [784] (true) or NCHW images [1, 28, 28] (false, default). */
  readonly flatten?: boolean;
  /** Makes `batchTensors` return one-hot labels by default (labels stay integers). */
  readonly oneHot?: boolean;
  /** Keep only the first n training samples (the whole set when absent). */
  readonly trainLimit?: number;
  /** Keep only the first n test samples. */
  readonly testLimit?: number;
  /** The folder with the four IDX files (plain or .gz); each loader has its default. */
  readonly dir?: string;
}

/** The option names of LoadMnistOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default. @internal */
export const LOAD_MNIST_KEYS = optionKeys<LoadMnistOptions>({
  normalize: true,
  flatten: true,
  oneHot: true,
  trainLimit: true,
  testLimit: true,
  dir: true,
});

/** A train/test pair, as load_mnist returns it. */
export interface TrainTest {
  readonly train: Dataset;
  readonly test: Dataset;
}

/** The standard file names of an MNIST-style folder. @internal */
export const IDX_FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

// Scaled pixels by file and scale, so repeated loads share one Float32Array (188 MB for the
// MNIST training set) instead of making another.
const floatCache = new WeakMap<Uint8Array, Map<number, Float32Array>>();

function toFloats(bytes: Uint8Array, scale: number): Float32Array {
  let byScale = floatCache.get(bytes);
  if (!byScale) floatCache.set(bytes, (byScale = new Map()));
  let out = byScale.get(scale);
  if (!out) {
    out = new Float32Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] * scale;
    byScale.set(scale, out);
  }
  return out;
}

/** Finds `name` or `name.gz` in dir. @internal */
export function findIdxFile(dir: string, name: string): string {
  const plain = platform.joinPath(dir, name);
  if (platform.exists(plain)) return plain;
  const gz = plain + ".gz";
  if (platform.exists(gz)) return gz;
  throw new DataFileError(plain, `missing (looked for ${name} and ${name}.gz in ${dir})`);
}

function checkLimit(where: string, name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
    throw new RangeError(`${where}: ${name} must be a positive integer, got ${typeof v === "number" ? v : describeValue(v)}`);
  return v;
}

function loadSplit(
  dir: string,
  imagesName: string,
  labelsName: string,
  setName: string,
  limit: number | undefined,
  opts: { normalize: boolean; flatten: boolean; oneHot: boolean; classNames: readonly string[] },
): Dataset {
  const imagesFile = findIdxFile(dir, imagesName);
  const labelsFile = findIdxFile(dir, labelsName);
  const images = readIdx(imagesFile, IDX_IMAGES_MAGIC);
  const labels = readIdx(labelsFile, IDX_LABELS_MAGIC);
  const [n, H, W] = images.dims;
  if (H !== 28 || W !== 28) throw new DataFileError(imagesFile, `expected images of 28x28, got ${H}x${W}`);
  if (labels.dims[0] !== n) throw new DataFileError(labelsFile, `holds ${labels.dims[0]} labels, but ${imagesFile} holds ${n} images`);
  const numClasses = opts.classNames.length;
  for (let i = 0; i < n; i++) {
    if (labels.data[i] >= numClasses)
      throw new DataFileError(labelsFile, `label ${labels.data[i]} at index ${i} is not a class 0..${numClasses - 1}`);
  }
  const count = limit === undefined ? n : Math.min(limit, n);
  const x = toFloats(images.data, opts.normalize ? 1 / 255 : 1);
  return makeDataset({
    name: setName,
    x: x.subarray(0, count * H * W),
    labels: labels.data.subarray(0, count),
    sampleShape: opts.flatten ? [H * W] : [1, H, W],
    numClasses,
    classNames: opts.classNames,
    oneHot: opts.oneHot,
  });
}

/**
 * Loads an MNIST-style folder as train/test Datasets. Shared by loadMnist/loadFashionMnist.
 * @internal
 */
export function loadIdxPair(
  where: string,
  label: string,
  defaultDir: () => string,
  classNames: readonly string[],
  options: LoadMnistOptions,
): TrainTest {
  if (typeof options !== "object" || options === null) throw new TypeError(`${where}: options must be an object, got ${String(options)}`);
  checkOptions(where, options, LOAD_MNIST_KEYS);
  const { normalize = true, flatten = false, oneHot = false } = options;
  for (const [k, v] of Object.entries({ normalize, flatten, oneHot })) {
    if (typeof v !== "boolean") throw new TypeError(`${where}: ${k} must be a boolean, got ${String(v)}`);
  }
  const trainLimit = checkLimit(where, "trainLimit", options.trainLimit);
  const testLimit = checkLimit(where, "testLimit", options.testLimit);
  if (options.dir !== undefined && typeof options.dir !== "string")
    throw new TypeError(`${where}: dir must be a string, got ${typeof options.dir}`);
  const dir = options.dir ?? defaultDir();
  const opts = { normalize, flatten, oneHot, classNames };
  return {
    train: loadSplit(dir, IDX_FILES.trainImages, IDX_FILES.trainLabels, `${label} train`, trainLimit, opts),
    test: loadSplit(dir, IDX_FILES.testImages, IDX_FILES.testLabels, `${label} test`, testLimit, opts),
  };
}
