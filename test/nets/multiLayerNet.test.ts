import * as tf from "@tensorflow/tfjs-core";
import { MultiLayerNet } from "../../lib/nets/multiLayerNet";
import { gradientCheck } from "../../lib/train/gradientCheck";
import { seededArray } from "../helpers/numericalGradient";
import { verdict } from "../helpers/verdict";
import { std } from "../helpers/stats";

const x = () => tf.tensor2d(Float32Array.from(seededArray(6 * 10, 9)), [6, 10]);
const t = () => tf.tensor1d([0, 1, 2, 3, 1, 2], "int32");

describe("MultiLayerNet", () => {
  test("layer order per hidden layer: Affine, BatchNorm, activation, Dropout; then Affine", () => {
    const net = new MultiLayerNet({
      inputSize: 10,
      hiddenSizes: [8, 6],
      outputSize: 4,
      activation: "tanh",
      useBatchNorm: true,
      useDropout: true,
      seed: 1,
    });
    expect(net.layers.map((l) => l.name)).toEqual([
      "Affine1",
      "BatchNorm1",
      "Tanh1",
      "Dropout1",
      "Affine2",
      "BatchNorm2",
      "Tanh2",
      "Dropout2",
      "Affine3",
    ]);
    expect(Object.keys(net.params())).toEqual([
      "Affine1.W",
      "Affine1.b",
      "BatchNorm1.gamma",
      "BatchNorm1.beta",
      "Affine2.W",
      "Affine2.b",
      "BatchNorm2.gamma",
      "BatchNorm2.beta",
      "Affine3.W",
      "Affine3.b",
    ]);
    expect(Object.keys(net.state())).toEqual([
      "BatchNorm1.runningMean",
      "BatchNorm1.runningVar",
      "BatchNorm2.runningMean",
      "BatchNorm2.runningVar",
    ]);
    net.dispose();
  });

  test.each([
    ["relu", Math.sqrt(2 / 400)],
    ["he", Math.sqrt(2 / 400)],
    ["sigmoid", Math.sqrt(1 / 400)],
    ["xavier", Math.sqrt(1 / 400)],
    [0.05, 0.05],
  ] as const)("weightInit %s draws W with std %f (the book's formulas, fan-in 400)", (weightInit, expected) => {
    const net = new MultiLayerNet({ inputSize: 400, hiddenSizes: [300], outputSize: 10, weightInit, seed: 2 });
    const s = std(net.params()["Affine1.W"]);
    expect(Math.abs(s - expected) / expected).toBeLessThan(0.03);
    net.dispose();
  });

  test("gradient check with batch norm, dropout (ratio 0: every forward must use the same mask) and weight decay", () => {
    const net = new MultiLayerNet({
      inputSize: 10,
      hiddenSizes: [8, 7],
      outputSize: 4,
      useBatchNorm: true,
      useDropout: true,
      dropoutRatio: 0,
      weightDecayLambda: 0.1,
      seed: 4,
    });
    const xs = x();
    const ts = t();
    const stateBefore = Object.fromEntries(Object.entries(net.state()).map(([k, v]) => [k, Array.from(v.dataSync())]));
    const report = gradientCheck(net, xs, ts, { maxEntries: 20 });
    expect(verdict(report)).toBe("pass");
    // the check's train-mode forwards must not move the running statistics
    for (const [k, v] of Object.entries(net.state())) expect(Array.from(v.dataSync())).toEqual(stateBefore[k]);
    tf.dispose([xs, ts]);
    net.dispose();
  });

  test.each(["sigmoid", "tanh"] as const)("gradient check with %s activations", (activation) => {
    const net = new MultiLayerNet({
      inputSize: 10,
      hiddenSizes: [8],
      outputSize: 4,
      activation,
      weightInit: activation === "sigmoid" ? "sigmoid" : 0.5,
      seed: 5,
    });
    const xs = x();
    const ts = t();
    expect(verdict(gradientCheck(net, xs, ts, { maxEntries: 20 }))).toBe("pass");
    tf.dispose([xs, ts]);
    net.dispose();
  });

  test("a training step with batch norm and seeded dropout leaks no tensor", () => {
    const net = new MultiLayerNet({ inputSize: 10, hiddenSizes: [8, 8], outputSize: 4, useBatchNorm: true, useDropout: true, seed: 6 });
    const xs = x();
    const ts = t();
    // eval mode keeps fewer cached tensors than train mode, so measure after one full round
    net.gradient(xs, ts);
    net.predict(xs).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      net.gradient(xs, ts);
      net.predict(xs).dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xs, ts]);
    net.dispose();
  });

  test("bad options are named", () => {
    expect(() => new MultiLayerNet({ inputSize: 10, hiddenSizes: [8, 0], outputSize: 4 })).toThrow(
      "MultiLayerNet: hiddenSizes[1] must be a positive integer, got 0",
    );
    expect(() => new MultiLayerNet({ inputSize: 10, hiddenSizes: [8], outputSize: 4, activation: "gelu" as never })).toThrow(
      /activation must be "relu", "sigmoid" or "tanh", got "gelu"/,
    );
    expect(() => new MultiLayerNet({ inputSize: 10, hiddenSizes: [8], outputSize: 4, weightInit: "lecun" as never })).toThrow(
      /weightInit must be/,
    );
  });
});
