import * as tf from "@tensorflow/tfjs-core";
import { Affine } from "../../lib/layers/affine";
import { Convolution } from "../../lib/layers/convolution";
import { Flatten } from "../../lib/layers/flatten";
import { Pooling } from "../../lib/layers/pooling";
import { Relu } from "../../lib/layers/relu";
import { SoftmaxWithLoss } from "../../lib/layers/softmaxWithLoss";
import { DeepConvNet } from "../../lib/nets/deepConvNet";
import { planLayouts, relayout } from "../../lib/nets/layoutPlan";
import { Sequential } from "../../lib/nets/sequential";
import { expectClose } from "../helpers/expectClose";
import { seededArray } from "../helpers/numericalGradient";

function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(
    Float32Array.from(
      seededArray(
        shape.reduce((a, b) => a * b, 1),
        seed,
      ),
    ),
    shape,
  );
}

/** The NCHW path as it was: every layer called on its own in order, then backward in reverse. */
function nchwLossAndGrads(net: Sequential, x: tf.Tensor, t: tf.Tensor): { loss: number; grads: Record<string, tf.Tensor> } {
  const keep: tf.Tensor[] = [];
  let h = x;
  for (const l of net.layers) keep.push((h = l.forward(h, { train: true })));
  const L = net.lossLayer.forward(h, t);
  const loss = L.dataSync()[0];
  let d = net.lossLayer.backward(1);
  for (let i = net.layers.length - 1; i >= 0; i--) keep.push((d = net.layers[i].backward(d)));
  const grads: Record<string, tf.Tensor> = {};
  for (const l of net.layers) for (const [k, g] of Object.entries(l.grads)) grads[`${l.name}.${k}`] = g.clone();
  tf.dispose([...keep, L]);
  return { loss, grads };
}

