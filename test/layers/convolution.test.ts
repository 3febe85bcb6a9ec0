import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { Convolution, type ConvImpl } from "../../lib/layers/convolution";
import { convRef, convRefGrads, refSpec } from "../conv/convReference";
import { expectClose } from "../helpers/expectClose";
import { numericalGradient64, seededArray } from "../helpers/numericalGradient";

type Shape4 = [number, number, number, number];
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function setup(xShape: Shape4, wShape: Shape4, seed: number) {
  const xv = seededArray(size(xShape), seed);
  const wv = seededArray(size(wShape), seed + 1, -0.5, 0.5);
  const bv = seededArray(wShape[0], seed + 2);
  return { xv, wv, bv };
}

const cases: Array<{ x: Shape4; w: Shape4; stride: number; pad: number; dilation: number }> = [
  { x: [2, 3, 6, 6], w: [4, 3, 3, 3], stride: 1, pad: 1, dilation: 1 },
  { x: [2, 2, 7, 7], w: [3, 2, 3, 3], stride: 2, pad: 0, dilation: 1 },
  { x: [1, 2, 8, 7], w: [2, 2, 2, 3], stride: 1, pad: 2, dilation: 1 },
  { x: [2, 2, 7, 7], w: [2, 2, 3, 3], stride: 1, pad: 1, dilation: 2 },
  { x: [1, 2, 9, 9], w: [2, 2, 3, 3], stride: 2, pad: 2, dilation: 2 },
  { x: [2, 1, 5, 5], w: [2, 1, 2, 2], stride: 1, pad: 3, dilation: 1 },
];

