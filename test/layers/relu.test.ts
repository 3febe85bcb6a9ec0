import * as tf from "@tensorflow/tfjs-core";
import { Relu } from "../../lib/layers/relu";
import { expectClose } from "../helpers/expectClose";
import { numericalGradient64, seededArray } from "../helpers/numericalGradient";

describe("Relu", () => {
  test("forward and backward on hand-computed values (x = 0 blocks the gradient, as in the book)", () => {
    const relu = new Relu("Relu1");
    const x = tf.tensor2d([
      [1, -0.5],
      [0, 3],
    ]);
    const y = relu.forward(x);
    expectClose(y, [1, 0, 0, 3]);
    const dout = tf.tensor2d([
      [5, 6],
      [7, 8],
    ]);
    const dx = relu.backward(dout);
    expectClose(dx, [5, 0, 0, 8]);
    tf.dispose([x, y, dout, dx]);
    relu.dispose();
  });

  test("backward matches tf.grad and a float64 numerical gradient", () => {
    const shape = [2, 3, 2];
    const xv = seededArray(12, 7);
    const dv = seededArray(12, 8);
    const x = tf.tensor(Float32Array.from(xv), shape);
    const dout = tf.tensor(Float32Array.from(dv), shape);
    const relu = new Relu();
    const y = relu.forward(x);
    const dx = relu.backward(dout);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.relu(a), dout)))(x);
    expectClose(dx, g);
    const num = numericalGradient64((v) => v.reduce((s, xi, i) => s + Math.max(0, xi) * dv[i], 0), Float64Array.from(xv));
    expectClose(dx, num, { atol: 1e-5 });
    expect(relu.outputShape(shape)).toEqual(shape);
    tf.dispose([x, dout, y, dx, g]);
    relu.dispose();
  });

  test("errors: backward before forward, a non-float input, a dout of the wrong shape", () => {
    const relu = new Relu("Relu1");
    const d = tf.zeros([2, 2]);
    expect(() => relu.backward(d)).toThrow('Relu "Relu1" backward: called before forward');
    const xi = tf.zeros([2, 2], "int32");
    expect(() => relu.forward(xi)).toThrow(TypeError);
    expect(() => relu.forward(xi)).toThrow('Relu "Relu1" forward: input must be float32, got dtype int32');
    expect(() => relu.forward([1, 2] as never)).toThrow('Relu "Relu1" forward: input must be a tf.Tensor, got an array');
    const y = relu.forward(d);
    const bad = tf.zeros([4]);
    expect(() => relu.backward(bad)).toThrow('Relu "Relu1" backward: dout must be the shape forward returned [2, 2], got shape [4]');
    tf.dispose([d, xi, y, bad]);
    relu.dispose();
  });

  test("no tensors leak: repeated forward + backward, then dispose", () => {
    const x = tf.tensor1d([-1, 2, -3, 4]);
    const before = tf.memory().numTensors;
    const relu = new Relu();
    for (let i = 0; i < 5; i++) {
      const y = relu.forward(x);
      tf.dispose([y, relu.backward(y)]);
      if (i === 0) expect(tf.memory().numTensors).toBe(before + 1); // the kept mask
    }
    expect(tf.memory().numTensors).toBe(before + 1);
    relu.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
