import * as tf from "@tensorflow/tfjs-core";
import { backendInfo, initBackend } from "../../lib/backend";

describe("initBackend", () => {
  it("picks one backend, reports it with a reason, and returns the same answer again", async () => {
    const first = await initBackend();
    const again = await initBackend();
    expect(again).toBe(first);
    expect(backendInfo()).toBe(first);
    expect(["node", "wasm", "cpu"]).toContain(first.name);
    expect(tf.getBackend()).toBe(first.tfName);
    expect(first.reason.length).toBeGreaterThan(0);
  });

  it("uses wasm where tfjs-node cannot load, and says why node was skipped", async () => {
    let nodeLoads = true;
    try {
      require("@tensorflow/tfjs-node");
    } catch {
      nodeLoads = false;
    }
    const info = await initBackend();
    if (nodeLoads || process.env.NNLAB_BACKEND) {
      // Covered by the first test; nothing node-specific to assert on such a machine.
      expect(info.name).toBeDefined();
      return;
    }
    expect(info.name).toBe("wasm");
    expect(info.reason).toMatch(/node did not load/);
  });

  it("has TF.js's gradients and chained ops, whichever packages npm kept (tfjs-core alone has neither)", async () => {
    await initBackend();
    const x = tf.tensor1d([1, -2, 3]);
    const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(v, v)))(x);
    expect(Array.from(dx.dataSync())).toEqual([2, -4, 6]);
    const y = x.reshape([3, 1]).abs().max();
    expect(y.dataSync()[0]).toBe(3);
    tf.dispose([x, dx, y]);
  });
});
