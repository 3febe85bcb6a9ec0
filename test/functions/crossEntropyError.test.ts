import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { crossEntropyError } from "../../lib/functions/crossEntropyError";
import { expectClose } from "../helpers/expectClose";

const yBook = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];

describe("crossEntropyError", () => {
  test("the book's examples: one sample with a one-hot t or a label", () => {
    const y = tf.tensor1d(yBook);
    const oneHot2 = tf.reshape(tf.oneHot(tf.tensor1d([2], "int32"), 10), [10]);
    const cases: Array<[tf.Tensor, number]> = [
      [oneHot2, -Math.log(0.6 + 1e-7)],
      [tf.scalar(2, "int32"), -Math.log(0.6 + 1e-7)],
      [tf.tensor1d([7], "int32"), -Math.log(0.1 + 1e-7)],
    ];
    for (const [t, expected] of cases) {
      const L = crossEntropyError(y, t);
      expectClose(L, [expected]);
      L.dispose();
    }
    expectClose(-Math.log(0.6 + 1e-7), [0.510825457099338]);
    tf.dispose([y, ...cases.map((c) => c[0])]);
  });

  test("a batch: the mean over samples; a probability of 0 gives -log(1e-7), not Infinity", () => {
    const y = tf.tensor2d([yBook, yBook]);
    const t = tf.tensor1d([2, 3], "int32");
    const L = crossEntropyError(y, t);
    expectClose(L, [(-Math.log(0.6 + 1e-7) - Math.log(1e-7)) / 2], { rtol: 1e-3 });
    tf.dispose([y, t, L]);
  });

  test("errors, and no tensors leak", () => {
    const y = tf.tensor2d([yBook]);
    const t = tf.tensor1d([2, 2], "int32");
    expect(() => crossEntropyError(y, t)).toThrow(ShapeError);
    expect(() => crossEntropyError(y, t)).toThrow("crossEntropyError: t must be integer labels [1] or one-hot [1, 10], got shape [2]");
    const y3 = tf.zeros([1, 1, 10]);
    expect(() => crossEntropyError(y3, t)).toThrow("crossEntropyError: y must be rank 2 [N, classes]");
    const tOut = tf.tensor1d([10], "int32");
    expect(() => crossEntropyError(y, tOut)).toThrow("crossEntropyError: t must hold integer class labels in [0, 10), got 10 at index 0");
    const t1 = tf.tensor1d([2], "int32");
    const before = tf.memory().numTensors;
    crossEntropyError(y, t1).dispose();
    expect(() => crossEntropyError(y, tOut)).toThrow(RangeError);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([y, t, y3, tOut, t1]);
  });
});

test("crossEntropyError: a rejected one-sample call leaks nothing either", () => {
  const y = tf.tensor1d(yBook);
  const tOut = tf.scalar(11, "int32");
  const before = tf.memory().numTensors;
  expect(() => crossEntropyError(y, tOut)).toThrow("got 11 at index 0");
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([y, tOut]);
});
