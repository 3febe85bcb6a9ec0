import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs-core";
import { backendInfo, initBackend } from "../../lib/backend";

/** Whether the optional native backend loads here (npm drops it where its install failed). */
function tfjsNodeLoads(): boolean {
  try {
    createRequire(__filename)("@tensorflow/tfjs-node");
    return true;
  } catch {
    return false;
  }
}

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

  // Only a machine where tfjs-node does not load and no backend is forced can show the fallback;
  // elsewhere the test is a visible skip that says why (the first test covers what is picked).
  const fallbackSkipped = tfjsNodeLoads()
    ? "tfjs-node loads on this machine"
    : process.env.NNLAB_BACKEND
      ? `NNLAB_BACKEND=${process.env.NNLAB_BACKEND} forces the backend`
      : undefined;
  const fallbackName = "uses wasm where tfjs-node cannot load, and says why node was skipped";
  if (fallbackSkipped === undefined) {
    it(fallbackName, async () => {
      const info = await initBackend();
      expect(info.name).toBe("wasm");
      expect(info.reason).toMatch(/node did not load/);
    });
  } else {
    it.skip(`${fallbackName} (skipped: ${fallbackSkipped})`, () => {});
  }

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
