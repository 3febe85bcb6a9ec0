import * as tf from "@tensorflow/tfjs-core";
import { Dropout } from "../../lib/layers/dropout";
import { expectClose } from "../helpers/expectClose";
import { numericalGradient64, seededArray } from "../helpers/numericalGradient";

describe("Dropout", () => {
  test("eval (the default): x * (1 - ratio), and backward dout * (1 - ratio)", () => {
    const drop = new Dropout({ ratio: 0.3 });
    const x = tf.tensor2d([
      [1, -2],
      [3, 4],
    ]);
    const y = drop.forward(x);
    expectClose(y, [0.7, -1.4, 2.1, 2.8]);
    const y2 = drop.forward(x, { train: false });
    expectClose(y2, y);
    const dout = tf.ones([2, 2]);
    const dx = drop.backward(dout);
    expectClose(dx, [0.7, 0.7, 0.7, 0.7]);
    expect(drop.mask).toBeUndefined();
    tf.dispose([x, y, y2, dout, dx]);
    drop.dispose();
  });

  test("train: units are kept unscaled with probability 1 - ratio; backward uses the same mask", () => {
    const n = 20000;
    for (const ratio of [0.5, 0.2]) {
      const drop = new Dropout({ ratio, seed: 7 });
      const xv = seededArray(n, 61, 0.5, 1.5); // never 0, so a kept unit is visible
      const x = tf.tensor2d(Float32Array.from(xv), [200, 100]);
      const y = drop.forward(x, { train: true });
      const yv = y.dataSync();
      const mv = drop.mask!.dataSync();
      let kept = 0;
      let wrong = 0; // elements where the mask is not 0/1 or y is not x * mask
      for (let i = 0; i < n; i++) {
        if (!(mv[i] === 0 || mv[i] === 1) || yv[i] !== (mv[i] === 1 ? Math.fround(xv[i]) : 0)) wrong++;
        kept += mv[i];
      }
      expect(wrong).toBe(0);
      // binomial standard deviation of the kept fraction is below 0.004 here
      expect(Math.abs(kept / n - (1 - ratio))).toBeLessThan(0.02);

      const dv = seededArray(n, 62);
      const dout = tf.tensor2d(Float32Array.from(dv), [200, 100]);
      const dx = drop.backward(dout);
      const mask = drop.mask!;
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.mul(a, mask), dout)))(x);
      expectClose(dx, g);
      tf.dispose([x, y, dout, dx, g]);
      drop.dispose();
    }
  });

  test("train backward matches a float64 numerical gradient with the mask held fixed", () => {
    const drop = new Dropout({ ratio: 0.5, seed: 3 });
    const xv = seededArray(12, 63);
    const dv = seededArray(12, 64);
    const x = tf.tensor2d(Float32Array.from(xv), [3, 4]);
    const y = drop.forward(x, { train: true });
    const mv = Array.from(drop.mask!.dataSync());
    const dout = tf.tensor2d(Float32Array.from(dv), [3, 4]);
    const dx = drop.backward(dout);
    const num = numericalGradient64((v) => v.reduce((s, xi, i) => s + xi * mv[i] * dv[i], 0), Float64Array.from(xv));
    expectClose(dx, num, { atol: 1e-6 });
    tf.dispose([x, y, dout, dx]);
    drop.dispose();
  });

  test("a seed makes the sequence of masks repeatable; successive masks differ", () => {
    const x = tf.ones([8, 50]);
    const masks = (seed: number | undefined) => {
      const drop = new Dropout({ seed });
      const out: number[][] = [];
      for (let i = 0; i < 3; i++) {
        drop.forward(x, { train: true }).dispose();
        out.push(Array.from(drop.mask!.dataSync()));
      }
      drop.dispose();
      return out;
    };
    const a = masks(42);
    const b = masks(42);
    const c = masks(43);
    expect(b).toEqual(a);
    expect(a[1]).not.toEqual(a[0]);
    expect(a[2]).not.toEqual(a[1]);
    expect(c[0]).not.toEqual(a[0]);
    const u1 = masks(undefined);
    const u2 = masks(undefined);
    expect(u2[0]).not.toEqual(u1[0]);
    x.dispose();
  });

  test("ratio 0 keeps everything in both modes", () => {
    const drop = new Dropout({ ratio: 0 });
    const x = tf.tensor1d([1, 2, 3]);
    const yt = drop.forward(x, { train: true });
    expectClose(yt, x);
    const ye = drop.forward(x);
    expectClose(ye, x);
    tf.dispose([x, yt, ye]);
    drop.dispose();
  });

  test("errors", () => {
    expect(() => new Dropout({ ratio: 1 })).toThrow(RangeError);
    expect(() => new Dropout({ ratio: 1, name: "Drop1" })).toThrow('Dropout "Drop1" constructor: ratio must be a number in [0, 1), got 1');
    expect(() => new Dropout({ ratio: -0.1 })).toThrow("got -0.1");
    expect(() => new Dropout({ seed: 1.5 })).toThrow('Dropout "Dropout" constructor: seed must be an integer, got 1.5');
    const drop = new Dropout({ name: "Drop1" });
    const d = tf.zeros([2, 2]);
    expect(() => drop.backward(d)).toThrow('Dropout "Drop1" backward: called before forward');
    const y = drop.forward(d, { train: true });
    const bad = tf.zeros([4]);
    expect(() => drop.backward(bad)).toThrow('Dropout "Drop1" backward: dout must be the shape forward returned [2, 2], got shape [4]');
    const y2 = drop.forward(d);
    expect(() => drop.backward(bad)).toThrow("dout must be the shape forward returned [2, 2]");
    tf.dispose([d, y, bad, y2]);
    drop.dispose();
  });

  test("no tensors leak: train and eval steps alternate, then dispose", () => {
    const x = tf.ones([4, 5]);
    const before = tf.memory().numTensors;
    const drop = new Dropout({ seed: 1 });
    for (let i = 0; i < 6; i++) {
      const y = drop.forward(x, { train: i % 2 === 0 });
      tf.dispose([y, drop.backward(y)]);
    }
    drop.forward(x, { train: true }).dispose();
    drop.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
