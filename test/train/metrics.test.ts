import * as tf from "@tensorflow/tfjs-core";
import type { Dataset } from "../../lib/data/dataset";
import { toMimeBundle } from "../../lib/host";
import { Affine } from "../../lib/layers/affine";
import { Dropout } from "../../lib/layers/dropout";
import { SoftmaxWithLoss } from "../../lib/layers/softmaxWithLoss";
import { Sequential } from "../../lib/nets/sequential";
import { accuracy } from "../../lib/train/accuracy";
import { confusionMatrix } from "../../lib/train/confusionMatrix";
import { predictClasses } from "../../lib/train/predictClasses";

/**
 * A net whose prediction is known in closed form: scores = x (identity Affine), so the
 * predicted class is the argmax of the input row. A Dropout proves eval mode is used (in train
 * mode it would zero scores at random).
 */
function identityNet(): Sequential {
  return new Sequential(
    [new Affine(tf.eye(3), tf.zeros([3]), "Affine1"), new Dropout({ ratio: 0.9, seed: 1, name: "Dropout1" })],
    new SoftmaxWithLoss(),
    {
      name: "Identity",
      inputShape: [3],
    },
  );
}

// rows: predicted class = argmax; labels chosen so the confusion matrix is known
const rows = [
  [1, 0, 0], // pred 0
  [0, 1, 0], // pred 1
  [0, 0, 1], // pred 2
  [0, 1, 0], // pred 1
  [0, 2, 1], // pred 1
  [5, 0, 0], // pred 0
  [0, 0, 3], // pred 2
];
const labels = [0, 1, 2, 0, 2, 0, 2];
// true\pred: 0 -> {0: 2, 1: 1}; 1 -> {1: 1}; 2 -> {1: 1, 2: 2}

function dataset(): Dataset {
  return {
    name: "known",
    x: Float32Array.from(rows.flat()),
    labels: Uint8Array.from(labels),
    sampleShape: [3],
    length: rows.length,
    numClasses: 3,
    classNames: ["zero", "one", "two"],
  };
}

describe("accuracy and confusionMatrix", () => {
  test("predictClasses: the argmax of every row, in eval mode, from a Dataset or tensors, any batch size, no leak", () => {
    const net = identityNet();
    const x = tf.tensor2d(rows);
    const t = tf.tensor1d(labels, "int32");
    predictClasses(net, dataset());
    const before = tf.memory().numTensors;
    for (const batchSize of [1, 3, 500]) {
      expect(Array.from(predictClasses(net, dataset(), { batchSize }))).toEqual([0, 1, 2, 1, 1, 0, 2]);
      expect(Array.from(predictClasses(net, { x, t }, { batchSize }))).toEqual([0, 1, 2, 1, 1, 0, 2]);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(() => predictClasses(net, dataset(), { batchSize: 0 })).toThrow(/predictClasses: batchSize must be a positive integer, got 0/);
    tf.dispose([x, t]);
    net.dispose();
  });

  test("accuracy on a Dataset and on tensors (labels or one-hot), any batch size, no leak", () => {
    const net = identityNet();
    const x = tf.tensor2d(rows);
    const t = tf.tensor1d(labels, "int32");
    const oneHot = tf.oneHot(t, 3);
    accuracy(net, dataset()); // the layers' caches (kept for a backward) exist from here on
    const before = tf.memory().numTensors;
    for (const batchSize of [1, 3, 100]) {
      expect(accuracy(net, dataset(), { batchSize })).toBeCloseTo(5 / 7, 10);
      expect(accuracy(net, { x, t }, { batchSize })).toBeCloseTo(5 / 7, 10);
      expect(accuracy(net, { x, t: oneHot }, { batchSize })).toBeCloseTo(5 / 7, 10);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(() => accuracy(net, dataset(), { batchSize: 0 })).toThrow("accuracy: batchSize must be a positive integer, got 0");
    expect(() => accuracy(net, { x, t: tf.zeros([2], "int32") })).toThrow(
      /accuracy: t must be labels \[7\] or one-hot \[7, classes\], got shape \[2\]/,
    );
    tf.dispose([x, t, oneHot]);
    net.dispose();
  });

  test("confusionMatrix counts true against predicted, per class accuracy, and displays a table", () => {
    const net = identityNet();
    const cm = confusionMatrix(net, dataset(), { batchSize: 2 });
    expect(cm.matrix).toEqual([
      [2, 1, 0],
      [0, 1, 0],
      [0, 1, 2],
    ]);
    expect(cm.classNames).toEqual(["zero", "one", "two"]);
    expect(cm.perClassAccuracy[0]).toBeCloseTo(2 / 3, 10);
    expect(cm.perClassAccuracy[1]).toBe(1);
    expect(cm.perClassAccuracy[2]).toBeCloseTo(2 / 3, 10);
    expect(cm.accuracy).toBeCloseTo(5 / 7, 10);
    const text = cm[toMimeBundle]()["text/plain"] as string;
    expect(text.split("\n")[0]).toBe("confusion matrix: 7 samples, accuracy 71.43%");
    expect(text).toMatch(/^two\s+0\s+1\s+2\s+66\.7%$/m);
    net.dispose();
  });
});
