import * as tf from "@tensorflow/tfjs-core";
import { SimpleConvNet } from "../../lib/nets/simpleConvNet";
import { Adam } from "../../lib/optimizers/adam";
import { buildNet, type NetSpec } from "../../lib/nets";
import { ParallelNet } from "../../lib/parallel";
import type { PlatformWorker } from "../../lib/platform";
import { expectClose } from "../helpers/expectClose";

// The workers run the compiled library (dist/); `npm install` builds it (prepare).
const spec: NetSpec = {
  net: "SimpleConvNet",
  options: { inputShape: [1, 8, 8], filterNum: 4, filterSize: 3, pad: 1, hiddenSize: 8, outputSize: 3, seed: 5 },
};

function batch(n: number, seed: number) {
  const x = tf.randomNormal([n, 1, 8, 8], 0, 1, "float32", seed);
  const t = tf.tensor1d(
    Array.from({ length: n }, (_, i) => (i * 7 + seed) % 3),
    "int32",
  );
  return { x, t };
}

/** The worker threads of a ParallelNet (private: only tests reach in). */
function workersOf(par: ParallelNet): PlatformWorker[] {
  return (par as unknown as { handles: Array<{ worker: PlatformWorker }> }).handles.map((h) => h.worker);
}

describe("ParallelNet", () => {
  jest.setTimeout(60_000);

  test("the gradient over shares on two threads equals the whole batch's gradient on one", () => {
    const par = new ParallelNet(spec, { workers: 1 });
    const one = new SimpleConvNet(spec.options);
    const { x, t } = batch(7, 1); // unequal shares: 4 on the main thread, 3 on the worker
    const a = par.gradient(x, t);
    const b = one.gradient(x, t);
    expect(a.loss).toBeCloseTo(b.loss, 5);
    expect(Object.keys(a.grads).sort()).toEqual(Object.keys(b.grads).sort());
    for (const k of Object.keys(b.grads)) {
      expect(a.grads[k].shape).toEqual(b.grads[k].shape);
      expectClose(a.grads[k], b.grads[k].dataSync(), { atol: 1e-5, rtol: 1e-4 });
    }
    tf.dispose([x, t]);
    par.dispose();
    one.dispose();
  });

  test("trains with an optimizer: workers follow the updated params, the loss falls, no tensor leaks", () => {
    const par = new ParallelNet(spec, { workers: 1 });
    const opt = new Adam({ lr: 0.01 });
    const { x, t } = batch(12, 2);
    const step = () => {
      const { loss, grads } = par.gradient(x, t);
      opt.update(par.params(), grads);
      return loss;
    };
    const first = step();
    const count = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 15; i++) last = step();
    expect(tf.memory().numTensors).toBe(count);
    expect(last).toBeLessThan(first * 0.8);
    // The same steps on one thread give the same loss: the worker really used the new params.
    const one = new SimpleConvNet(spec.options);
    const opt1 = new Adam({ lr: 0.01 });
    let lastOne = 0;
    for (let i = 0; i < 16; i++) {
      const r = one.gradient(x, t);
      opt1.update(one.params(), r.grads);
      lastOne = r.loss;
    }
    expect(last).toBeCloseTo(lastOne, 3);
    tf.dispose([x, t]);
    par.dispose();
    one.dispose();
  });

  test("a worker's error reaches the caller, and the net keeps working after it", () => {
    const par = new ParallelNet(spec, { workers: 1 });
    const x = tf.randomNormal([4, 1, 8, 8]);
    const bad = tf.tensor1d([0, 1, 2, 9], "int32"); // label 9 of 3 classes, in the worker's share
    expect(() => par.gradient(x, bad)).toThrow(/x2 threads\.gradient: worker 1 of 1 failed on its share of the batch: .*9/);
    const good = tf.tensor1d([0, 1, 2, 0], "int32");
    expect(Number.isFinite(par.gradient(x, good).loss)).toBe(true);
    tf.dispose([x, bad, good]);
    par.dispose();
  });

  test("a worker whose thread ends during a gradient is a clear error naming it, not a hang; later calls fail at once", async () => {
    const par = new ParallelNet(spec, { workers: 2, timeoutMs: 60_000 });
    const { x, t } = batch(9, 4);
    par.gradient(x, t); // both workers are up
    // Between steps the event loop turns (a Trainer yields after every batch): the workers'
    // online events arrive in its poll phase, and the next step sees them running.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setImmediate(resolve));
    par.gradient(x, t);
    // Ended while the main thread is about to block on it: no exit event can arrive meanwhile.
    workersOf(par)[1].terminate();
    const started = Date.now();
    expect(() => par.gradient(x, t)).toThrow(
      /x3 threads\.gradient: worker 2 of 2 (stopped before it answered|is gone) \(its thread stopped/,
    );
    expect(Date.now() - started).toBeLessThan(10_000); // far below the 60 s timeout
    expect(() => par.gradient(x, t)).toThrow(/worker 2 of 2 is gone .*build a new ParallelNet/);
    // The main thread's net and its params are intact.
    expect(Number.isFinite(par.net.gradient(x, t).loss)).toBe(true);
    tf.dispose([x, t]);
    par.dispose();
  });

  test("dispose stops every worker; a disposed net refuses work", async () => {
    const par = new ParallelNet(spec, { workers: 2 });
    expect(par.threads).toBe(3);
    const { x, t } = batch(6, 3);
    par.gradient(x, t);
    const workers = workersOf(par);
    const exits = workers.map((w) => new Promise<number>((resolve) => w.onExit(resolve)));
    par.dispose();
    par.dispose(); // twice is fine
    await Promise.all(exits);
    expect(() => par.gradient(x, t)).toThrow(/disposed/);
    tf.dispose([x, t]);
  });

  test("bad specs and options are refused before any thread starts", () => {
    expect(() => new ParallelNet({ net: "NoSuchNet" } as never)).toThrow(
      /spec\.net must be one of DeepConvNet, SimpleConvNet, MultiLayerNet, TwoLayerNet, got "NoSuchNet"/,
    );
    expect(() => new ParallelNet(spec, { workers: 0 })).toThrow(/workers must be an integer in \[1, 64\], got 0/);
    expect(() => new ParallelNet(spec, { timeoutMs: -1 })).toThrow(RangeError);
    expect(() => new ParallelNet(spec, { shares: "fastest" as never })).toThrow(
      /shares must be "balanced" or "equal", got the string "fastest"/,
    );
    const net = buildNet(spec);
    expect(net.name).toBe("SimpleConvNet");
    net.dispose();
  });
});
