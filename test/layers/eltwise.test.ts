import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { Eltwise, type EltwiseOptions } from "../../lib/layers/eltwise";
import { expectClose } from "../helpers/expectClose";
import { numericalGradient64, seededArray } from "../helpers/numericalGradient";

/** Caffe's three operations in float64, elementwise over three bottoms. */
function eltwise64(op: EltwiseOptions["operation"], coeff: readonly number[] | undefined, xs: readonly Float64Array[]): Float64Array {
  return Float64Array.from(xs[0], (_, i) => {
    if (op === "PROD") return xs.reduce((p, x) => p * x[i], 1);
    if (op === "MAX") return Math.max(...xs.map((x) => x[i]));
    return xs.reduce((s, x, k) => s + (coeff?.[k] ?? 1) * x[i], 0);
  });
}

const cases: { label: string; options: EltwiseOptions; tfOp: (xs: tf.Tensor[]) => tf.Tensor }[] = [
  { label: "SUM", options: {}, tfOp: (xs) => tf.addN(xs) },
  {
    label: "SUM with coeff [1, -2, 0.5]",
    options: { coeff: [1, -2, 0.5] },
    tfOp: (xs) => tf.addN([xs[0], tf.mul(xs[1], -2), tf.mul(xs[2], 0.5)]),
  },
  { label: "PROD", options: { operation: "PROD" }, tfOp: (xs) => tf.mul(tf.mul(xs[0], xs[1]), xs[2]) },
  { label: "MAX", options: { operation: "MAX" }, tfOp: (xs) => tf.maximum(tf.maximum(xs[0], xs[1]), xs[2]) },
];

describe("Eltwise", () => {
  test("hand-computed values: SUM, PROD and MAX of two bottoms, and their backward", () => {
    const a = tf.tensor1d([1, -2, 3]);
    const b = tf.tensor1d([4, 5, -6]);
    const dout = tf.tensor1d([1, 10, 100]);
    const sum = new Eltwise("Sum");
    const prod = new Eltwise("Prod", { operation: "PROD" });
    const max = new Eltwise("Max", { operation: "MAX" });
    const ys = [sum.forward([a, b]), prod.forward([a, b]), max.forward([a, b])];
    expectClose(ys[0], [5, 3, -3]);
    expectClose(ys[1], [4, -10, -18]);
    expectClose(ys[2], [4, 5, 3]);
    const grads = [...sum.backward(dout), ...prod.backward(dout), ...max.backward(dout)];
    expectClose(grads[0], [1, 10, 100]); // the add gate passes dout on
    expectClose(grads[1], [1, 10, 100]);
    expectClose(grads[2], [4, 50, -600]); // the multiply gate swaps the inputs
    expectClose(grads[3], [1, -20, 300]);
    expectClose(grads[4], [0, 0, 100]); // the max gate routes dout to the winner
    expectClose(grads[5], [1, 10, 0]);
    tf.dispose([a, b, dout, ...ys, ...grads]);
    [sum, prod, max].forEach((l) => l.dispose());
  });

  test.each(cases)("$label: backward of three bottoms matches tf.grad and a float64 numerical gradient", ({ options, tfOp }) => {
    const shape = [2, 3, 2, 2];
    const size = 24;
    const vs = [11, 12, 13].map((seed) => seededArray(size, seed));
    const dv = seededArray(size, 14);
    const xs = vs.map((v) => tf.tensor(Float32Array.from(v), shape));
    const dout = tf.tensor(Float32Array.from(dv), shape);
    const layer = new Eltwise("E", options);
    const y = layer.forward(xs);
    expectClose(y, eltwise64(options.operation, options.coeff, vs));
    const dxs = layer.backward(dout);
    const gs = tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.sum(tf.mul(tfOp([p, q, r]), dout)))(xs);
    vs.forEach((v, k) => {
      expectClose(dxs[k], gs[k]);
      const f = (xk: Float64Array): number =>
        eltwise64(
          options.operation,
          options.coeff,
          vs.map((o, j) => (j === k ? xk : o)),
        ).reduce((s, e, i) => s + e * dv[i], 0);
      expectClose(dxs[k], numericalGradient64(f, Float64Array.from(v)), { atol: 1e-5 });
    });
    tf.dispose([...xs, dout, y, ...dxs, ...gs]);
    layer.dispose();
  });

  test("PROD's gradient stays right where a bottom is 0 (the product of the others, not y / x)", () => {
    const a = tf.tensor1d([0, 2]);
    const b = tf.tensor1d([3, 0]);
    const layer = new Eltwise("P", { operation: "PROD" });
    const y = layer.forward([a, b]);
    const d = tf.ones([2]);
    const [da, db] = layer.backward(d);
    expectClose(da, [3, 0]);
    expectClose(db, [0, 2]);
    tf.dispose([a, b, y, d, da, db]);
    layer.dispose();
  });

  test("errors: operation, coeff, bottom count and shapes", () => {
    expect(() => new Eltwise("E", { operation: "MIN" as never })).toThrow(
      'Eltwise "E": operation must be "SUM", "PROD" or "MAX", got "MIN"',
    );
    expect(() => new Eltwise("E", { operation: "PROD", coeff: [1, 1] })).toThrow(
      'Eltwise "E": coeff is only for operation "SUM", got operation "PROD"',
    );
    const a = tf.zeros([2, 3]);
    const b = tf.zeros([3, 2]);
    const e = new Eltwise("E", { coeff: [1, 2, 3] });
    expect(() => e.forward([a, a])).toThrow('Eltwise "E": has 3 coefficients for 2 bottoms (one per bottom)');
    expect(() => new Eltwise("E").forward([a])).toThrow('Eltwise "E": needs at least 2 bottoms, got 1');
    expect(() => new Eltwise("E").forward([a, b])).toThrow(ShapeError);
    expect(() => new Eltwise("E").forward([a, b])).toThrow('Eltwise "E": bottom 1 must be the shape of bottom 0 [2, 3], got shape [3, 2]');
    expect(() => new Eltwise("E").backward(a)).toThrow('Eltwise "E" backward: called before forward');
    tf.dispose([a, b]);
  });

  test("no tensors leak: each operation over repeated steps, then dispose", () => {
    const a = tf.ones([2, 2]);
    const b = tf.fill([2, 2], 2);
    for (const operation of ["SUM", "PROD", "MAX"] as const) {
      const layer = new Eltwise("E", { operation });
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        const y = layer.forward([a, b]);
        tf.dispose([y, ...layer.backward(y)]);
      }
      layer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    tf.dispose([a, b]);
  });
});
