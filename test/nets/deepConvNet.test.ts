import * as tf from "@tensorflow/tfjs-core";
import { toMimeBundle } from "../../lib/host";
import { DeepConvNet } from "../../lib/nets/deepConvNet";
import { gradientCheck } from "../../lib/train/gradientCheck";
import { seededArray } from "../helpers/numericalGradient";
import { verdict } from "../helpers/verdict";
import { std } from "../helpers/stats";

describe("DeepConvNet (the book's ch08/deep_convnet.py)", () => {
  test("layer list, output shapes and parameter count match the book", () => {
    const net = new DeepConvNet({ seed: 1 });
    const conv = (n: number, ch: number, side: number, inCh: number) => [
      `Conv${n}`,
      "Convolution",
      [null, ch, side, side],
      ch * inCh * 9 + ch,
    ];
    const relu = (n: number, shape: (number | null)[]) => [`Relu${n}`, "Relu", shape, 0];
    const pool = (n: number, ch: number, side: number) => [`Pool${n}`, "Pooling", [null, ch, side, side], 0];
    expect(net.summary().map((r) => [r.name, r.type, r.outputShape, r.params])).toEqual([
      conv(1, 16, 28, 1),
      relu(1, [null, 16, 28, 28]),
      conv(2, 16, 28, 16),
      relu(2, [null, 16, 28, 28]),
      pool(1, 16, 14),
      conv(3, 32, 14, 16),
      relu(3, [null, 32, 14, 14]),
      conv(4, 32, 16, 32),
      relu(4, [null, 32, 16, 16]), // pad 2 grows 14 -> 16
      pool(2, 32, 8),
      conv(5, 64, 8, 32),
      relu(5, [null, 64, 8, 8]),
      conv(6, 64, 8, 64),
      relu(6, [null, 64, 8, 8]),
      pool(3, 64, 4),
      ["Affine1", "Affine", [null, 50], 64 * 4 * 4 * 50 + 50],
      relu(7, [null, 50]),
      ["Dropout1", "Dropout", [null, 50], 0],
      ["Affine2", "Affine", [null, 10], 50 * 10 + 10],
      ["Dropout2", "Dropout", [null, 10], 0],
    ]);
    expect(net.paramCount()).toBe(123552);
    expect(net.lossLayer.name).toBe("SoftmaxWithLoss");
    const conv1 = net.layers[0] as unknown as { stride: number; pad: number };
    expect([conv1.stride, conv1.pad]).toEqual([1, 1]);
    expect((net.layers[0 + 7] as unknown as { pad: number }).pad).toBe(2); // Conv4
    const text = net[toMimeBundle]()["text/plain"] as string;
    expect(text.split("\n")[0]).toBe("DeepConvNet: input [N, 1, 28, 28], 123,552 params");
    expect(text).toMatch(/^Affine1\s+Affine\s+\[N, 50\]\s+51,250$/m);
    net.dispose();
  });

  test("He initialization with the book's pre_node_nums", () => {
    const net = new DeepConvNet({ seed: 2 });
    const p = net.params();
    const fanIns: Record<string, number> = {
      "Conv3.W": 16 * 9,
      "Conv5.W": 32 * 9,
      "Conv6.W": 64 * 9,
      "Affine1.W": 64 * 4 * 4,
      "Affine2.W": 50,
    };
    for (const [name, fanIn] of Object.entries(fanIns)) {
      const expected = Math.sqrt(2 / fanIn);
      expect(Math.abs(std(p[name]) - expected) / expected).toBeLessThan(0.08);
    }
    net.dispose();
  });

  test("gradient check on 2 images of 1x28x28 (dropout ratio 0 so forwards repeat; sampled entries)", () => {
    const net = new DeepConvNet({ seed: 3, dropoutRatio: 0 });
    const x = tf.tensor4d(Float32Array.from(seededArray(2 * 784, 4, 0, 1)), [2, 1, 28, 28]);
    const t = tf.tensor1d([3, 8], "int32");
    const report = gradientCheck(net, x, t, { maxEntries: 4 });
    expect(Object.keys(report.params)).toHaveLength(16);
    expect(verdict(report)).toBe("pass");
    tf.dispose([x, t]);
    net.dispose();
  });

  test("a training step leaks no tensor, im2col and fast convolutions agree", () => {
    const fast = new DeepConvNet({ seed: 5 });
    const slow = new DeepConvNet({ seed: 5, convImpl: "im2col" });
    const x = tf.tensor4d(Float32Array.from(seededArray(2 * 784, 6, 0, 1)), [2, 1, 28, 28]);
    const t = tf.tensor1d([0, 9], "int32");
    const a = fast.predict(x);
    const b = slow.predict(x);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0])).toBeLessThan(1e-4);
    tf.dispose([a, b]);
    fast.gradient(x, t);
    const before = tf.memory().numTensors;
    fast.gradient(x, t);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, t]);
    fast.dispose();
    slow.dispose();
  });
});
