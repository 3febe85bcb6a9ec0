import * as tf from "@tensorflow/tfjs-core";
import { SimpleConvNet } from "../../lib/nets/simpleConvNet";
import { ParallelNet } from "../../lib/parallel";
import { expectClose } from "../helpers/expectClose";

// The workers run the compiled library (dist/): `npm run build` first.
jest.setTimeout(60_000);

const options = {
  inputShape: [1, 8, 8] as [number, number, number],
  filterNum: 4,
  filterSize: 3,
  pad: 1,
  hiddenSize: 8,
  outputSize: 3,
  seed: 6,
};

describe("ParallelNet timings and balanced shares", () => {
  test("shares follow measured speed, the gradient still equals one thread's, and timings() says where the time went", () => {
    const par = new ParallelNet(new SimpleConvNet(options), { workers: 1 });
    const one = new SimpleConvNet(options);
    const x = tf.randomNormal([40, 1, 8, 8], 0, 1, "float32", 2);
    const t = tf.tensor1d(
      Array.from({ length: 40 }, (_, i) => i % 3),
      "int32",
    );
    for (let i = 0; i < 4; i++) par.gradient(x, t); // speeds measured, shares rebalanced
    par.resetTimings();
    const a = par.gradient(x, t);
    const b = one.gradient(x, t);
    expect(a.loss).toBeCloseTo(b.loss, 5);
    for (const k of Object.keys(b.grads)) expectClose(a.grads[k], b.grads[k].dataSync(), { atol: 1e-5, rtol: 1e-4 });
    const tm = par.timings();
    expect(tm.calls).toBe(1);
    expect(tm.workerMs).toHaveLength(1);
    expect(tm.mainShare).toBeGreaterThanOrEqual(1);
    expect(tm.mainShare).toBeLessThanOrEqual(39);
    for (const v of [tm.totalMs, tm.broadcastMs, tm.mainMs, tm.waitMs, tm.sumMs, ...tm.workerMs]) expect(v).toBeGreaterThanOrEqual(0);
    expect(tm.totalMs).toBeGreaterThanOrEqual(tm.broadcastMs + tm.mainMs + tm.waitMs + tm.sumMs - 1e-6);
    expect(tm.workerMs[0]).toBeGreaterThan(0);
    tf.dispose([x, t]);
    par.dispose();
    par.net.dispose();
    one.dispose();
  });
});
