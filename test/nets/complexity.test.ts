import { DeepConvNet } from "../../lib/nets/deepConvNet";
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

  test("rejects what is not a net, naming what it got", () => {
    expect(() => netComplexity({} as never)).toThrow(
      "netComplexity: net must have layers (an array) and inputShape (e.g. [1, 28, 28]), got an object (Object)",
    );
  });
});
