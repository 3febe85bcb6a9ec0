import * as tf from "@tensorflow/tfjs-core";
import { diagnoseNumber, diagnoseTensor, unravelIndex } from "../../lib/lesson/diagnose";

describe("diagnoseTensor", () => {
  // Made once the backend is up (test/setup.ts picks it in a beforeAll).
  let expected: tf.Tensor;
  beforeAll(() => {
    expected = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });
  afterAll(() => expected.dispose());

  it("accepts a match within the tolerance", () => {
    expect(diagnoseTensor("y", tf.add(expected, 1e-6), expected)).toBeUndefined();
  });

  it("names a value that is not a tensor", () => {
    expect(diagnoseTensor("dx", undefined, expected)).toBe("dx is undefined: it should be a tensor of shape [2, 3]");
    expect(diagnoseTensor("dx", [1, 2], expected)).toBe("dx should be a tensor of shape [2, 3], got an array of length 2");
  });

  it("names shapes: transposed, with the batch axis, reshaped, other", () => {
    expect(diagnoseTensor("dW", tf.transpose(expected), expected)).toContain("has shape [3, 2] but should be [2, 3]: it looks transposed");
    expect(diagnoseTensor("db", tf.ones([4, 2, 3]), expected, { batch: 4 })).toContain("it still has the batch axis");
    expect(diagnoseTensor("y", tf.ones([6]), expected)).toContain("reshape them back to [2, 3]");
    expect(diagnoseTensor("y", tf.ones([5]), expected)).toBe("y has shape [5] but should be [2, 3]");
  });

  it("names the sign, the batch factor, a square transpose and the first wrong entry", () => {
    expect(diagnoseTensor("dx", tf.neg(expected), expected)).toContain("the wrong sign");
    expect(diagnoseTensor("dx", tf.mul(expected, 2), expected, { batch: 2 })).toBe(
      "dx is 2 times too large: divide by the batch size N = 2",
    );
    expect(diagnoseTensor("dx", tf.div(expected, 2), expected, { batch: 2 })).toContain("2 times too small");
    const square = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    expect(diagnoseTensor("dW", tf.transpose(square), square)).toContain("dW is transposed");
    const oneWrong = tf.tensor2d([
      [1, 2, 3],
      [4, 9, 6],
    ]);
    expect(diagnoseTensor("y", oneWrong, expected)).toBe("y is wrong at index [1, 1]: expected 5, got 9");
    expect(diagnoseTensor("y", tf.fill([2, 3], NaN), expected)).toBe("y is wrong at index [0, 0]: expected 1, got NaN");
  });

  it("prefers an exercise's own known mistakes", () => {
    const hint = diagnoseTensor("dx", tf.ones([2, 3]), expected, { mistakes: [{ value: tf.ones([2, 3]), hint: "multiply by dout" }] });
    expect(hint).toBe("dx: multiply by dout");
  });
});

describe("diagnoseNumber and unravelIndex", () => {
  it("compares numbers and scalar tensors", () => {
    expect(diagnoseNumber("loss", tf.scalar(2), 2)).toBeUndefined();
    expect(diagnoseNumber("loss", -2, 2)).toBe("loss has the wrong sign: expected 2, got -2");
    expect(diagnoseNumber("loss", "2", 2)).toBe('loss should be the number 2, got the string "2"');
  });

  it("turns a flat index into a multi-index", () => {
    expect(unravelIndex(5, [2, 3])).toEqual([1, 2]);
    expect(unravelIndex(7, [2, 2, 2])).toEqual([1, 1, 1]);
  });
});
