import * as tf from "@tensorflow/tfjs-core";
import { Tanh } from "../../lib/layers/tanh";
import { expectClose } from "../helpers/expectClose";
import { numericalGradient64, seededArray } from "../helpers/numericalGradient";

describe("Tanh", () => {
  test("forward and backward on hand-computed values", () => {
    const layer = new Tanh();
    const x = tf.tensor2d([[0, 1, -1]]);
    const y = layer.forward(x);
    expectClose(y, [0, 0.7615941559557649, -0.7615941559557649]);
    const dout = tf.tensor2d([[2, 1, 1]]);
    const dx = layer.backward(dout);
    expectClose(dx, [2, 0.41997434161402614, 0.41997434161402614]);
    tf.dispose([x, y, dout, dx]);
    layer.dispose();
  });

  test("backward matches tf.grad and a float64 numerical gradient", () => {
    const xv = seededArray(12, 11, -3, 3);
    const dv = seededArray(12, 12);
    const x = tf.tensor3d(Float32Array.from(xv), [2, 3, 2]);
    const dout = tf.tensor3d(Float32Array.from(dv), [2, 3, 2]);
    const layer = new Tanh("Tanh1");
    const y = layer.forward(x);
    const dx = layer.backward(dout);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.tanh(a), dout)))(x);
    expectClose(dx, g);
    const num = numericalGradient64((v) => v.reduce((s, xi, i) => s + Math.tanh(xi) * dv[i], 0), Float64Array.from(xv));
    expectClose(dx, num, { atol: 1e-6 });
    tf.dispose([x, dout, y, dx, g]);
    layer.dispose();
  });

  test("errors", () => {
    const layer = new Tanh("Tanh1");
    const d = tf.zeros([2]);
    expect(() => layer.backward(d)).toThrow('Tanh "Tanh1" backward: called before forward');
    const xi = tf.zeros([2], "int32");
    expect(() => layer.forward(xi)).toThrow('Tanh "Tanh1" forward: input must be float32, got dtype int32');
    tf.dispose([d, xi]);
  });

  test("no tensors leak over repeated steps", () => {
    const x = tf.tensor1d([-1, 2]);
    const before = tf.memory().numTensors;
    const layer = new Tanh();
    for (let i = 0; i < 5; i++) {
      const y = layer.forward(x);
      tf.dispose([y, layer.backward(y)]);
    }
    layer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
