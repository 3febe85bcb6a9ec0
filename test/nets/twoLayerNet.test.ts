import * as tf from "@tensorflow/tfjs-core";
import { TwoLayerNet } from "../../lib/nets/twoLayerNet";
import { gradientCheck } from "../../lib/train/gradientCheck";
import { seededArray } from "../helpers/numericalGradient";
import { verdict } from "../helpers/verdict";
import { std } from "../helpers/stats";

describe("TwoLayerNet", () => {
  test("the book's layers, param names and shapes; weights N(0, 0.01^2), biases 0", () => {
    const net = new TwoLayerNet(784, 50, 10, { seed: 1 });
    expect(net.layers.map((l) => l.name)).toEqual(["Affine1", "Relu1", "Affine2"]);
    const p = net.params();
    expect(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.shape]))).toEqual({
      "Affine1.W": [784, 50],
      "Affine1.b": [50],
      "Affine2.W": [50, 10],
      "Affine2.b": [10],
    });
    expect(std(p["Affine1.W"])).toBeGreaterThan(0.009);
    expect(std(p["Affine1.W"])).toBeLessThan(0.011);
    expect(Array.from(p["Affine1.b"].dataSync()).every((v) => v === 0)).toBe(true);
    expect(net.paramCount()).toBe(784 * 50 + 50 + 50 * 10 + 10);
    net.dispose();
  });

  test("a seed makes the weights repeat; another seed changes them", () => {
    const a = new TwoLayerNet(6, 4, 3, { seed: 7 });
    const b = new TwoLayerNet(6, 4, 3, { seed: 7 });
    const c = new TwoLayerNet(6, 4, 3, { seed: 8 });
    const w = (n: TwoLayerNet) => Array.from(n.params()["Affine1.W"].dataSync());
    expect(w(b)).toEqual(w(a));
    expect(w(c)).not.toEqual(w(a));
    [a, b, c].forEach((n) => n.dispose());
  });

  test("gradient check passes (weightInitStd 1 so every gradient is well above float32 noise)", () => {
    const net = new TwoLayerNet(8, 6, 4, { weightInitStd: 0.5, seed: 3 });
    const x = tf.tensor2d(Float32Array.from(seededArray(5 * 8, 5)), [5, 8]);
    const t = tf.tensor1d([0, 1, 2, 3, 0], "int32");
    const report = gradientCheck(net, x, t, { maxEntries: Infinity });
    expect(verdict(report)).toBe("pass");
    tf.dispose([x, t]);
    net.dispose();
  });

  test("bad sizes are named", () => {
    expect(() => new TwoLayerNet(0, 50, 10)).toThrow("TwoLayerNet: inputSize must be a positive integer, got 0");
    expect(() => new TwoLayerNet(784, 50, 10, { weightInitStd: -1 })).toThrow(/weightInitStd must be a positive number/);
  });
});
