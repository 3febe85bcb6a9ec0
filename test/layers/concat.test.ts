import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { Concat } from "../../lib/layers/concat";
import { expectClose } from "../helpers/expectClose";
import { numericalGradient64, seededArray } from "../helpers/numericalGradient";

/** Float64 concat of two NCHW arrays along the channels, the oracle for forward and the numerical gradient. */
function concatChannels64(a: Float64Array, b: Float64Array, N: number, Ca: number, Cb: number, HW: number): Float64Array {
  const out = new Float64Array(N * (Ca + Cb) * HW);
  for (let n = 0; n < N; n++) {
    out.set(a.subarray(n * Ca * HW, (n + 1) * Ca * HW), n * (Ca + Cb) * HW);
    out.set(b.subarray(n * Cb * HW, (n + 1) * Cb * HW), n * (Ca + Cb) * HW + Ca * HW);
  }
  return out;
}

describe("Concat", () => {
  test("forward joins the channels on hand-computed values; backward cuts dout back into the bottoms' slices", () => {
    const concat = new Concat("Concat1");
    const a = tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]);
    const b = tf.tensor4d([5, 6, 7, 8, 9, 10, 11, 12], [1, 2, 2, 2]);
    const y = concat.forward([a, b]);
    expect(y.shape).toEqual([1, 3, 2, 2]);
    expectClose(y, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const [da, db] = concat.backward(y);
    expectClose(da, a);
    expectClose(db, b);
    tf.dispose([a, b, y, da, db]);
  });

  test("backward matches tf.grad and a float64 numerical gradient (channel axis, and axis -1)", () => {
    const [N, Ca, Cb, H, W] = [2, 2, 3, 2, 3];
    const av = seededArray(N * Ca * H * W, 1);
    const bv = seededArray(N * Cb * H * W, 2);
    const dv = seededArray(N * (Ca + Cb) * H * W, 3);
    const a = tf.tensor4d(Float32Array.from(av), [N, Ca, H, W]);
    const b = tf.tensor4d(Float32Array.from(bv), [N, Cb, H, W]);
    const dout = tf.tensor4d(Float32Array.from(dv), [N, Ca + Cb, H, W]);
    const concat = new Concat("Concat1");
    const y = concat.forward([a, b]);
    expectClose(y, concatChannels64(av, bv, N, Ca, Cb, H * W));
    const [da, db] = concat.backward(dout);
    const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.concat([p, q], 1), dout)))([a, b]);
    expectClose(da, ga);
    expectClose(db, gb);
    const lossOf = (p: Float64Array, q: Float64Array): number =>
      concatChannels64(p, q, N, Ca, Cb, H * W).reduce((s, v, i) => s + v * dv[i], 0);
    expectClose(
      da,
      numericalGradient64((p) => lossOf(p, bv), Float64Array.from(av)),
    );
    expectClose(
      db,
      numericalGradient64((q) => lossOf(av, q), Float64Array.from(bv)),
    );

    const last = new Concat("ConcatW", { axis: -1 });
    const c = tf.tensor4d(Float32Array.from(bv.subarray(0, N * Ca * H * 2)), [N, Ca, H, 2]);
    expect(last.outputShape([a.shape, c.shape])).toEqual([N, Ca, H, W + 2]);
    const z = last.forward([a, c]);
    const d2 = tf.randomNormal(z.shape, 0, 1, "float32", 4);
    const [dA, dC] = last.backward(d2);
    const [gA, gC] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.concat([p, q], 3), d2)))([a, c]);
    expectClose(dA, gA);
    expectClose(dC, gC);
    tf.dispose([a, b, dout, y, da, db, ga, gb, c, z, d2, dA, dC, gA, gC]);
  });

  test("errors name the layer, the bottom and both shapes", () => {
    const concat = new Concat("Concat1");
    expect(() => concat.backward(tf.zeros([1]))).toThrow('Concat "Concat1" backward: called before forward');
    const a = tf.zeros([1, 2, 4, 4]);
    const b = tf.zeros([1, 3, 5, 4]);
    expect(() => concat.forward([a, b])).toThrow(ShapeError);
    expect(() => concat.forward([a, b])).toThrow(
      'Concat "Concat1": bottom 1 must be the shape of bottom 0 [1, 2, 4, 4] except along axis 1, got shape [1, 3, 5, 4]',
    );
    expect(() => new Concat("C", { axis: 4 }).outputShape([a.shape])).toThrow('Concat "C": axis 4 is out of range for bottoms of rank 4');
    expect(() => new Concat("C", { axis: 1.5 })).toThrow(TypeError);
    expect(() => concat.forward(a as never)).toThrow(
      'Concat "Concat1" forward: expects an array of bottoms, got a Tensor of shape [1, 2, 4, 4]',
    );
    tf.dispose([a, b]);
  });

  test("no tensors leak over repeated steps", () => {
    const a = tf.ones([2, 1, 2, 2]);
    const concat = new Concat();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const y = concat.forward([a, a]);
      tf.dispose([y, ...concat.backward(y)]);
    }
    concat.dispose();
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });
});
