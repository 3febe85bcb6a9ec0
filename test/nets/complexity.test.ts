import * as tf from "@tensorflow/tfjs-core";
import { Affine } from "../../lib/layers/affine";
import { Concat } from "../../lib/layers/concat";
import { Convolution } from "../../lib/layers/convolution";
import { Flatten } from "../../lib/layers/flatten";
import { SoftmaxWithLoss } from "../../lib/layers/softmaxWithLoss";
import { DeepConvNet } from "../../lib/nets/deepConvNet";
import { GraphNet } from "../../lib/nets/graphNet";
import { netComplexity } from "../../lib/nets/complexity";

describe("netComplexity", () => {
  test("DeepConvNet: 123,552 parameters and 17.5 MFLOP forward per image, counted layer by layer", () => {
    const net = new DeepConvNet({ seed: 1 });
    try {
      const c = netComplexity(net);
      expect(c.params).toBe(123552);
      // Hand count: 2*OH*OW*FN*C*FH*FW for each convolution, 2*in*out for each affine layer.
      const convs = [
        [28, 16, 1],
        [28, 16, 16],
        [14, 32, 16],
        [16, 32, 32],
        [8, 64, 32],
        [8, 64, 64],
      ].reduce((a, [side, FN, C]) => a + 2 * side * side * FN * C * 9, 0);
      expect(c.flops).toBe(convs + 2 * 1024 * 50 + 2 * 50 * 10);
      expect(c.flops).toBe(17544680);
      expect(c.layers.find((l) => l.name === "Conv4")?.outputShape).toEqual([32, 16, 16]);
      expect(c.layers.filter((l) => l.flops !== undefined)).toHaveLength(8);
    } finally {
      net.dispose();
    }
  });

  test("a graph net: each layer's own output shape, two branches concatenated", () => {
    // data [1, 4, 4] -> two 3x3 convolutions side by side (2 and 3 filters) -> concat [5, 4, 4] -> affine 80 -> 10.
    const net = new GraphNet(
      [
        { layer: new Convolution(tf.ones([2, 1, 3, 3]), tf.zeros([2]), { pad: 1, name: "ConvA" }), bottom: "data", top: "a" },
        { layer: new Convolution(tf.ones([3, 1, 3, 3]), tf.zeros([3]), { pad: 1, name: "ConvB" }), bottom: "data", top: "b" },
        { layer: new Concat("Cat"), bottom: ["a", "b"], top: "cat" },
        { layer: new Flatten("Flat"), bottom: "cat", top: "flat" },
        { layer: new Affine(tf.ones([80, 10]), tf.zeros([10]), "Fc"), bottom: "flat", top: "score" },
      ],
      { layer: new SoftmaxWithLoss(), bottom: "score" },
      { name: "Branches", inputShape: [1, 4, 4] },
    );
    try {
      const c = netComplexity(net);
      expect(c.layers.map((l) => [l.name, l.outputShape])).toEqual([
        ["ConvA", [2, 4, 4]],
        ["ConvB", [3, 4, 4]],
        ["Cat", [5, 4, 4]],
        ["Flat", [80]],
        ["Fc", [10]],
      ]);
      expect(c.flops).toBe(2 * 16 * 2 * 9 + 2 * 16 * 3 * 9 + 2 * 80 * 10);
      expect(c.params).toBe(2 * 9 + 2 + 3 * 9 + 3 + 80 * 10 + 10);
    } finally {
      net.dispose();
    }
  });

  test("rejects what is not a net, naming what it got", () => {
    expect(() => netComplexity({} as never)).toThrow(
      "netComplexity: net must have layers (an array) and inputShape (e.g. [1, 28, 28]), got an object (Object)",
    );
  });
});
