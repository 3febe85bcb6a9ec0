import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { heatmap, lineChart, scatter } from "../../lib/viz";

describe("heatmap", () => {
  it("draws a matrix top-down with values in small cells and a diverging scale centred at 0", () => {
    const fig = heatmap(
      [
        [1, 0, -1],
        [2, 0, -2],
        [1, 0, -1],
      ],
      { title: "Sobel", colorscale: "RdBu", xLabel: "w", yLabel: "h" },
    );
    const [t] = fig.data;
    expect(t.type).toBe("heatmap");
    expect(t.z).toEqual([
      [1, 0, -1],
      [2, 0, -2],
      [1, 0, -1],
    ]);
    expect([t.zmin, t.zmid, t.zmax]).toEqual([-2, 0, 2]);
    expect(t.texttemplate).toBeDefined();
    const layout = fig.layout as Record<string, { text?: string; autorange?: unknown; title?: { text: string } }>;
    expect(layout.yaxis.autorange).toBe("reversed");
    expect([layout.title.text, layout.xaxis.title!.text, layout.yaxis.title!.text]).toEqual(["Sobel", "w", "h"]);
  });

  it("takes a [1, H, W] tensor and tick labels; large matrices carry no cell text", () => {
    const t = tf.ones([1, 30, 30]);
    const fig = heatmap(t);
    t.dispose();
    expect((fig.data[0].z as number[][]).length).toBe(30);
    expect(fig.data[0].texttemplate).toBeUndefined();
    expect(heatmap([[1, 2]], { xTicks: ["a", "b"], yTicks: ["r"] }).data[0].x).toEqual(["a", "b"]);
  });

  it("rejects non-matrices and wrong tick counts", () => {
    expect(() => heatmap([1, 2, 3])).toThrow(ShapeError);
    expect(() => heatmap([1, 2, 3])).toThrow(/heatmap: z must be a non-empty matrix \[H, W\].*got shape \[3\]/);
    expect(() => heatmap([[1, 2]], { xTicks: ["a"] })).toThrow(/xTicks must be one tick label per column \(2\), got shape \[1\]/);
  });
});

describe("lineChart", () => {
  it("draws one styled line per series from an object or an array", () => {
    const fig = lineChart({ SGD: [3, 2, 1.5], Adam: [3, 1, 0.5] }, { title: "Optimizers", xLabel: "iteration", yLabel: "loss" });
    expect(fig.data.map((d) => [d.type, d.name, d.x])).toEqual([
      ["scatter", "SGD", [0, 1, 2]],
      ["scatter", "Adam", [0, 1, 2]],
    ]);
    const [a, b] = fig.data.map((d) => d.line as { color: string; dash: string });
    expect(a.color).not.toBe(b.color);
    expect(a.dash).not.toBe(b.dash);
    expect((fig.layout.xaxis as { title: { text: string } }).title.text).toBe("iteration");
    const arr = lineChart([{ name: "lr", x: [1, 10, 100], y: Float32Array.from([0.1, 0.01, 0.001]) }], { logY: true });
    expect(arr.data[0].x).toEqual([1, 10, 100]);
    expect((arr.layout.yaxis as { type: string }).type).toBe("log");
    expect((arr.layout.title as { text: string }).text).toBe("lr");
  });

  it("rejects bad series", () => {
    expect(() => lineChart([])).toThrow(/lineChart: series must hold at least one series/);
    expect(() => lineChart([{ name: "a", y: [1, 2], x: [1] }])).toThrow(/series "a" x must be as long as y \(2\), got shape \[1\]/);
    expect(() => lineChart({ a: [1, "2"] as never })).toThrow(/series "a" y\[1\] must be a number/);
  });
});

describe("scatter", () => {
  it("groups points into one trace per group with names", () => {
    const fig = scatter(
      { x: [1, 2, 3, 4], y: [4, 3, 2, 1], groups: [0, 1, 0, 1] },
      { groupNames: ["even", "odd"], xLabel: "a", yLabel: "b" },
    );
    expect(fig.data.map((d) => [d.type, d.mode, d.name, d.x])).toEqual([
      ["scatter", "markers", "even", [1, 3]],
      ["scatter", "markers", "odd", [2, 4]],
    ]);
    expect((fig.layout.title as { text: string }).text).toBe("Scatter of 4 points");
    expect(fig.layout.showlegend).toBe(true);
  });

  it("rejects mismatched arrays", () => {
    expect(() => scatter({ x: [1, 2], y: [1] })).toThrow(/scatter: points.y must be as long as points.x \(2\), got shape \[1\]/);
    expect(() => scatter({ x: [1], y: [1], groups: [] })).toThrow(/groups must be one group per point/);
    expect(() => scatter({ x: "12", y: [1] } as never)).toThrow(/points.x must be an array/);
  });
});