describe.each<ConvImpl>(["fast", "im2col"])("Convolution impl %s", (impl) => {
  test.each(cases)("forward and backward equal float64 loops: %j", ({ x: xs, w: ws, stride, pad, dilation }) => {
    const { xv, wv, bv } = setup(xs, ws, 11);
    const conv = new Convolution(tf.tensor4d(Float32Array.from(wv), ws), tf.tensor1d(Float32Array.from(bv)), {
      stride,
      pad,
      dilation,
      impl,
      name: "Conv1",
    });
    const x = tf.tensor4d(Float32Array.from(xv), xs);
    const spec = refSpec(xs[2], xs[3], ws[2], ws[3], stride, pad, dilation);
    const y = conv.forward(x);
    expect(y.shape).toEqual([xs[0], ws[0], spec.OH, spec.OW]);
    expect(conv.outputShape(xs)).toEqual(y.shape);
    expectClose(y, convRef(xv, xs, wv, ws, bv, spec), { atol: 1e-4 });
    const dyv = seededArray(y.size, 12);
    const dout = tf.tensor4d(Float32Array.from(dyv), y.shape);
    const dx = conv.backward(dout);
    const ref = convRefGrads(xv, xs, wv, ws, dyv, spec);
    expectClose(dx, ref.dx, { atol: 1e-4 });
    expectClose(conv.grads.W, ref.dW, { atol: 1e-4 });
    const db = new Float64Array(ws[0]);
    dyv.forEach((v, i) => (db[Math.floor(i / (spec.OH * spec.OW)) % ws[0]] += v));
    expectClose(conv.grads.b, db, { atol: 1e-4 });
    tf.dispose([x, y, dout, dx]);
    conv.dispose();
    tf.dispose([conv.params.W, conv.params.b]);
  });

  test("backward matches a float64 numerical gradient of sum(y * dout)", () => {
    const xs: Shape4 = [1, 2, 5, 5];
    const ws: Shape4 = [2, 2, 3, 3];
    const { xv, wv, bv } = setup(xs, ws, 21);
    const spec = refSpec(5, 5, 3, 3, 2, 1, 1);
    const dyv = seededArray(xs[0] * ws[0] * spec.OH * spec.OW, 22);
    const loss = (xa: Float64Array, wa: Float64Array) => convRef(xa, xs, wa, ws, bv, spec).reduce((s, v, i) => s + v * dyv[i], 0);
    const conv = new Convolution(tf.tensor4d(Float32Array.from(wv), ws), tf.tensor1d(Float32Array.from(bv)), { stride: 2, pad: 1, impl });
    const x = tf.tensor4d(Float32Array.from(xv), xs);
    const y = conv.forward(x);
    const dout = tf.tensor4d(Float32Array.from(dyv), y.shape);
    const dx = conv.backward(dout);
    expectClose(
      dx,
      numericalGradient64((a) => loss(a, wv), Float64Array.from(xv)),
      { atol: 1e-4 },
    );
    expectClose(
      conv.grads.W,
      numericalGradient64((a) => loss(xv, a), Float64Array.from(wv)),
      { atol: 1e-4 },
    );
    tf.dispose([x, y, dout, dx]);
    conv.dispose();
  });

  test("backward matches tf.grad of TF.js's conv2d", () => {
    const xs: Shape4 = [2, 3, 6, 6];
    const ws: Shape4 = [4, 3, 3, 3];
    const { xv, wv, bv } = setup(xs, ws, 31);
    const W = tf.tensor4d(Float32Array.from(wv), ws);
    const b = tf.tensor1d(Float32Array.from(bv));
    const x = tf.tensor4d(Float32Array.from(xv), xs);
    const conv = new Convolution(W, b, { pad: 1, impl });
    const y = conv.forward(x);
    const dout = tf.tensor4d(Float32Array.from(seededArray(y.size, 32)), y.shape);
    const dx = conv.backward(dout);
    const f = (xa: tf.Tensor, wa: tf.Tensor) =>
      tf.transpose(
        tf.conv2d(tf.transpose(xa, [0, 2, 3, 1]) as tf.Tensor4D, tf.transpose(wa, [2, 3, 1, 0]) as tf.Tensor4D, 1, 1),
        [0, 3, 1, 2],
      );
    const [gx, gW] = tf.grads(f)([x, W], dout);
    expectClose(dx, gx, { atol: 1e-4 });
    expectClose(conv.grads.W, gW, { atol: 1e-4 });
    tf.dispose([W, b, x, y, dout, dx, gx, gW]);
    conv.dispose();
  });

  test("forward + backward leaves the tensor count unchanged over repeated steps", () => {
    const conv = new Convolution(tf.randomNormal([4, 2, 3, 3]), tf.zeros([4]), { pad: 1, impl });
    const x = tf.randomNormal([2, 2, 6, 6]);
    const dout = tf.randomNormal([2, 4, 6, 6]);
    const step = () => tf.dispose([conv.forward(x), conv.backward(dout)]);
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    conv.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before - 3); // the cached input and the two grads
  });

  test("backwardParams fills the same grads as backward without making dx", () => {
    const { xv, wv, bv } = setup([2, 2, 6, 6], [3, 2, 3, 3], 31);
    const conv = new Convolution(tf.tensor4d(Float32Array.from(wv), [3, 2, 3, 3]), tf.tensor1d(Float32Array.from(bv)), { pad: 1, impl });
    const x = tf.tensor4d(Float32Array.from(xv), [2, 2, 6, 6]);
    const dyv = seededArray(2 * 3 * 6 * 6, 32);
    const dout = tf.tensor4d(Float32Array.from(dyv), [2, 3, 6, 6]);
    tf.dispose(conv.forward(x));
    const ref = convRefGrads(xv, [2, 2, 6, 6], wv, [3, 2, 3, 3], dyv, refSpec(6, 6, 3, 3, 1, 1, 1));
    conv.backwardParams(dout); // the first call creates the grads; the second must replace them
    const before = tf.memory().numTensors;
    conv.backwardParams(dout);
    expect(tf.memory().numTensors).toBe(before);
    expectClose(conv.grads.W, ref.dW, { atol: 1e-4 });
    tf.dispose([x, dout]);
    conv.dispose();
    tf.dispose([conv.params.W, conv.params.b]);
  });

  test("forward and backward inside a caller's tf.tidy keep what backward needs and the grads", () => {
    const { xv, wv, bv } = setup([2, 2, 5, 5], [3, 2, 3, 3], 21);
    const conv = new Convolution(tf.tensor4d(Float32Array.from(wv), [3, 2, 3, 3]), tf.tensor1d(Float32Array.from(bv)), { pad: 1, impl });
    const x = tf.tensor4d(Float32Array.from(xv), [2, 2, 5, 5]);
    const dyv = seededArray(2 * 3 * 5 * 5, 22);
    const dout = tf.tensor4d(Float32Array.from(dyv), [2, 3, 5, 5]);
    tf.tidy(() => {
      conv.forward(x);
    });
    const dx = tf.tidy(() => conv.backward(dout));
    const ref = convRefGrads(xv, [2, 2, 5, 5], wv, [3, 2, 3, 3], dyv, refSpec(5, 5, 3, 3, 1, 1, 1));
    expectClose(dx, ref.dx, { atol: 1e-4 });
    expectClose(conv.grads.W, ref.dW, { atol: 1e-4 });
    expect(conv.grads.b.isDisposed).toBe(false);
    tf.dispose([x, dout, dx]);
    conv.dispose();
    tf.dispose([conv.params.W, conv.params.b]);
  });
});

