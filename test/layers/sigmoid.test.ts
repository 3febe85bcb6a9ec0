import * as tf from "@tensorflow/tfjs-core";
import { Sigmoid } from "../../lib/layers/sigmoidLayer";
import { expectClose } from "../helpers/expectClose";
import { numericalGradient64, seededArray } from "../helpers/numericalGradient";

const sig64 = (v: number) => 1 / (1 + Math.exp(-v));

describe("Sigmoid", () => {
  test("forward and backward on hand-computed values; the local gradient peaks at 0.25", () => {
    const layer = new Sigmoid();
    const x = tf.tensor2d([[0, 2, -2]]);
    const y = layer.forward(x);
    expectClose(y, [0.5, 0.8807970779778823, 0.11920292202211755]);
    const ones = tf.ones([1, 3]);
    const dx = layer.backward(ones);
    expectClose(dx, [0.25, 0.10499358540350662, 0.10499358540350662]);
    expect(Math.max(...dx.dataSync())).toBeLessThanOrEqual(0.25);
    tf.dispose([x, y, ones, dx]);
    layer.dispose();
  });

  test("backward matches tf.grad and a float64 numerical gradient", () => {
    const xv = seededArray(10, 9, -4, 4);
    const dv = seededArray(10, 10);
    const x = tf.tensor2d(Float32Array.from(xv), [2, 5]);
    const dout = tf.tensor2d(Float32Array.from(dv), [2, 5]);
    const layer = new Sigmoid("Sig1");
    const y = layer.forward(x);
    const dx = layer.backward(dout);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.sigmoid(a), dout)))(x);
    expectClose(dx, g);
    const num = numericalGradient64((v) => v.reduce((s, xi, i) => s + sig64(xi) * dv[i], 0), Float64Array.from(xv));
    expectClose(dx, num, { atol: 1e-6 });
    tf.dispose([x, dout, y, dx, g]);
    layer.dispose();
  });

  test("the caller may dispose the output before backward", () => {
    const layer = new Sigmoid();
    const x = tf.tensor1d([1]);
    layer.forward(x).dispose();
    const d = tf.ones([1]);
    const dx = layer.backward(d);
    expectClose(dx, [sig64(1) * (1 - sig64(1))]);
    tf.dispose([x, d, dx]);
    layer.dispose();
  });

  test("errors", () => {
    const layer = new Sigmoid("Sig1");
    const d = tf.zeros([3]);
    expect(() => layer.backward(d)).toThrow('Sigmoid "Sig1" backward: called before forward');
    const y = layer.forward(d);
    const bad = tf.zeros([1, 3]);
    expect(() => layer.backward(bad)).toThrow('Sigmoid "Sig1" backward: dout must be the shape forward returned [3], got shape [1, 3]');
    tf.dispose([d, y, bad]);
    layer.dispose();
  });

  test("no tensors leak over repeated steps", () => {
    const x = tf.tensor1d([-1, 2]);
    const before = tf.memory().numTensors;
    const layer = new Sigmoid();
    for (let i = 0; i < 5; i++) {
      const y = layer.forward(x);
      tf.dispose([y, layer.backward(y)]);
    }
    expect(tf.memory().numTensors).toBe(before + 1);
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
