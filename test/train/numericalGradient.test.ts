import * as tf from "@tensorflow/tfjs-core";
import { numericalGradient } from "../../lib/train/numericalGradient";
import { expectClose } from "../helpers/expectClose";

describe("numericalGradient", () => {
  test("the book's function f = sum(W^2) has gradient 2W, and W is restored exactly", () => {
    const W = tf.variable(
      tf.tensor2d([
        [3, -1.5],
        [0.25, 4],
      ]),
    );
    const before = Array.from(W.dataSync());
    const f = () => tf.tidy(() => tf.sum(tf.square(W)).dataSync()[0]);
    const g = numericalGradient(f, W);
    expectClose(
      g,
      tf.tensor2d([
        [6, -3],
        [0.5, 8],
      ]),
      { atol: 1e-2 },
    );
    expect(g.shape).toEqual([2, 2]);
    expect(Array.from(W.dataSync())).toEqual(before);
    tf.dispose([W, g]);
  });

  test("a cubic with h = 1e-2 is accurate to h^2 (centered difference)", () => {
    const W = tf.variable(tf.tensor1d([0.5, -2]));
    const f = () => tf.tidy(() => tf.sum(tf.pow(W, 3)).dataSync()[0]);
    const g = numericalGradient(f, W, 1e-2);
    // d/dw w^3 = 3 w^2; the centered difference adds h^2 exactly for a cubic
    expectClose(g, [3 * 0.25 + 1e-4, 3 * 4 + 1e-4], { atol: 2e-3 });
    tf.dispose([W, g]);
  });

  test("no tensor is leaked and the param is restored when f throws", () => {
    const W = tf.variable(tf.tensor1d([1, 2, 3]));
    const before = tf.memory().numTensors;
    const f = () => tf.tidy(() => tf.sum(tf.mul(W, W)).dataSync()[0]);
    numericalGradient(f, W).dispose();
    expect(tf.memory().numTensors).toBe(before);
    let calls = 0;
    expect(() =>
      numericalGradient(() => {
        if (++calls === 3) throw new Error("boom");
        return 0;
      }, W),
    ).toThrow("boom");
    expect(Array.from(W.dataSync())).toEqual([1, 2, 3]);
    expect(tf.memory().numTensors).toBe(before);
    W.dispose();
  });

  test("bad arguments are named", () => {
    const W = tf.variable(tf.tensor1d([1]));
    expect(() => numericalGradient(() => 0, W, 0)).toThrow("numericalGradient: h must be a finite number > 0, got 0");
    expect(() => numericalGradient(() => 0, tf.zeros([1]) as unknown as tf.Variable)).toThrow(/param must be a tf.Variable/);
    expect(() => numericalGradient(() => "x" as unknown as number, W)).toThrow(/f must return a number/);
    W.dispose();
  });
});
