import { optionKeys } from "../options/checkOptions";
import type { AugmentOptions } from "./augment/augmentDataset";
import type { ImageOptions, RandomImageOptions } from "./augment/image";
import type { BatchOptions } from "./batchTensors";
import type { Dataset } from "./dataset";
import type { LoadMnistOptions } from "./idxDataset";
import type { DatasetParts } from "./makeDataset";

// The option names of the data loaders and augmentations, checked by checkOptions so a
// misspelt one (`rotate` for `rotation`) is an error instead of an unchanged copy. @internal

export const LOAD_MNIST_KEYS = optionKeys<LoadMnistOptions>({
  normalize: true,
  flatten: true,
  oneHot: true,
  trainLimit: true,
  testLimit: true,
  dir: true,
});
export const AUGMENT_KEYS = optionKeys<AugmentOptions>({
  copies: true,
  rotation: true,
  shift: true,
  scale: true,
  elastic: true,
  noise: true,
  cutout: true,
  seed: true,
});
export const ELASTIC_KEYS = optionKeys<NonNullable<AugmentOptions["elastic"]>>({ alpha: true, sigma: true });
export const IMAGE_KEYS = optionKeys<ImageOptions>({ height: true, width: true });
export const RANDOM_IMAGE_KEYS = optionKeys<RandomImageOptions>({ height: true, width: true, rng: true });
export const BATCH_KEYS = optionKeys<BatchOptions>({ oneHot: true });
// A Dataset is accepted as its own parts (its length is recomputed from the labels).
export const DATASET_PARTS_KEYS = optionKeys<DatasetParts & Pick<Dataset, "length">>({
  name: true,
  x: true,
  labels: true,
  sampleShape: true,
  numClasses: true,
  classNames: true,
  oneHot: true,
  length: true,
});
