import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { Pooling } from "../../lib/layers/pooling";
import { expectClose } from "../helpers/expectClose";
import { seededArray } from "../helpers/numericalGradient";

type Shape4 = [number, number, number, number];

/** Float64 pooling with the book's semantics (zero padding counts), and its backward. */
function poolRef(
  xv: Float64Array,
  [N, C, H, W]: Shape4,
  ph: number,
  pw: number,
  S: number,
  P: number,
  mode: "max" | "avg",
  dyv?: Float64Array,
) {
  const OH = (H + 2 * P - ph) / S + 1;
  const OW = (W + 2 * P - pw) / S + 1;
  const y = new Float64Array(N * C * OH * OW);
  const dx = new Float64Array(xv.length);
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let oh = 0; oh < OH; oh++)
        for (let ow = 0; ow < OW; ow++) {
          const yi = ((n * C + c) * OH + oh) * OW + ow;
          let best = -Infinity;
          let bestAt = -1;
          let sum = 0;
          for (let i = 0; i < ph; i++)
            for (let j = 0; j < pw; j++) {
              const h = oh * S + i - P;
              const w = ow * S + j - P;
              const inside = h >= 0 && h < H && w >= 0 && w < W;
              const v = inside ? xv[((n * C + c) * H + h) * W + w] : 0;
              const at = inside ? ((n * C + c) * H + h) * W + w : -1;
              sum += v;
              if (v > best) {
                best = v;
                bestAt = at;
              }
              if (dyv && mode === "avg" && inside) dx[at] += dyv[yi] / (ph * pw);
            }
          y[yi] = mode === "max" ? best : sum / (ph * pw);
          if (dyv && mode === "max" && bestAt >= 0) dx[bestAt] += dyv[yi];
        }
  return { y, dx, shape: [N, C, OH, OW] };
}

const cases: Array<{ x: Shape4; ph: number; pw: number; stride: number; pad: number }> = [
  { x: [2, 3, 8, 8], ph: 2, pw: 2, stride: 2, pad: 0 }, // DeepConvNet's (block reshape path)
  { x: [2, 2, 7, 7], ph: 3, pw: 3, stride: 2, pad: 0 }, // overlapping windows (TF.js pooling path)
  { x: [1, 2, 6, 5], ph: 2, pw: 3, stride: 1, pad: 1 }, // padded (window path)
  { x: [2, 1, 5, 5], ph: 2, pw: 2, stride: 1, pad: 0 },
];

describe.each(["max", "avg"] as const)("Pooling %s", (mode) => {
  describe.each(["fast", "im2col"] as const)("impl %s", (impl) => {
    test.each(cases)("forward and backward equal float64 loops: %j", ({ x: xs, ph, pw, stride, pad }) => {
      const xv = seededArray(
        xs.reduce((a, b) => a * b),
        41,
      );
      const pool = new Pooling({ poolH: ph, poolW: pw, stride, pad, mode, impl, name: "Pool1" });
      const x = tf.tensor4d(Float32Array.from(xv), xs);
      const before = tf.memory().numTensors;
      const y = pool.forward(x);
      const ref0 = poolRef(xv, xs, ph, pw, stride, pad, mode);
      expect(y.shape).toEqual(ref0.shape);
      expect(pool.outputShape(xs)).toEqual(ref0.shape);
      expectClose(y, ref0.y);
      const dyv = seededArray(y.size, 42);
      const dout = tf.tensor4d(Float32Array.from(dyv), y.shape);
      const dx = pool.backward(dout);
      expectClose(dx, poolRef(xv, xs, ph, pw, stride, pad, mode, dyv).dx);
      tf.dispose([y, dout, dx]);
      pool.dispose();
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    });
  });
});

