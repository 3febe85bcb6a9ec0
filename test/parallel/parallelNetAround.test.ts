import * as tf from "@tensorflow/tfjs-core";
import { Affine } from "../../lib/layers/affine";
import { SoftmaxWithLoss } from "../../lib/layers/softmaxWithLoss";
import { Sequential } from "../../lib/nets/sequential";
import { TwoLayerNet } from "../../lib/nets/twoLayerNet";
import { buildNet } from "../../lib/nets";
import { ParallelNet } from "../../lib/parallel";
import { expectClose } from "../helpers/expectClose";

// The workers run the compiled library (dist/): `npm run build` first.
jest.setTimeout(60_000);

describe("ParallelNet around an existing net", () => {
  test("the main thread computes on that very net; dispose stops the workers and leaves the net to its owner", () => {
    const net = new TwoLayerNet(6, 5, 3, { seed: 4, weightInitStd: 0.5 });
    expect(net.spec).toEqual({ net: "TwoLayerNet", options: { seed: 4, weightInitStd: 0.5, inputSize: 6, hiddenSize: 5, outputSize: 3 } });
    const replica = buildNet(net.spec);
    expect(Object.keys(replica.params())).toEqual(Object.keys(net.params()));
    replica.dispose();
    const par = new ParallelNet(net, { workers: 1 });
    expect(par.net).toBe(net);
    expect(par.params()["Affine1.W"]).toBe(net.params()["Affine1.W"]);
    const x = tf.randomNormal([9, 6], 0, 1, "float32", 1);
    const t = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2], "int32");
    const a = par.gradient(x, t);
    const b = net.gradient(x, t);
    expect(a.loss).toBeCloseTo(b.loss, 5);
    for (const k of Object.keys(b.grads)) expectClose(a.grads[k], b.grads[k].dataSync(), { atol: 1e-5, rtol: 1e-4 });
    par.dispose();
    const y = net.predict(x); // still usable: its params were not freed
    expect(y.shape).toEqual([9, 3]);
    tf.dispose([x, t, y]);
    net.dispose();
  });

  test("a net without a spec is refused, saying what to pass instead", () => {
    const W = tf.ones([4, 2]);
    const bias = tf.zeros([2]);
    const own = new Sequential([new Affine(W, bias, "Affine1")], new SoftmaxWithLoss("Loss"), { name: "Mine", inputShape: [4] });
    expect(() => new ParallelNet(own, { workers: 1 })).toThrow(
      "ParallelNet: the net Mine has no spec to build replicas from (the library's nets carry one); pass a NetSpec",
    );
    tf.dispose([W, bias]);
    own.dispose();
  });
});
