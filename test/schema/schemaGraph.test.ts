import * as tf from "@tensorflow/tfjs-core";
import { Concat } from "../../lib/layers/concat";
import { Eltwise } from "../../lib/layers/eltwise";
import type { Pooling } from "../../lib/layers/pooling";
import { GraphNet } from "../../lib/nets/graphNet";
import { Sequential } from "../../lib/nets/sequential";
import { netFromSchema } from "../../lib/schema/netFromSchema";
import { gradientCheck } from "../../lib/train/gradientCheck";
import { verdict } from "../helpers/verdict";

const INPUTS = `input: "data" input_shape { dim: 1 dim: 1 dim: 6 dim: 6 } input: "label"`;
const conv = (name: string, bottom: string, top: string, n = 2) =>
  `layer { name: "${name}" type: "Convolution" bottom: "${bottom}" top: "${top}"
     convolution_param { num_output: ${n} kernel_size: 3 pad: 1 weight_filler { type: "msra" } } }`;
const HEAD = (bottom: string) => `
  layer { name: "fc" type: "InnerProduct" bottom: "${bottom}" top: "fc" inner_product_param { num_output: 3 weight_filler { type: "xavier" } } }
  layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }`;

/** A residual block: x -> conv1 -> relu -> Eltwise SUM with conv0's output. */
const RESIDUAL = `name: "res" ${INPUTS}
  ${conv("conv0", "data", "h")}
  ${conv("conv1", "h", "f")}
  layer { name: "relu1" type: "ReLU" bottom: "f" top: "f" }
  layer { name: "sum" type: "Eltwise" bottom: "f" bottom: "h" top: "sum" eltwise_param { operation: SUM coeff: 1 coeff: 0.5 } }
  ${HEAD("sum")}`;

const batch = (): [tf.Tensor, tf.Tensor] => [tf.randomNormal([4, 1, 6, 6], 0, 1, "float32", 3), tf.tensor1d([0, 1, 2, 1], "int32")];

describe("netFromSchema builds graph nets", () => {
  test("a blob that feeds two layers and an Eltwise with two bottoms give a GraphNet whose gradient checks numerically", () => {
    const net = netFromSchema(RESIDUAL, { seed: 1 });
    expect(net).toBeInstanceOf(GraphNet);
    const g = net as GraphNet;
    const sum = g.nodes.find((n) => n.layer.name === "sum")!.layer as Eltwise;
    expect(sum).toBeInstanceOf(Eltwise);
    expect(sum.coeff).toEqual([1, 0.5]);
    expect(Object.keys(net.params())).toEqual(["conv0.W", "conv0.b", "conv1.W", "conv1.b", "fc.W", "fc.b"]);
    const [x, t] = batch();
    expect(verdict(gradientCheck(net, x, t, { maxEntries: 12 }))).toBe("pass");
    tf.dispose([x, t]);
    net.dispose();
  });

  test("Concat joins two branches along the channels (concat_param axis 1)", () => {
    const net = netFromSchema(
      `name: "inception" ${INPUTS}
      ${conv("a", "data", "a", 2)}
      ${conv("b", "data", "b", 3)}
      layer { name: "cat" type: "Concat" bottom: "a" bottom: "b" top: "cat" concat_param { axis: 1 } }
      ${HEAD("cat")}`,
      { seed: 2 },
    ) as GraphNet;
    expect(net).toBeInstanceOf(GraphNet);
    expect(net.nodes.find((n) => n.layer.name === "cat")?.layer).toBeInstanceOf(Concat);
    expect(net.summary().find((r) => r.name === "cat")?.outputShape).toEqual([null, 5, 6, 6]);
    expect(net.params()["fc.W"].shape).toEqual([5 * 6 * 6, 3]);
    net.dispose();
  });

  test("a chain still builds a Sequential, and Caffe's Pooling rounds up (7x7, 2x2 stride 2 -> 4x4)", () => {
    const net = netFromSchema(
      `name: "chain" input: "data" input_shape { dim: 1 dim: 1 dim: 7 dim: 7 } input: "label"
      layer { name: "pool" type: "Pooling" bottom: "data" top: "pool" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
      layer { name: "pool2" type: "Pooling" bottom: "data" top: "pool2" pooling_param { pool: AVE kernel_size: 2 stride: 2 round_mode: FLOOR } }
      ${HEAD("pool")}`,
    );
    // pool2 reads data too but nothing reads pool2: not a chain.
    expect(net).toBeInstanceOf(GraphNet);
    net.dispose();
    const chain = netFromSchema(`name: "chain" input: "data" input_shape { dim: 1 dim: 1 dim: 7 dim: 7 } input: "label"
      layer { name: "pool" type: "Pooling" bottom: "data" top: "pool" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
      ${HEAD("pool")}`);
    expect(chain).toBeInstanceOf(Sequential);
    const pool = chain.layers[0] as Pooling;
    expect(pool.roundMode).toBe("ceil");
    expect((chain as Sequential).summary()[0].outputShape).toEqual([null, 1, 4, 4]);
    chain.dispose();
  });

  test("Caffe's default filler is constant 0: a layer without weight_filler starts at zero; fillers name their type and value", () => {
    const net = netFromSchema(`${INPUTS}
      layer { name: "fc0" type: "InnerProduct" bottom: "data" top: "fc0" inner_product_param { num_output: 4 } }
      layer { name: "fc" type: "InnerProduct" bottom: "fc0" top: "fc"
        inner_product_param { num_output: 3 weight_filler { type: "constant" value: 0.25 } bias_filler { type: "constant" value: 0.1 } } }
      layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }`);
    const p = net.params();
    expect(Array.from(p["fc0.W"].dataSync()).every((v) => v === 0)).toBe(true);
    expect(Array.from(p["fc.W"].dataSync()).every((v) => v === 0.25)).toBe(true);
    expect(Array.from(p["fc.b"].dataSync())).toEqual([0.1, 0.1, 0.1].map(Math.fround));
    net.dispose();
  });

  test("errors: a 3-dim input_shape, a label from nowhere, a label written by a layer, two writers of one top; nothing leaks", () => {
    const start = tf.memory().numTensors;
    expect(() => netFromSchema(RESIDUAL.replace("dim: 1 dim: 1 dim: 6 dim: 6", "dim: 1 dim: 6 dim: 6"))).toThrow(
      "netFromSchema: input_shape needs positive N, C, H, W dims as in Caffe (input_shape { dim: 1 dim: 1 dim: 28 dim: 28 }), or N, D for flat input; got [1,6,6]",
    );
    expect(() => netFromSchema(RESIDUAL.replace('input: "label"', ""))).toThrow(
      'netFromSchema: layer "loss": the label bottom "label" comes from no input and no layer; declare it as Caffe does: input: "label"',
    );
    expect(() =>
      netFromSchema(
        RESIDUAL.replace('input: "label"', "").replace('top: "sum"', 'top: "label"').replace('bottom: "sum"', 'bottom: "label"'),
      ),
    ).toThrow('the label bottom "label" is written by layer "sum"');
    expect(() => netFromSchema(RESIDUAL.replace('bottom: "h" top: "f"', 'bottom: "data" top: "h"'))).toThrow(
      'netFromSchema: layer "conv1": writes the top "h", which layer "conv0" writes; only an in-place layer (bottom "h") may write it again',
    );
    expect(() => netFromSchema(RESIDUAL.replace("operation: SUM coeff: 1 coeff: 0.5", "operation: MIN"))).toThrow(
      'layer "sum" eltwise_param: operation must be SUM, PROD or MAX, got MIN',
    );
    expect(tf.memory().numTensors).toBe(start);
  });
});