describe("Pooling", () => {
  test.each(cases)("max gives the same y and dx after a train-mode forward as after an eval one: %j", ({ x: xs, ph, pw, stride, pad }) => {
    const xv = seededArray(
      xs.reduce((a, b) => a * b),
      43,
    );
    const x = tf.tensor4d(Float32Array.from(xv), xs);
    const pool = new Pooling({ poolH: ph, poolW: pw, stride, pad, name: "Pool1" });
    const ref = poolRef(xv, xs, ph, pw, stride, pad, "max");
    const dyv = seededArray(ref.y.length, 44);
    const dout = tf.tensor4d(Float32Array.from(dyv), ref.shape as Shape4);
    const refDx = poolRef(xv, xs, ph, pw, stride, pad, "max", dyv).dx;
    const before = tf.memory().numTensors;
    for (const train of [true, false]) {
      const y = pool.forward(x, { train });
      expectClose(y, ref.y);
      const dx = pool.backward(dout);
      expectClose(dx, refDx);
      tf.dispose([y, dx]);
    }
    pool.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dout]);
  });

  test("max backward sends a tie's gradient to one position only, the first", () => {
    const pool = new Pooling({ poolH: 2, poolW: 2, stride: 2 });
    const x = tf.ones([1, 1, 2, 2]);
    const y = pool.forward(x);
    const dx = pool.backward(tf.onesLike(y));
    expect(Array.from(dx.dataSync())).toEqual([1, 0, 0, 0]);
    pool.dispose();
  });

  test("max whose window max is the zero padding passes no gradient on (the book's col2im drops it)", () => {
    const pool = new Pooling({ poolH: 2, poolW: 2, stride: 2, pad: 1 });
    const x = tf.tensor4d([-1, -2, -3, -4], [1, 1, 2, 2]);
    const y = pool.forward(x);
    expect(Array.from(y.dataSync())).toEqual([0, 0, 0, 0]);
    const dx = pool.backward(tf.onesLike(y));
    expect(Array.from(dx.dataSync())).toEqual([0, 0, 0, 0]);
    pool.dispose();
    tf.dispose([x, y, dx]);
  });

  test("repeated steps leave the tensor count unchanged", () => {
    const pool = new Pooling({ poolH: 2, poolW: 2, stride: 2 });
    const x = tf.randomNormal([2, 3, 8, 8]);
    const dout = tf.randomNormal([2, 3, 4, 4]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose([pool.forward(x), pool.backward(dout)]);
    pool.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dout]);
  });

  test("errors name the layer, the argument, what was expected and what came", () => {
    const pool = new Pooling({ poolH: 2, poolW: 2, stride: 2, name: "Pool1" });
    const x3 = tf.zeros([2, 28, 28]);
    expect(() => pool.forward(x3)).toThrow(ShapeError);
    expect(() => pool.forward(x3)).toThrow('Pooling "Pool1" forward: input must be rank 4 [N, C, H, W], got shape [2, 28, 28]');
    const odd = tf.zeros([1, 1, 1, 1]);
    expect(() => pool.forward(odd)).toThrow(/Pooling "Pool1" forward: .*does not fit the input of size 1 with pad 0/);
    expect(() => pool.backward(tf.zeros([1, 1, 2, 2]))).toThrow('Pooling "Pool1" backward: called before forward');
    const x = tf.zeros([1, 1, 4, 4]);
    tf.dispose(pool.forward(x));
    expect(() => pool.backward(tf.zeros([1, 1, 3, 3]))).toThrow(
      'Pooling "Pool1" backward: dout must be the shape forward returned [1, 1, 2, 2], got shape [1, 1, 3, 3]',
    );
    const xi = tf.zeros([1, 1, 4, 4], "int32");
    expect(() => pool.forward(xi)).toThrow(TypeError);
    expect(() => pool.forward(xi)).toThrow('Pooling "Pool1" forward: input must be float32, got dtype int32');
    expect(() => pool.forward("x" as unknown as tf.Tensor)).toThrow(
      'Pooling "Pool1" forward: input must be a tf.Tensor, got the string "x"',
    );
    xi.dispose();
    expect(() => new Pooling({ poolH: 0, poolW: 2 })).toThrow('Pooling "Pooling": poolH must be an integer >= 1, got 0');
    expect(() => new Pooling({ poolH: 2, poolW: 2, mode: "min" as "max" })).toThrow('mode must be "max" or "avg", got "min"');
    pool.dispose();
    tf.dispose([x3, odd, x]);
  });
});