describe("Sequential keeps NHWC between convolution, ReLU and pooling layers", () => {
  /** The plan as one flag string per layer: H(WC)/C(HW), < enter, > exit, + fuses the next layer. */
  function planFlags(net: Sequential, train: boolean): string[] {
    const inputs = [[1, ...net.inputShape], ...net.summary().map((r) => [1, ...r.outputShape.slice(1)] as number[])];
    return planLayouts(net.layers, inputs, train).map(
      (s, i) => `${net.layers[i].name}:${s.nhwc ? "H" : "C"}${s.enter ? "<" : ""}${s.exit ? ">" : ""}${s.fuseNext ? "+" : ""}`,
    );
  }

  test("DeepConvNet's inference plan: one NHWC run over the 15 conv/relu/pool layers, each Convolution fusing its Relu, NCHW from Flatten on", () => {
    const net = new DeepConvNet({ seed: 1 });
    expect(planFlags(net, false)).toEqual([
      "Conv1:H<+",
      "Relu1:H",
      "Conv2:H+",
      "Relu2:H",
      "Pool1:H",
      "Conv3:H+",
      "Relu3:H",
      "Conv4:H+",
      "Relu4:H",
      "Pool2:H",
      "Conv5:H+",
      "Relu5:H",
      "Conv6:H+",
      "Relu6:H",
      "Pool3:H>",
      "Affine1:C",
      "Relu7:C",
      "Dropout1:C",
      "Affine2:C",
      "Dropout2:C",
    ]);
    net.dispose();
  });

  test("DeepConvNet's training plan: NHWC runs of conv-relu-conv-relu, the max pools (NCHW loops in training) between them", () => {
    const net = new DeepConvNet({ seed: 1 });
    const run = (a: number, b: number) => [`Conv${a}:H<+`, `Relu${a}:H`, `Conv${b}:H+`, `Relu${b}:H>`];
    expect(planFlags(net, true).slice(0, 15)).toEqual([...run(1, 2), "Pool1:C", ...run(3, 4), "Pool2:C", ...run(5, 6), "Pool3:C"]);
    net.dispose();
  });

  test("a lone NHWC-capable layer, an im2col convolution and a rank-2 Relu stay NCHW", () => {
    const conv = new Convolution(tf.zeros([2, 1, 3, 3]), tf.zeros([2]), { name: "C" });
    const slow = new Convolution(tf.zeros([2, 2, 3, 3]), tf.zeros([2]), { impl: "im2col", name: "S" });
    const plan = planLayouts(
      [conv, slow, new Relu("R"), new Flatten("F"), new Relu("R2")],
      [
        [1, 1, 6, 6],
        [1, 2, 4, 4],
        [1, 2, 2, 2],
        [1, 2, 2, 2],
        [1, 8],
      ],
      false,
    );
    expect(plan.map((s) => s.nhwc)).toEqual([false, false, false, false, false]);
    tf.dispose([...Object.values(conv.params), ...Object.values(slow.params)]);
  });

  test("relayout equals the transpose both ways, also for one channel (where it is a reshape)", () => {
    tf.tidy(() => {
      for (const shape of [
        [2, 1, 3, 4],
        [2, 3, 4, 5],
        [2, 4, 5, 1],
      ]) {
        const t = seeded(shape, 1);
        expectClose(relayout(t, "NHWC"), tf.transpose(t, [0, 2, 3, 1]));
        expectClose(relayout(t, "NCHW"), tf.transpose(t, [0, 3, 1, 2]));
      }
    });
  });

  test("DeepConvNet: loss and every grad with the NHWC path equal the NCHW path (float32 tolerance)", () => {
    // Two nets with the same seed draw the same weights and the same first dropout masks.
    const viaNet = new DeepConvNet({ seed: 7 });
    const viaLayers = new DeepConvNet({ seed: 7 });
    const x = seeded([6, 1, 28, 28], 3);
    const t = tf.tensor1d([0, 1, 2, 3, 4, 5], "int32");
    const ref = nchwLossAndGrads(viaLayers, x, t);
    const { loss, grads } = viaNet.gradient(x, t);
    expect(loss).toBeCloseTo(ref.loss, 5);
    expect(Object.keys(grads).sort()).toEqual(Object.keys(ref.grads).sort());
    for (const [k, g] of Object.entries(ref.grads)) {
      const scale = Math.max(...Array.from(g.abs().dataSync()));
      expectClose(grads[k], g, { atol: 1e-5 * Math.max(1, scale), rtol: 1e-3 });
    }
    tf.dispose([x, t, ...Object.values(ref.grads)]);
    viaNet.dispose();
    viaLayers.dispose();
  });

  test("DeepConvNet: eval predict (fused convolutions, TF.js max pooling on NHWC) equals the layers run one by one in NCHW", () => {
    const net = new DeepConvNet({ seed: 2 });
    const x = seeded([5, 1, 28, 28], 9);
    const scores = net.predict(x);
    const ref = tf.tidy(() => net.layers.reduce((h, l) => l.forward(h), x));
    expectClose(scores, ref, { atol: 1e-4, rtol: 1e-4 });
    tf.dispose([x, scores, ref]);
    net.dispose();
  });

  test("a run with an unfused Convolution (no Relu after it) and stride 2: loss and grads equal the NCHW path", () => {
    const build = () =>
      new Sequential(
        [
          new Convolution(seeded([3, 2, 3, 3], 1), seeded([3], 2), { pad: 1, name: "C1" }),
          new Relu("R1"),
          new Convolution(seeded([4, 3, 3, 3], 3), seeded([4], 4), { stride: 2, name: "C2" }),
          new Pooling({ poolH: 2, poolW: 2, stride: 1, name: "P" }),
          new Flatten("F"),
          new Affine(seeded([4 * 2 * 2, 5], 5), tf.zeros([5]), "A"),
        ],
        new SoftmaxWithLoss(),
        { inputShape: [2, 7, 7] },
      );
    const net = build();
    const ref = build();
    const x = seeded([3, 2, 7, 7], 6);
    const t = tf.tensor1d([0, 3, 4], "int32");
    const expected = nchwLossAndGrads(ref, x, t);
    const { loss, grads } = net.gradient(x, t);
    expect(loss).toBeCloseTo(expected.loss, 5);
    for (const [k, g] of Object.entries(expected.grads)) expectClose(grads[k], g, { atol: 1e-5, rtol: 1e-3 });
    tf.dispose([x, t, ...Object.values(expected.grads)]);
    net.dispose();
    ref.dispose();
  });
});
