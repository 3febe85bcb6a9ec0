import * as tf from "@tensorflow/tfjs-core";
import { SimpleConvNet } from "../../lib/nets/simpleConvNet";
import { gradientCheck } from "../../lib/train/gradientCheck";
import { seededArray } from "../helpers/numericalGradient";
import { verdict } from "../helpers/verdict";

describe("SimpleConvNet", () => {
  test("the book's layers, output shapes and parameter count", () => {
    const net = new SimpleConvNet({ seed: 1 });
    expect(net.summary().map((r) => [r.name, r.type, r.outputShape, r.params])).toEqual([
      ["Conv1", "Convolution", [null, 30, 24, 24], 30 * 1 * 5 * 5 + 30],
      ["Relu1", "Relu", [null, 30, 24, 24], 0],
      ["Pool1", "Pooling", [null, 30, 12, 12], 0],
      ["Affine1", "Affine", [null, 100], 30 * 12 * 12 * 100 + 100],
      ["Relu2", "Relu", [null, 100], 0],
      ["Affine2", "Affine", [null, 10], 100 * 10 + 10],
    ]);
    expect(net.paramCount()).toBe(780 + 432100 + 1010);
    net.dispose();
  });

  test("gradient check passes on 2 images (a sample of entries per param)", () => {
    const net = new SimpleConvNet({ inputShape: [1, 12, 12], filterNum: 4, filterSize: 3, hiddenSize: 10, weightInitStd: 0.3, seed: 2 });
    const x = tf.tensor4d(Float32Array.from(seededArray(2 * 144, 3, 0, 1)), [2, 1, 12, 12]);
    const t = tf.tensor1d([3, 7], "int32");
    const report = gradientCheck(net, x, t, { maxEntries: 15 });
    expect(verdict(report)).toBe("pass");
    tf.dispose([x, t]);
    net.dispose();
  });

  test("a forward + backward leaks no tensor; predict gives [N, 10]", () => {
    const net = new SimpleConvNet({ seed: 3 });
    const x = tf.tensor4d(Float32Array.from(seededArray(2 * 784, 4, 0, 1)), [2, 1, 28, 28]);
    const t = tf.tensor1d([1, 2], "int32");
    net.gradient(x, t);
    const before = tf.memory().numTensors;
    net.gradient(x, t);
    const y = net.predict(x);
    expect(y.shape).toEqual([2, 10]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, t]);
    net.dispose();
  });
});
