import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { softmax } from "../../lib/functions/softmax";
import { expectClose } from "../helpers/expectClose";
import { seededArray } from "../helpers/numericalGradient";

describe("softmax", () => {
  test("the book's example, and each row sums to 1", () => {
    const x = tf.tensor1d([0.3, 2.9, 4.0]);
    const y = softmax(x);
    expectClose(y, [0.01821127329554753, 0.2451918129350739, 0.7365969137693786]);
    const x2 = tf.tensor2d(Float32Array.from(seededArray(12, 41, -5, 5)), [3, 4]);
    const y2 = softmax(x2);
    expectClose(tf.sum(y2, 1), [1, 1, 1]);
    expectClose(y2, tf.softmax(x2));
    tf.dispose([x, y, x2, y2]);
  });

  test("large scores do not overflow", () => {
    const x = tf.tensor1d([1010, 1000, 990]);
    const y = softmax(x);
    expectClose(y, [0.9999545, 4.5397868e-5, 2.06106e-9], { atol: 1e-7 });
    tf.dispose([x, y]);
  });

  test("a scalar is rejected; no tensors leak", () => {
    const s = tf.scalar(1);
    expect(() => softmax(s)).toThrow(ShapeError);
    expect(() => softmax(s)).toThrow("softmax: x must be rank >= 1 (softmax is taken along the last axis), got shape []");
    const x = tf.tensor2d([[1, 2]]);
    const before = tf.memory().numTensors;
    softmax(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([s, x]);
  });
});
