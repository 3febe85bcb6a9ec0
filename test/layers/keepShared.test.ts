import * as tf from "@tensorflow/tfjs-core";
import { keepShared } from "../../lib/layers/keepShared";
import { Relu } from "../../lib/layers/relu";

describe("keepShared", () => {
  test("keeps x's data without a copy: same data buffer, no new buffer, values outlive x", () => {
    const x = tf.tensor2d([
      [1, -2],
      [3, -4],
    ]);
    const buffers = tf.memory().numDataBuffers;
    const kept = keepShared(x);
    expect(kept.dataId).toBe(x.dataId);
    expect(tf.memory().numDataBuffers).toBe(buffers);
    x.dispose();
    expect(kept.isDisposed).toBe(false);
    expect(Array.from(kept.dataSync())).toEqual([1, -2, 3, -4]);
    kept.dispose();
    expect(tf.memory().numDataBuffers).toBe(buffers - 1);
  });

  test("survives a tf.tidy around the caller, and a Variable's later assign does not change it", () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const kept = tf.tidy(() => keepShared(v));
    v.assign(tf.tensor1d([7, 8, 9]));
    expect(Array.from(kept.dataSync())).toEqual([1, 2, 3]);
    tf.dispose([kept, v]);
  });

  test("a layer's forward caches its input without copying it (Relu)", () => {
    const relu = new Relu("Relu1");
    const x = tf.randomNormal([4, 8]);
    const buffers = tf.memory().numDataBuffers;
    const y = relu.forward(x);
    // One new buffer: y. The cached input shares x's.
    expect(tf.memory().numDataBuffers).toBe(buffers + 1);
    tf.dispose([x, y]);
    relu.dispose();
  });
});
