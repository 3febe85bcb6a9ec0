import * as tf from "@tensorflow/tfjs-core";
import { sigmoid } from "../../lib/functions/sigmoid";
import { expectClose } from "../helpers/expectClose";

describe("sigmoid", () => {
  test("numbers: hand values, and no overflow for large |x|", () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(1)).toBeCloseTo(0.7310585786300049, 12);
    expect(sigmoid(-1)).toBeCloseTo(0.2689414213699951, 12);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
  });

  test("tensors: elementwise, same shape", () => {
    const x = tf.tensor2d([
      [-1, 1],
      [2, 0],
    ]);
    const y = sigmoid(x);
    expect(y.shape).toEqual([2, 2]);
    expectClose(y, [0.2689414213699951, 0.7310585786300049, 0.8807970779778823, 0.5]);
    tf.dispose([x, y]);
  });

  test("other kinds are rejected", () => {
    expect(() => sigmoid([1, 2] as never)).toThrow(TypeError);
    expect(() => sigmoid([1, 2] as never)).toThrow("sigmoid: x must be a number or a tf.Tensor, got an array");
  });
});