describe("Convolution", () => {
  test("fast and im2col agree forward and backward on a DeepConvNet-like shape", () => {
    const W = tf.variable(tf.randomNormal([8, 4, 3, 3], 0, 0.3, "float32", 7));
    const b = tf.variable(tf.randomNormal([8], 0, 0.3, "float32", 8));
    const fast = new Convolution(W, b, { pad: 2 });
    const lesson = new Convolution(W, b, { pad: 2, impl: "im2col" });
    expect(fast.params.W).toBe(W); // Variables are shared, not copied
    const x = tf.randomNormal([3, 4, 10, 10], 0, 1, "float32", 9);
    const y1 = fast.forward(x);
    const y2 = lesson.forward(x);
    expectClose(y1, y2, { atol: 1e-4 });
    const dout = tf.randomNormal(y1.shape, 0, 1, "float32", 10);
    const dx1 = fast.backward(dout);
    const dx2 = lesson.backward(dout);
    expectClose(dx1, dx2, { atol: 1e-4 });
    expectClose(fast.grads.W, lesson.grads.W, { atol: 1e-3 });
    expectClose(fast.grads.b, lesson.grads.b, { atol: 1e-4 });
    tf.dispose([W, b, x, y1, y2, dout, dx1, dx2]);
    fast.dispose();
    lesson.dispose();
  });

  test("a plain W tensor is copied into a Variable the layer owns", () => {
    const W = tf.zeros([2, 1, 3, 3]);
    const conv = new Convolution(W, tf.zeros([2]));
    expect(conv.params.W).toBeInstanceOf(tf.Variable);
    W.dispose();
    expect(conv.params.W.dataSync().length).toBe(18);
    tf.dispose([conv.params.W, conv.params.b]);
  });

  test.each(["fast", "im2col"] as const)("%s: forward checks its input like the other layers (class and message)", (impl) => {
    const conv = new Convolution(tf.zeros([4, 16, 3, 3]), tf.zeros([4]), { name: "Conv1", impl });
    const x3 = tf.zeros([2, 28, 28]);
    expect(() => conv.forward(x3)).toThrow(ShapeError);
    expect(() => conv.forward(x3)).toThrow('Convolution "Conv1" forward: input must be rank 4 [N, C, H, W], got shape [2, 28, 28]');
    const xc = tf.zeros([2, 3, 8, 8]);
    expect(() => conv.forward(xc)).toThrow(ShapeError);
    expect(() => conv.forward(xc)).toThrow(
      'Convolution "Conv1" forward: input must be [N, C, H, W] with C = 16 (W is [4, 16, 3, 3]), got shape [2, 3, 8, 8]',
    );
    const xi = tf.zeros([2, 16, 8, 8], "int32");
    expect(() => conv.forward(xi)).toThrow(TypeError);
    expect(() => conv.forward(xi)).toThrow('Convolution "Conv1" forward: input must be float32, got dtype int32');
    expect(() => conv.forward([[1]] as unknown as tf.Tensor)).toThrow(TypeError);
    expect(() => conv.forward([[1]] as unknown as tf.Tensor)).toThrow(
      'Convolution "Conv1" forward: input must be a tf.Tensor, got an array',
    );
    const gone = tf.zeros([2, 16, 8, 8]);
    gone.dispose();
    expect(() => conv.forward(gone)).toThrow('Convolution "Conv1" forward: input was already disposed');
    const odd = tf.zeros([1, 16, 2, 2]);
    const strided = new Convolution(tf.zeros([1, 16, 3, 3]), tf.zeros([1]), { stride: 2, name: "C2", impl });
    expect(() => strided.forward(odd)).toThrow(/Convolution "C2" forward: .*does not fit the input of size 2 with pad 0/);
    conv.dispose();
    tf.dispose([x3, xc, xi, odd, conv.params.W, conv.params.b, strided.params.W, strided.params.b]);
  });

  test.each(["fast", "im2col"] as const)("%s: backward checks dout against the forward output", (impl) => {
    const conv = new Convolution(tf.zeros([4, 16, 3, 3]), tf.zeros([4]), { name: "Conv1", impl });
    expect(() => conv.backward(tf.zeros([1, 4, 6, 6]))).toThrow('Convolution "Conv1" backward: called before forward');
    const x = tf.zeros([2, 16, 8, 8]);
    tf.dispose(conv.forward(x));
    const bad = tf.zeros([2, 4, 7, 7]);
    expect(() => conv.backward(bad)).toThrow(ShapeError);
    expect(() => conv.backward(bad)).toThrow(
      'Convolution "Conv1" backward: dout must be the shape forward returned [2, 4, 6, 6], got shape [2, 4, 7, 7]',
    );
    expect(() => conv.backwardParams(bad)).toThrow('Convolution "Conv1" backwardParams: dout must be the shape forward returned');
    const badType = tf.zeros([2, 4, 6, 6], "int32");
    expect(() => conv.backward(badType)).toThrow(TypeError);
    conv.dispose();
    expect(() => conv.backward(tf.zeros([2, 4, 6, 6]))).toThrow("called before forward");
    tf.dispose([x, bad, badType, conv.params.W, conv.params.b]);
  });

  test("the constructor names the argument, what was expected and what came", () => {
    expect(() => new Convolution(tf.zeros([4, 3, 3]), tf.zeros([4]))).toThrow(ShapeError);
    expect(() => new Convolution(tf.zeros([4, 3, 3]), tf.zeros([4]))).toThrow(
      'Convolution "Convolution" constructor: W must be rank 4 [FN, C, FH, FW], got shape [4, 3, 3]',
    );
    expect(() => new Convolution(tf.zeros([4, 1, 3, 3]), tf.zeros([3]))).toThrow(ShapeError);
    expect(() => new Convolution(tf.zeros([4, 1, 3, 3]), tf.zeros([3]))).toThrow(
      'Convolution "Convolution" constructor: b must be [FN] = [4] (one bias per filter), got shape [3]',
    );
    expect(() => new Convolution(tf.zeros([4, 1, 3, 3]), "b" as unknown as tf.Tensor)).toThrow(
      'Convolution "Convolution" constructor: b must be a tf.Tensor or tf.Variable, got the string "b"',
    );
    expect(() => new Convolution(tf.zeros([4, 1, 3, 3]), tf.zeros([4]), { stride: 0 })).toThrow(RangeError);
    expect(() => new Convolution(tf.zeros([4, 1, 3, 3]), tf.zeros([4]), { impl: "gpu" as ConvImpl })).toThrow(
      'Convolution "Convolution" constructor: impl must be "fast" or "im2col", got "gpu"',
    );
    expect(() => new Convolution(tf.zeros([4, 1, 3, 3]), tf.zeros([4]), { name: "" })).toThrow(
      'Convolution: name must be a non-empty string, got the string ""',
    );
    const strided = new Convolution(tf.zeros([1, 1, 3, 3]), tf.zeros([1]), { stride: 2, name: "C2" });
    expect(strided.outputShape([1, 1, 28, 28])).toEqual([1, 1, 13, 13]); // 13.5 rounds down
    tf.dispose([strided.params.W, strided.params.b]);
  });

  test("a rejected argument leaves no Variable behind (W is freed when b is refused)", () => {
    const W = tf.zeros([4, 1, 3, 3]);
    const badB = tf.zeros([3]);
    const ok = tf.zeros([4]);
    const before = tf.memory().numTensors;
    expect(() => new Convolution(W, badB)).toThrow(ShapeError);
    expect(() => new Convolution(W, "b" as unknown as tf.Tensor)).toThrow(TypeError);
    const goneB = tf.zeros([4]);
    goneB.dispose();
    const before2 = tf.memory().numTensors;
    expect(() => new Convolution(W, goneB)).toThrow('Convolution "Convolution" constructor: b was already disposed');
    expect(tf.memory().numTensors).toBe(before2);
    expect(() => new Convolution(W, ok, { pad: -1 })).toThrow(RangeError);
    expect(() => new Convolution(W, ok, { impl: "gpu" as ConvImpl })).toThrow(RangeError);
    expect(tf.memory().numTensors).toBe(before);
    // A Variable the caller passed is the caller's: a refused b must not dispose it.
    const Wv = tf.variable(tf.zeros([4, 1, 3, 3]));
    expect(() => new Convolution(Wv, badB)).toThrow(ShapeError);
    expect(Wv.isDisposed).toBe(false);
    tf.dispose([W, badB, ok, Wv]);
  });
});
