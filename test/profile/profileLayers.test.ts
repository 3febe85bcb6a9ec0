import * as tf from "@tensorflow/tfjs-core";
import { toMimeBundle } from "../../lib/host";
import { SimpleConvNet } from "../../lib/nets/simpleConvNet";
import { profileLayers } from "../../lib/profile";

function smallNet() {
  return new SimpleConvNet({ inputShape: [1, 8, 8], filterNum: 4, filterSize: 3, pad: 1, hiddenSize: 6, outputSize: 3, seed: 3 });
}

describe("profileLayers", () => {
  test("times every layer and the loss layer, as plain numbers that add up to the totals", () => {
    const net = smallNet();
    const x = tf.randomNormal([5, 1, 8, 8], 0, 1, "float32", 1);
    const t = tf.tensor1d([0, 1, 2, 1, 0], "int32");
    const p = profileLayers(net, x, t, { repeats: 3 });
    expect(p.layers.map((l) => l.name)).toEqual([...net.layers.map((l) => l.name), net.lossLayer.name]);
    expect(p.layers[0].type).toBe("Convolution");
    for (const l of p.layers) {
      expect(Number.isFinite(l.forwardMs) && l.forwardMs >= 0).toBe(true);
      expect(Number.isFinite(l.backwardMs) && l.backwardMs >= 0).toBe(true);
    }
    expect(p.forwardMs).toBeCloseTo(
      p.layers.reduce((s, l) => s + l.forwardMs, 0),
      9,
    );
    expect(p.backwardMs).toBeCloseTo(
      p.layers.reduce((s, l) => s + l.backwardMs, 0),
      9,
    );
    expect(p.imagesPerSecond).toBeCloseTo((5 * 1000) / (p.forwardMs + p.backwardMs), 6);
    expect(p.batch).toBe(5);
    expect(p.repeats).toBe(3);
    // Plain data: survives a JSON round trip with the numbers intact.
    expect(JSON.parse(JSON.stringify(p)).layers[0].forwardMs).toBe(p.layers[0].forwardMs);
    tf.dispose([x, t]);
    net.dispose();
  });

  test("leaves the params and the tensor count as it found them", () => {
    const net = smallNet();
    const x = tf.randomNormal([4, 1, 8, 8], 0, 1, "float32", 2);
    const t = tf.tensor1d([0, 1, 2, 1], "int32");
    const before = Object.fromEntries(Object.entries(net.params()).map(([k, v]) => [k, Array.from(v.dataSync())]));
    net.gradient(x, t); // caches and grads exist before, so the count compares like with like
    const count = tf.memory().numTensors;
    profileLayers(net, x, t, { repeats: 2, warmup: 0 });
    expect(tf.memory().numTensors).toBe(count);
    for (const [k, v] of Object.entries(net.params())) expect(Array.from(v.dataSync())).toEqual(before[k]);
    tf.dispose([x, t]);
    net.dispose();
  });

  test("displays itself as a text and an HTML table naming every layer", () => {
    const net = smallNet();
    const x = tf.randomNormal([2, 1, 8, 8]);
    const t = tf.tensor1d([0, 2], "int32");
    const bundle = profileLayers(net, x, t, { repeats: 1 })[toMimeBundle]();
    const text = bundle["text/plain"] as string;
    const html = bundle["text/html"] as string;
    for (const l of net.layers) {
      expect(text).toContain(l.name);
      expect(html).toContain(`<td style="text-align:left">${l.name}</td>`);
    }
    expect(text).toMatch(/forward ms +backward ms/);
    expect(text).toMatch(/^total /m);
    tf.dispose([x, t]);
    net.dispose();
  });

  test("rejects what it cannot time with errors naming the argument", () => {
    const net = smallNet();
    const x = tf.zeros([2, 1, 8, 8]);
    const t = tf.tensor1d([0, 1], "int32");
    expect(() => profileLayers({} as never, x, t)).toThrow(/profileLayers: net must have layers and a lossLayer/);
    expect(() => profileLayers(net, [1, 2] as never, t)).toThrow(TypeError);
    expect(() => profileLayers(net, x, t, { repeats: 0 })).toThrow(/repeats must be an integer >= 1, got 0/);
    expect(() => profileLayers(net, x, t, { warmup: -1 })).toThrow(RangeError);
    tf.dispose([x, t]);
    net.dispose();
  });
});
