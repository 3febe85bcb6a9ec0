import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { Affine } from "../../lib/layers/affine";
import { expectClose } from "../helpers/expectClose";
import { numericalGradient64, seededArray } from "../helpers/numericalGradient";

/** Float64 y = x W + b, x [N, I], W [I, O], b [O]. */
function affine64(x: Float64Array, W: Float64Array, b: Float64Array, N: number, I: number, O: number): Float64Array {
  const y = new Float64Array(N * O);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < O; o++) {
      let s = b[o];
      for (let i = 0; i < I; i++) s += x[n * I + i] * W[i * O + o];
      y[n * O + o] = s;
    }
  return y;
}

describe("Affine", () => {
  test("forward and backward on hand-computed values", () => {
    const affine = new Affine(
      tf.tensor2d([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      tf.tensor1d([0.5, -1]),
      "Affine1",
    );
    const x = tf.tensor2d([
      [1, 0, -1],
      [2, 1, 0],
    ]);
    const y = affine.forward(x);
    // [1,0,-1]·W = [1-5, 2-6] = [-4, -4]; [2,1,0]·W = [5, 8]; plus b
    expectClose(y, [-3.5, -5, 5.5, 7]);
    const dout = tf.tensor2d([
      [1, 0],
      [0, 1],
    ]);
    const dx = affine.backward(dout);
    expectClose(dx, [1, 3, 5, 2, 4, 6]); // dout · Wᵀ
    expectClose(affine.dW!, [1, 2, 0, 1, -1, 0]); // xᵀ · dout = xᵀ (dout is the identity)
    expectClose(affine.db!, [1, 1]);
    expect(affine.grads.W).toBe(affine.dW);
    tf.dispose([x, y, dout, dx]);
    affine.dispose();
    tf.dispose([affine.params.W, affine.params.b]);
  });

  test("an NCHW input is flattened; dx, dW, db match tf.grad and a float64 numerical gradient", () => {
    const [N, C, H, W_] = [2, 2, 2, 3];
    const I = C * H * W_;
    const O = 4;
    const xv = seededArray(N * I, 21);
    const Wv = seededArray(I * O, 22);
    const bv = seededArray(O, 23);
    const dv = seededArray(N * O, 24);
    const x = tf.tensor4d(Float32Array.from(xv), [N, C, H, W_]);
    const W = tf.tensor2d(Float32Array.from(Wv), [I, O]);
    const b = tf.tensor1d(Float32Array.from(bv));
    const dout = tf.tensor2d(Float32Array.from(dv), [N, O]);
    const affine = new Affine(W, b);
    const y = affine.forward(x);
    expect(y.shape).toEqual([N, O]);
    expect(affine.outputShape([N, C, H, W_])).toEqual([N, O]);
    expectClose(y, affine64(xv, Wv, bv, N, I, O));
    const dx = affine.backward(dout);
    expect(dx.shape).toEqual([N, C, H, W_]);

    const [gx, gW, gb] = tf.grads((a: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.mul(tf.add(tf.matMul(tf.reshape(a, [N, I]), w), c), dout)),
    )([x, W, b]);
    expectClose(dx, gx);
    expectClose(affine.grads.W, gW);
    expectClose(affine.grads.b, gb);

    const loss = (xs: Float64Array, ws: Float64Array, bs: Float64Array) =>
      affine64(xs, ws, bs, N, I, O).reduce((s, v, i) => s + v * dv[i], 0);
    const x64 = Float64Array.from(xv);
    const W64 = Float64Array.from(Wv);
    const b64 = Float64Array.from(bv);
    expectClose(
      dx,
      numericalGradient64((v) => loss(v, W64, b64), x64),
      { atol: 1e-5 },
    );
    expectClose(
      affine.grads.W,
      numericalGradient64((v) => loss(x64, v, b64), W64),
      { atol: 1e-5 },
    );
    expectClose(
      affine.grads.b,
      numericalGradient64((v) => loss(x64, W64, v), b64),
      { atol: 1e-5 },
    );
    tf.dispose([x, W, b, dout, y, dx, gx, gW, gb]);
    affine.dispose();
    tf.dispose([affine.params.W, affine.params.b]);
  });

  test("a Variable param is shared; a plain Tensor is copied", () => {
    const Wvar = tf.variable(tf.ones([2, 1]));
    const b = tf.zeros([1]);
    const affine = new Affine(Wvar, b);
    expect(affine.params.W).toBe(Wvar);
    expect(affine.params.b).not.toBe(b);
    expect(affine.params.b).toBeInstanceOf(tf.Variable);
    b.dispose(); // the layer's copy survives
    const x = tf.tensor2d([[1, 2]]);
    const y1 = affine.forward(x);
    expectClose(y1, [3]);
    Wvar.assign(tf.tensor2d([[2], [0]])); // an optimizer's update is seen by the layer
    const y2 = affine.forward(x);
    expectClose(y2, [2]);
    tf.dispose([x, y1, y2, Wvar, affine.params.b]);
    affine.dispose();
  });

  test("errors: constructor shapes, input features, dout, backward before forward", () => {
    const W = tf.zeros([784, 100]);
    const b = tf.zeros([100]);
    const before = tf.memory().numTensors;
    expect(() => new Affine(W, tf.zeros([50]), "Affine1")).toThrow(
      'Affine "Affine1" constructor: b must be rank 1 [100] to match W [784, 100], got shape [50]',
    );
    expect(() => new Affine(b, b, "Affine1")).toThrow('Affine "Affine1" constructor: W must be rank 2, got shape [100]');
    expect(() => new Affine([[1]] as never, b)).toThrow(TypeError);
    expect(tf.memory().numTensors).toBe(before + 1); // only the zeros([50]) argument: no half-built Variables left
    const affine = new Affine(W, b, "Affine1");
    const dout = tf.zeros([2, 100]);
    expect(() => affine.backward(dout)).toThrow('Affine "Affine1" backward: called before forward');
    const x = tf.zeros([2, 100]);
    expect(() => affine.forward(x)).toThrow(ShapeError);
    expect(() => affine.forward(x)).toThrow(
      'Affine "Affine1" forward: input must be rank >= 2 with 784 features per sample, got shape [2, 100]',
    );
    const v = tf.zeros([784]);
    expect(() => affine.forward(v)).toThrow("got shape [784]");
    expect(() => affine.outputShape([2, 1, 28, 27])).toThrow('Affine "Affine1" outputShape: input must be rank >= 2 with 784');
    const img = tf.zeros([2, 1, 28, 28]);
    const y = affine.forward(img);
    const bad = tf.zeros([3, 100]);
    expect(() => affine.backward(bad)).toThrow(
      'Affine "Affine1" backward: dout must be the shape forward returned [2, 100], got shape [3, 100]',
    );
    tf.dispose([W, b, dout, x, v, img, y, bad, affine.params.W, affine.params.b]);
    affine.dispose();
  });

  test("no tensors leak: one step returns to the start; many steps do not grow", () => {
    const W = tf.variable(tf.randomNormal([6, 3], 0, 0.1, "float32", 1));
    const b = tf.variable(tf.zeros([3]));
    const x = tf.randomNormal([4, 6], 0, 1, "float32", 2);
    const before = tf.memory().numTensors;
    const affine = new Affine(W, b);
    const step = () => {
      const y = affine.forward(x);
      const dx = affine.backward(y);
      tf.dispose([y, dx]);
    };
    step();
    const afterOne = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) step();
    expect(tf.memory().numTensors).toBe(afterOne);
    affine.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([W, b, x]);
  });
});
