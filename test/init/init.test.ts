import * as tf from "@tensorflow/tfjs-core";
import { he, normalStd, weightInit, xavier, zeros } from "../../lib/init";
import { Rng, setSeed } from "../../lib/random";
import { ShapeError } from "../../lib/errors";
import { stats } from "../helpers/stats";

function expectStd(t: tf.Tensor, std: number): void {
  const s = stats(t);
  expect(Math.abs(s.mean)).toBeLessThan((3 * std) / Math.sqrt(t.size) + 1e-12);
  expect(Math.abs(s.std - std) / std).toBeLessThan(0.03);
}

describe("initializers", () => {
  test("he has std sqrt(2/fanIn) over 10,000 samples", () => {
    const W = he([100, 100], 50, new Rng(1));
    expect(W.shape).toEqual([100, 100]);
    expect(W.dtype).toBe("float32");
    expectStd(W, Math.sqrt(2 / 50));
    W.dispose();
  });

  test("xavier has std sqrt(1/fanIn)", () => {
    const W = xavier([10, 1, 10, 100], 10 * 100, new Rng(2));
    expectStd(W, Math.sqrt(1 / 1000));
    W.dispose();
  });

  test("normalStd has the fixed std; std 0 gives zeros", () => {
    const W = normalStd([10000], 0.01, new Rng(3));
    expectStd(W, 0.01);
    const Z = normalStd([3, 4], 0, new Rng(3));
    expect(Array.from(Z.dataSync())).toEqual(new Array(12).fill(0));
    tf.dispose([W, Z]);
  });

  test("zeros", () => {
    const b = zeros([5]);
    expect(b.shape).toEqual([5]);
    expect(b.dtype).toBe("float32");
    expect(Array.from(b.dataSync())).toEqual([0, 0, 0, 0, 0]);
    b.dispose();
  });

  test("the same seed gives the same numbers; the values are the Rng's normals", () => {
    const a = he([4, 5], 4, new Rng(7));
    const b = he([4, 5], 4, new Rng(7));
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    const expected = new Rng(7).normalArray(20, 0, Math.sqrt(2 / 4));
    expect(Array.from(a.dataSync())).toEqual(Array.from(expected));
    setSeed(11);
    const c = xavier([3, 3], 3);
    setSeed(11);
    const d = xavier([3, 3], 3);
    expect(Array.from(c.dataSync())).toEqual(Array.from(d.dataSync()));
    tf.dispose([a, b, c, d]);
  });

  test("weightInit maps the book's options", () => {
    const cases: [Parameters<typeof weightInit>[0], number][] = [
      ["relu", Math.sqrt(2 / 100)],
      ["he", Math.sqrt(2 / 100)],
      ["sigmoid", Math.sqrt(1 / 100)],
      ["xavier", Math.sqrt(1 / 100)],
      [0.01, 0.01],
      [1, 1],
    ];
    for (const [kind, std] of cases) {
      const W = weightInit(kind, [100, 100], 100, new Rng(5));
      expectStd(W, std);
      const ref = normalStd([100, 100], std, new Rng(5));
      expect(Array.from(W.dataSync().slice(0, 5))).toEqual(Array.from(ref.dataSync().slice(0, 5)));
      tf.dispose([W, ref]);
    }
  });

  test("errors for bad shapes, fanIn, std, kind and rng", () => {
    expect(() => he([0, 3], 3)).toThrow(ShapeError);
    expect(() => he([0, 3], 3)).toThrow("he: shape must be a non-empty list of positive integers, got shape [0, 3]");
    expect(() => xavier([], 3)).toThrow(ShapeError);
    expect(() => zeros([2.5])).toThrow(ShapeError);
    expect(() => he("3" as unknown as number[], 3)).toThrow(TypeError);
    expect(() => he([3, 3], 0)).toThrow("he: fanIn must be a positive integer (inputs per output unit), got 0");
    expect(() => xavier([3, 3], 1.5)).toThrow(RangeError);
    expect(() => normalStd([3], -1)).toThrow("normalStd: std must be a finite number >= 0, got -1");
    expect(() => weightInit("tanh" as "he", [3], 3)).toThrow(
      'weightInit: kind must be "he", "relu", "xavier", "sigmoid" or a positive std, got "tanh"',
    );
    expect(() => weightInit(-0.1, [3], 3)).toThrow(RangeError);
    expect(() => he([3], 3, {} as Rng)).toThrow("he: rng must be an Rng");
  });

  test("no tensors leak", () => {
    const before = tf.memory().numTensors;
    tf.dispose([he([3, 3], 3), xavier([3], 3), normalStd([2], 1), zeros([2]), weightInit("relu", [2, 2], 2)]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
