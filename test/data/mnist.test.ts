import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import * as tf from "@tensorflow/tfjs-core";
import {
  FASHION_MNIST_SYSTEM_DIR,
  batchTensors,
  loadFashionMnist,
  loadMnist,
  makeDataset,
  mnistDataDir,
  subset,
  take,
} from "../../lib/data";
import { DataFileError } from "../../lib/errors";
import { Rng } from "../../lib/random";

// Independent of lib/data: the raw bytes of the first training image, straight from the file.
function rawFirstImageSum(file: string, gz = false): number {
  const bytes = gz ? zlib.gunzipSync(fs.readFileSync(file)) : fs.readFileSync(file);
  let s = 0;
  for (let i = 16; i < 16 + 784; i++) s += bytes[i];
  return s;
}

function sum(xs: ArrayLike<number>, from = 0, to = xs.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i];
  return s;
}

describe("loadMnist on the real files", () => {
  test("counts, labels, pixel range and the first image", () => {
    const { train, test } = loadMnist();
    expect(train.length).toBe(60000);
    expect(test.length).toBe(10000);
    expect(train.name).toBe("MNIST train");
    expect(train.sampleShape).toEqual([1, 28, 28]);
    expect(train.x.length).toBe(60000 * 784);
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(test.labels[0]).toBe(7);
    expect(train.numClasses).toBe(10);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < 784 * 100; i++) {
      min = Math.min(min, train.x[i]);
      max = Math.max(max, train.x[i]);
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    const expected = rawFirstImageSum(path.join(mnistDataDir(), "train-images-idx3-ubyte"));
    expect(expected).toBeGreaterThan(0);
    expect(Math.abs(sum(train.x, 0, 784) - expected / 255)).toBeLessThan(1e-3);
    // Class counts of the training set sum up and every digit is common.
    const counts = new Array(10).fill(0);
    for (const l of train.labels) counts[l]++;
    expect(sum(counts)).toBe(60000);
    expect(Math.min(...counts)).toBeGreaterThan(5000);
  });

  test("normalize false, flatten, limits, and a second call reuses the parsed data", () => {
    const a = loadMnist({ normalize: false, flatten: true, trainLimit: 100, testLimit: 10 });
    expect(a.train.length).toBe(100);
    expect(a.test.length).toBe(10);
    expect(a.train.sampleShape).toEqual([784]);
    expect(sum(a.train.x, 0, 784)).toBe(rawFirstImageSum(path.join(mnistDataDir(), "train-images-idx3-ubyte")));
    const t0 = Date.now();
    const b = loadMnist({ normalize: false, trainLimit: 100 });
    expect(Date.now() - t0).toBeLessThan(200);
    expect(b.train.x.buffer).toBe(a.train.x.buffer);
  });

  test("oneHot sets the batch default; labels stay integer", () => {
    const { train } = loadMnist({ oneHot: true, trainLimit: 10 });
    expect(train.labels).toBeInstanceOf(Uint8Array);
    const { x, t } = batchTensors(train, [0, 1]);
    expect(t.shape).toEqual([2, 10]);
    expect(Array.from(t.dataSync().slice(0, 10))).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    const plain = batchTensors(train, [0, 1], { oneHot: false });
    expect(plain.t.dtype).toBe("int32");
    tf.dispose([x, t, plain.x, plain.t]);
  });
});

describe("loadFashionMnist on the real (Debian dataset-fashion-mnist) files", () => {
  test("counts, class names, first labels, first image", () => {
    const { train, test } = loadFashionMnist({ flatten: true });
    expect(train.length).toBe(60000);
    expect(test.length).toBe(10000);
    expect(train.classNames[train.labels[0]]).toBe("Ankle boot");
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([9, 0, 0, 3, 0]);
    expect(Array.from(test.labels.subarray(0, 3))).toEqual([9, 2, 1]);
    const expected = rawFirstImageSum(path.join(FASHION_MNIST_SYSTEM_DIR, "train-images-idx3-ubyte.gz"), true);
    expect(Math.abs(sum(train.x, 0, 784) - expected / 255)).toBeLessThan(1e-3);
  });

  test("a folder without the files is a DataFileError with the fix", () => {
    expect(() => loadFashionMnist({ dir: "/nonexistent-nnlab" })).toThrow(DataFileError);
    const saved = process.env.NNLAB_FASHION_MNIST_DIR;
    process.env.NNLAB_FASHION_MNIST_DIR = "/nonexistent-nnlab-env";
    try {
      expect(() => loadFashionMnist()).toThrow("/nonexistent-nnlab-env/train-images-idx3-ubyte: missing");
    } finally {
      if (saved === undefined) delete process.env.NNLAB_FASHION_MNIST_DIR;
      else process.env.NNLAB_FASHION_MNIST_DIR = saved;
    }
  });
});

