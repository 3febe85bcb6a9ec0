import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { Flatten } from "../../lib/layers/flatten";
import { expectClose } from "../helpers/expectClose";
import { seededArray } from "../helpers/numericalGradient";

describe("Flatten", () => {
  test("NCHW -> [N, C*H*W] in C, H, W order; backward restores the input shape", () => {
    const flat = new Flatten("Flatten1");
    const xv = seededArray(2 * 3 * 2 * 2, 13);
    const x = tf.tensor4d(Float32Array.from(xv), [2, 3, 2, 2]);
    const y = flat.forward(x);
    expect(y.shape).toEqual([2, 12]);
    expectClose(y, xv); // row-major order is unchanged
    expect(flat.outputShape([7, 3, 2, 2])).toEqual([7, 12]);
    const dv = seededArray(24, 14);
    const dout = tf.tensor2d(Float32Array.from(dv), [2, 12]);
    const dx = flat.backward(dout);
    expect(dx.shape).toEqual([2, 3, 2, 2]);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.reshape(a, [2, 12]), dout)))(x);
    expectClose(dx, g);
    expectClose(dx, dv);
    tf.dispose([x, y, dout, dx, g]);
  });

  test("errors", () => {
    const flat = new Flatten("Flatten1");
    const d = tf.zeros([2, 6]);
    expect(() => flat.backward(d)).toThrow('Flatten "Flatten1" backward: called before forward');
    const v = tf.zeros([5]);
    expect(() => flat.forward(v)).toThrow(ShapeError);
    expect(() => flat.forward(v)).toThrow('Flatten "Flatten1" forward: input must be rank >= 2 [N, ...], got shape [5]');
    expect(() => flat.outputShape([5])).toThrow('Flatten "Flatten1" outputShape: input must be rank >= 2');
    const x = tf.zeros([2, 2, 3]);
    const y = flat.forward(x);
    const bad = tf.zeros([2, 5]);
    expect(() => flat.backward(bad)).toThrow(
      'Flatten "Flatten1" backward: dout must be the shape forward returned [2, 6], got shape [2, 5]',
    );
    tf.dispose([d, v, x, y, bad]);
  });

  test("no tensors leak", () => {
    const x = tf.zeros([2, 2, 3]);
    const before = tf.memory().numTensors;
    const flat = new Flatten();
    for (let i = 0; i < 3; i++) {
      const y = flat.forward(x);
      tf.dispose([y, flat.backward(y)]);
    }
    flat.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
