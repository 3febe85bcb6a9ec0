import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { AddLayer } from "../../lib/layers/addLayer";
import { expectClose } from "../helpers/expectClose";
import { seededArray } from "../helpers/numericalGradient";

describe("AddLayer", () => {
  test("numbers: the apple example's sum, and the upstream gradient passed to both inputs", () => {
    const add = new AddLayer();
    expect(add.forward(200, 450)).toBe(650);
    expect(add.backward(1.1)).toEqual([1.1, 1.1]);
  });

  test("tensors: forward is x + y, backward matches tf.grad and returns two separate tensors", () => {
    const xv = seededArray(6, 4);
    const yv = seededArray(6, 5);
    const [x, y, dout] = [xv, yv, seededArray(6, 6)].map((v) => tf.tensor2d(Float32Array.from(v), [3, 2]));
    const add = new AddLayer("Add1");
    const out = add.forward(x, y);
    expectClose(
      out,
      Float64Array.from(xv, (v, i) => v + yv[i]),
    );
    const [dx, dy] = add.backward(dout);
    const [gx, gy] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.add(a, b), dout)))([x, y]);
    expectClose(dx, gx);
    expectClose(dy, gy);
    expect(dx).not.toBe(dy);
    dx.dispose();
    expectClose(dy, dout); // disposing one leaves the other usable
    tf.dispose([x, y, dout, out, dy, gx, gy]);
  });

  test("errors", () => {
    const add = new AddLayer("Add1");
    expect(() => add.backward(1)).toThrow('AddLayer "Add1" backward: called before forward');
    const a = tf.zeros([2]);
    const b = tf.zeros([3]);
    expect(() => add.forward(a, b)).toThrow(ShapeError);
    expect(() => add.forward(a, b)).toThrow('AddLayer "Add1" forward: y must be the shape of x [2], got shape [3]');
    expect(() => add.forward(1 as never, a as never)).toThrow(TypeError);
    const out = add.forward(a, a);
    expect(() => add.backward(2 as never)).toThrow("dout must be a tensor, as forward took tensors, got number");
    tf.dispose([a, b, out]);
  });

  test("no tensors leak over repeated steps", () => {
    const x = tf.ones([4]);
    const add = new AddLayer();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const out = add.forward(x, x);
      tf.dispose([out, ...add.backward(out)]);
    }
    add.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