describe("batchTensors, subset, take", () => {
  const toy = makeDataset({
    name: "toy",
    x: Float32Array.from({ length: 5 * 4 }, (_, i) => i),
    labels: Uint8Array.of(0, 1, 2, 1, 0),
    sampleShape: [1, 2, 2],
    numClasses: 3,
  });

  test("batch shapes, values, dtypes and no leak", () => {
    const before = tf.memory().numTensors;
    const { x, t } = batchTensors(toy, [4, 0]);
    expect(x.shape).toEqual([2, 1, 2, 2]);
    expect(x.dtype).toBe("float32");
    expect(Array.from(x.dataSync())).toEqual([16, 17, 18, 19, 0, 1, 2, 3]);
    expect(t.shape).toEqual([2]);
    expect(t.dtype).toBe("int32");
    expect(Array.from(t.dataSync())).toEqual([0, 0]);
    const hot = batchTensors(toy, Int32Array.of(2, 1), { oneHot: true });
    expect(hot.t.shape).toEqual([2, 3]);
    expect(hot.t.dtype).toBe("float32");
    expect(Array.from(hot.t.dataSync())).toEqual([0, 0, 1, 0, 1, 0]);
    tf.dispose([x, t, hot.x, hot.t]);
    expect(tf.memory().numTensors).toBe(before);
  });

  test("real MNIST batch of 100 random indices", () => {
    const { train } = loadMnist();
    const idx = new Rng(0).permutation(train.length).subarray(0, 100);
    const { x, t } = batchTensors(train, idx, { oneHot: true });
    expect(x.shape).toEqual([100, 1, 28, 28]);
    expect(t.shape).toEqual([100, 10]);
    expect(sum(t.dataSync())).toBe(100);
    tf.dispose([x, t]);
  });

  test("subset by count shares memory; by indices copies in order; take clamps", () => {
    const first = subset(toy, 2);
    expect(first.length).toBe(2);
    expect(first.x.buffer).toBe(toy.x.buffer);
    expect(first.name).toBe("toy[0:2]");
    const picked = subset(toy, [3, 1], "picked");
    expect(picked.name).toBe("picked");
    expect(Array.from(picked.labels)).toEqual([1, 1]);
    expect(Array.from(picked.x)).toEqual([12, 13, 14, 15, 4, 5, 6, 7]);
    expect(picked.x.buffer).not.toBe(toy.x.buffer);
    expect(take(toy, 100).length).toBe(5);
    expect(take(toy, 3).classNames).toEqual(["0", "1", "2"]);
  });

  test("errors", () => {
    expect(() => batchTensors(toy, [5])).toThrow('batchTensors: index 5 at position 0 is outside "toy" (0..4)');
    expect(() => batchTensors(toy, [1.5])).toThrow(RangeError);
    expect(() => batchTensors({} as typeof toy, [0])).toThrow(TypeError);
    expect(() => subset(toy, 6)).toThrow('subset: count must be an integer in [0, 5] for "toy", got 6');
    expect(() => subset(toy, [-1])).toThrow(RangeError);
    expect(() => take(toy, -1)).toThrow(RangeError);
    expect(() => makeDataset({ name: "bad", x: new Float32Array(3), labels: Uint8Array.of(0), sampleShape: [4], numClasses: 2 })).toThrow(
      'makeDataset "bad": x must be 1 samples of [4] (4 values), got shape [3]',
    );
    expect(() => makeDataset({ name: "bad", x: new Float32Array(4), labels: Uint8Array.of(2), sampleShape: [4], numClasses: 2 })).toThrow(
      "label 2 at sample 0 is not below numClasses 2",
    );
  });
});
