import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { SoftmaxWithLoss } from "../../lib/layers/softmaxWithLoss";
import { expectClose } from "../helpers/expectClose";
import { numericalGradient64, seededArray } from "../helpers/numericalGradient";

/** Float64 mean cross-entropy of softmax(x) with the book's 1e-7 guard; labels t. */
function loss64(x: Float64Array, t: readonly number[], N: number, C: number): number {
  let L = 0;
  for (let n = 0; n < N; n++) {
    const row = x.subarray(n * C, (n + 1) * C);
    const m = Math.max(...row);
    let s = 0;
    for (const v of row) s += Math.exp(v - m);
    L -= Math.log(Math.exp(row[t[n]] - m) / s + 1e-7);
  }
  return L / N;
}

describe("SoftmaxWithLoss", () => {
  test("forward on hand-computed values; y is the softmax; backward is (y - t) / N", () => {
    const layer = new SoftmaxWithLoss();
    const x = tf.tensor2d([
      [0, 0],
      [Math.log(3), 0],
    ]); // softmax rows [0.5, 0.5] and [0.75, 0.25]
    const t = tf.tensor1d([0, 1], "int32");
    const loss = layer.forward(x, t);
    expect(loss.shape).toEqual([]);
    expectClose(loss, [(-Math.log(0.5 + 1e-7) - Math.log(0.25 + 1e-7)) / 2]);
    expectClose(layer.y!, [0.5, 0.5, 0.75, 0.25]);
    const dx = layer.backward();
    expectClose(dx, [(0.5 - 1) / 2, 0.5 / 2, 0.75 / 2, (0.25 - 1) / 2]);
    const dx3 = layer.backward(3);
    expectClose(dx3, [-0.75, 0.75, 1.125, -1.125]);
    tf.dispose([x, t, loss, dx, dx3]);
    layer.dispose();
  });

  test("labels as int32, as float, and as one-hot give the same loss and gradient", () => {
    const xv = seededArray(12, 31, -3, 3);
    const x = tf.tensor2d(Float32Array.from(xv), [3, 4]);
    const labels = [2, 0, 3];
    const ts = [
      tf.tensor1d(labels, "int32"),
      tf.tensor1d(labels, "float32"),
      tf.oneHot(tf.tensor1d(labels, "int32"), 4),
      tf.cast(tf.oneHot(tf.tensor1d(labels, "int32"), 4), "float32"),
    ];
    const expected = loss64(Float64Array.from(xv), labels, 3, 4);
    const layer = new SoftmaxWithLoss();
    for (const t of ts) {
      const loss = layer.forward(x, t);
      expectClose(loss, [expected]);
      const dx = layer.backward();
      const oneHot = tf.oneHot(tf.tensor1d(labels, "int32"), 4);
      const g = tf.grad((a: tf.Tensor) => tf.losses.softmaxCrossEntropy(oneHot, a))(x);
      expectClose(dx, g);
      tf.dispose([loss, dx, g, oneHot]);
    }
    tf.dispose([x, ...ts]);
    layer.dispose();
  });

  test("backward matches a float64 numerical gradient of the guarded loss", () => {
    const [N, C] = [3, 5];
    const xv = seededArray(N * C, 32, -2, 2);
    const labels = [4, 1, 1];
    const x = tf.tensor2d(Float32Array.from(xv), [N, C]);
    const t = tf.tensor1d(labels, "int32");
    const layer = new SoftmaxWithLoss();
    const loss = layer.forward(x, t);
    const dx = layer.backward();
    const num = numericalGradient64((v) => loss64(v, labels, N, C), Float64Array.from(xv));
    expectClose(dx, num, { atol: 1e-5 });
    tf.dispose([x, t, loss, dx]);
    layer.dispose();
  });

  test("large scores stay finite (the softmax subtracts the max)", () => {
    const layer = new SoftmaxWithLoss();
    const x = tf.tensor2d([[1010, 1000, 990]]);
    const t = tf.tensor1d([1], "int32");
    const loss = layer.forward(x, t);
    const p1 = Math.exp(-10) / (1 + Math.exp(-10) + Math.exp(-20));
    expectClose(loss, [-Math.log(p1 + 1e-7)]); // 9.9978: the 1e-7 guard matters at this size
    const dx = layer.backward();
    expect(Array.from(dx.dataSync()).every(Number.isFinite)).toBe(true);
    // a certain wrong prediction costs -log(1e-7), not Infinity
    const t0 = tf.tensor1d([2], "int32");
    const x2 = tf.tensor2d([[0, 0, -1000]]);
    const loss2 = layer.forward(x2, t0);
    expectClose(loss2, [-Math.log(1e-7)], { rtol: 1e-3 });
    tf.dispose([x, t, loss, dx, t0, x2, loss2]);
    layer.dispose();
  });

  test("errors: x shape, t shape, labels out of range or not integers, backward before forward", () => {
    const layer = new SoftmaxWithLoss("Loss");
    expect(() => layer.backward()).toThrow('SoftmaxWithLoss "Loss" backward: called before forward');
    const x = tf.zeros([2, 3]);
    const x3 = tf.zeros([2, 3, 1]);
    const t = tf.tensor1d([0, 1], "int32");
    expect(() => layer.forward(x3, t)).toThrow(ShapeError);
    expect(() => layer.forward(x3, t)).toThrow('SoftmaxWithLoss "Loss" forward: x must be rank 2 [N, classes], got shape [2, 3, 1]');
    const t3 = tf.tensor1d([0, 1, 2], "int32");
    expect(() => layer.forward(x, t3)).toThrow(
      'SoftmaxWithLoss "Loss" forward: t must be integer labels [2] or one-hot [2, 3], got shape [3]',
    );
    const tBig = tf.tensor1d([0, 3], "int32");
    expect(() => layer.forward(x, tBig)).toThrow(RangeError);
    expect(() => layer.forward(x, tBig)).toThrow(
      'SoftmaxWithLoss "Loss" forward: t must hold integer class labels in [0, 3), got 3 at index 1',
    );
    const tFrac = tf.tensor1d([0.5, 1]);
    expect(() => layer.forward(x, tFrac)).toThrow("got 0.5 at index 0");
    const loss = layer.forward(x, t);
    expect(() => layer.backward(NaN)).toThrow('SoftmaxWithLoss "Loss" backward: dout must be a finite number');
    tf.dispose([x, x3, t, t3, tBig, tFrac, loss]);
    layer.dispose();
  });

  test("no tensors leak: repeated steps, then dispose; failed forwards leave nothing", () => {
    const x = tf.randomNormal([4, 3], 0, 1, "float32", 3);
    const t = tf.tensor1d([0, 2, 1, 1], "int32");
    const bad = tf.tensor1d([0, 2, 1, 7], "int32");
    const before = tf.memory().numTensors;
    const layer = new SoftmaxWithLoss();
    for (let i = 0; i < 5; i++) {
      const loss = layer.forward(x, t);
      tf.dispose([loss, layer.backward()]);
    }
    expect(() => layer.forward(x, bad)).toThrow(RangeError);
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(layer.y).toBeUndefined();
    tf.dispose([x, t, bad]);
  });
});
