import * as tf from "@tensorflow/tfjs-core";
import { activationHistograms } from "../../lib/viz";
import { rng } from "./vizHelpers";

describe("activationHistograms", () => {
  const rand = rng(11);
  // Sigmoid outputs with std-1 weights pile up at 0 and 1; with Xavier they sit in the middle.
  const saturated = Float32Array.from({ length: 5000 }, () => (rand() < 0.5 ? rand() * 0.05 : 0.95 + rand() * 0.05));
  const centred = Float32Array.from({ length: 5000 }, () => 0.3 + rand() * 0.4);

  it("bins each layer into its own subplot with a shared range, counts summing to the sample size", () => {
    const t = tf.tensor1d(centred);
    const fig = activationHistograms({ "Layer 1": saturated, "Layer 2": t }, { range: [0, 1], bins: 20 });
    t.dispose();
    expect(fig.data).toHaveLength(2);
    expect(fig.data.map((d) => [d.type, d.xaxis, d.yaxis])).toEqual([
      ["bar", "x", "y"],
      ["bar", "x2", "y2"],
    ]);
    const counts = fig.data.map((d) => d.y as number[]);
    expect(counts[0].reduce((a, b) => a + b)).toBe(5000);
    expect(counts[1].reduce((a, b) => a + b)).toBe(5000);
    // Saturated: the outer bins hold everything; centred: nothing outside 0.3..0.7.
    expect(counts[0][0] + counts[0][19]).toBe(5000);
    expect(counts[1][0] + counts[1][19]).toBe(0);
    expect((fig.data[0].x as number[])[0]).toBeCloseTo(0.025);
    const layout = fig.layout;
    expect((layout.xaxis2 as { range: number[] }).range).toEqual([0, 1]);
    expect((layout.annotations as { text: string }[]).map((a) => a.text)).toEqual(["<b>Layer 1</b>", "<b>Layer 2</b>"]);
    expect((layout.title as { text: string }).text).toBe("Activation distribution per layer");
    // A million activations would still be 2 x 20 numbers.
    expect(JSON.stringify(fig).length).toBeLessThan(4000);
  });

  it("uses the data's range by default and reports dropped non-finite values", () => {
    const fig = activationHistograms({ a: [1, 2, 3, NaN] });
    expect((fig.layout.xaxis as { range: number[] }).range).toEqual([1, 3]);
    expect((fig.data[0].y as number[]).reduce((a, b) => a + b)).toBe(3);
    expect((fig.layout.annotations as { text: string }[])[0].text).toContain("1 non-finite dropped");
  });

  it("rejects bad input", () => {
    expect(() => activationHistograms([] as never)).toThrow(/activationHistograms: layers must be an object/);
    expect(() => activationHistograms({})).toThrow(/at least one layer/);
    expect(() => activationHistograms({ a: [NaN] })).toThrow(/layers\["a"\] has no finite values/);
    expect(() => activationHistograms({ a: [1] }, { bins: 0 })).toThrow(/bins must be an integer in 1..1000, got 0/);
    expect(() => activationHistograms({ a: [1] }, { range: [1, 0] })).toThrow(/range must be \[min, max\]/);
  });
});
