import { gradientNorms } from "../../lib/viz";

describe("gradientNorms", () => {
  it("draws one line per series over the layers, on a log axis", () => {
    const fig = gradientNorms({
      sigmoid: { Affine1: 1e-5, Affine2: 4e-4, Affine3: 0.02 },
      ReLU: { Affine1: 0.03, Affine2: 0.04, Affine3: 0.05 },
    });
    expect(fig.data.map((d) => [d.type, d.name])).toEqual([
      ["scatter", "sigmoid"],
      ["scatter", "ReLU"],
    ]);
    expect(fig.data[0].x).toEqual(["Affine1", "Affine2", "Affine3"]);
    expect(fig.data[0].y).toEqual([1e-5, 4e-4, 0.02]);
    expect((fig.data[0].line as { color: string }).color).not.toBe((fig.data[1].line as { color: string }).color);
    const layout = fig.layout as Record<string, { text?: string; type?: string; title?: { text: string } }>;
    expect(layout.yaxis.type).toBe("log");
    expect(layout.xaxis.title!.text).toMatch(/layer/);
    expect(layout.yaxis.title!.text).toMatch(/gradient norm/);
    expect(layout.title.text).toBe("Gradient norm per layer");
  });

  it("accepts arrays of norms (layers 1, 2, ...) and a linear axis", () => {
    const fig = gradientNorms({ tanh: [0.1, 0.2, 0] }, { logY: false, title: "tanh" });
    expect(fig.data[0].x).toEqual(["1", "2", "3"]);
    expect((fig.layout.yaxis as { type: string }).type).toBe("linear");
  });

  it("rejects bad norms", () => {
    expect(() => gradientNorms({ a: [0.1, 0] })).toThrow(/series "a" layer "2" norm is 0, which a log axis cannot show/);
    expect(() => gradientNorms({ a: [-1] }, { logY: false })).toThrow(/norm must be a finite number >= 0, got number -1/);
    expect(() => gradientNorms({})).toThrow(/at least one series/);
    expect(() => gradientNorms({ a: 3 as never })).toThrow(/series "a" must be \{ layer: norm \} or an array/);
  });
});
