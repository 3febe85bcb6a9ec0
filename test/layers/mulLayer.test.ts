import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { AddLayer } from "../../lib/layers/addLayer";
import { MulLayer } from "../../lib/layers/mulLayer";
import { expectClose } from "../helpers/expectClose";
import { numericalGradient64, seededArray } from "../helpers/numericalGradient";

describe("MulLayer", () => {
  test("the book's apple and orange example: forward price and every derivative", () => {
    const apple = 100;
    const appleNum = 2;
    const orange = 150;
    const orangeNum = 3;
    const tax = 1.1;
    const mulApple = new MulLayer();
    const mulOrange = new MulLayer();
    const addFruit = new AddLayer();
    const mulTax = new MulLayer();

    const applePrice = mulApple.forward(apple, appleNum);
    const orangePrice = mulOrange.forward(orange, orangeNum);
    const allPrice = addFruit.forward(applePrice, orangePrice);
    const price = mulTax.forward(allPrice, tax);
    expect(applePrice).toBe(200);
    expect(orangePrice).toBe(450);
    expect(allPrice).toBe(650);
    expect(price).toBeCloseTo(715, 10);

    const [dallPrice, dtax] = mulTax.backward(1);
    const [dapplePrice, dorangePrice] = addFruit.backward(dallPrice);
    const [dorange, dorangeNum] = mulOrange.backward(dorangePrice);
    const [dapple, dappleNum] = mulApple.backward(dapplePrice);
    expect(dapple).toBeCloseTo(2.2, 10);
    expect(dappleNum).toBeCloseTo(110, 10);
    expect(dorange).toBeCloseTo(3.3, 10);
    expect(dorangeNum).toBeCloseTo(165, 10);
    expect(dtax).toBeCloseTo(650, 10);
  });

  test("the backward of plain numbers matches a centered difference", () => {
    const mul = new MulLayer();
    mul.forward(-1.5, 4);
    const [dx, dy] = mul.backward(0.3);
    const g = numericalGradient64((v) => 0.3 * v[0] * v[1], Float64Array.of(-1.5, 4));
    expect(dx).toBeCloseTo(g[0], 6);
    expect(dy).toBeCloseTo(g[1], 6);
  });

  test("tensors: forward is x * y, backward matches tf.grad and a float64 numerical gradient", () => {
    const shape = [2, 3];
    const xv = seededArray(6, 1);
    const yv = seededArray(6, 2);
    const dv = seededArray(6, 3);
    const [x, y, dout] = [xv, yv, dv].map((v) => tf.tensor(Float32Array.from(v), shape));
    const mul = new MulLayer("Mul1");
    const out = mul.forward(x, y);
    expectClose(
      out,
      Float64Array.from(xv, (v, i) => v * yv[i]),
    );
    const [dx, dy] = mul.backward(dout);

    const [gx, gy] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.mul(a, b), dout)))([x, y]);
    expectClose(dx, gx);
    expectClose(dy, gy);

    const both = Float64Array.from([...xv, ...yv]);
    const num = numericalGradient64((v) => {
      let s = 0;
      for (let i = 0; i < 6; i++) s += v[i] * v[6 + i] * dv[i];
      return s;
    }, both);
    expectClose(dx, num.slice(0, 6), { atol: 1e-5 });
    expectClose(dy, num.slice(6), { atol: 1e-5 });
    tf.dispose([x, y, dout, out, dx, dy, gx, gy]);
    mul.dispose();
  });

  test("errors: mixed kinds, unequal shapes, backward before forward, wrong dout", () => {
    const mul = new MulLayer("Mul1");
    expect(() => mul.backward(1)).toThrow('MulLayer "Mul1" backward: called before forward');
    const a = tf.zeros([2, 3]);
    const b = tf.zeros([3, 2]);
    expect(() => mul.forward(a as never, 2 as never)).toThrow(TypeError);
    expect(() => mul.forward(a as never, 2 as never)).toThrow(
      'MulLayer "Mul1" forward: x and y must both be numbers or both be tensors, got a Tensor of shape [2, 3] and number',
    );
    expect(() => mul.forward(a, b)).toThrow(ShapeError);
    expect(() => mul.forward(a, b)).toThrow('MulLayer "Mul1" forward: y must be the shape of x [2, 3], got shape [3, 2]');
    mul.forward(3, 4);
    expect(() => mul.backward(a as never)).toThrow("dout must be a number, as forward took numbers");
    const out = mul.forward(a, a);
    expect(() => mul.backward(b)).toThrow('MulLayer "Mul1" backward: dout must be the output shape [2, 3], got shape [3, 2]');
    tf.dispose([a, b, out]);
    mul.dispose();
  });

  test("no tensors leak: forward + backward + dispose, and repeated steps do not grow", () => {
    const x = tf.ones([4]);
    const y = tf.ones([4]);
    const before = tf.memory().numTensors;
    const mul = new MulLayer();
    const step = () => {
      const out = mul.forward(x, y);
      const grads = mul.backward(out);
      tf.dispose([out, ...grads]);
    };
    step();
    const afterOne = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(afterOne);
    mul.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});
