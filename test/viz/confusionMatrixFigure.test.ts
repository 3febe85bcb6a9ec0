import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { confusionMatrixFigure } from "../../lib/viz";

const matrix = [
  [50, 2, 0],
  [5, 40, 5],
  [0, 1, 47],
];

describe("confusionMatrixFigure", () => {
  it("draws the counts as a heatmap and per-class accuracy as bars, worst class marked", () => {
    const fig = confusionMatrixFigure(matrix, ["cat", "dog", "fox"]);
    const [hm, bar] = fig.data;
    expect(hm.type).toBe("heatmap");
    expect(hm.z).toEqual(matrix);
    expect(hm.x).toEqual(["cat", "dog", "fox"]);
    expect(hm.texttemplate).toBe("%{z}");
    expect(bar.type).toBe("bar");
    expect(bar.x).toEqual([Number((50 / 52).toFixed(4)), 0.8, Number((47 / 48).toFixed(4))]);
    const colors = (bar.marker as { color: string[] }).color;
    expect(colors[1]).toBe("#D55E00");
    expect(colors[0]).not.toBe("#D55E00");
    const layout = fig.layout as Record<string, { text?: string; title?: { text: string } }>;
    expect(layout.title.text).toBe(`Confusion matrix (accuracy ${((137 / 150) * 100).toFixed(2)}% of 150)`);
    expect(layout.xaxis.title!.text).toBe("predicted class");
    expect(layout.yaxis.title!.text).toBe("true class");
    expect(layout.xaxis2.title!.text).toBe("per-class accuracy");
  });

  it("accepts lib/train's { matrix, classNames } result and a tensor; digits by default", () => {
    const fromResult = confusionMatrixFigure({ matrix, classNames: ["a", "b", "c"] });
    expect(fromResult.data[0].y).toEqual(["a", "b", "c"]);
    const t = tf.tensor2d(matrix);
    const fromTensor = confusionMatrixFigure(t, undefined, { title: "MNIST" });
    t.dispose();
    expect(fromTensor.data[0].x).toEqual(["0", "1", "2"]);
    expect((fromTensor.layout.title as { text: string }).text).toMatch(/^MNIST \(accuracy/);
    const empty = confusionMatrixFigure([
      [0, 0],
      [0, 3],
    ]);
    expect(empty.data[1].x).toEqual([null, 1]);
    expect(empty.data[1].text).toEqual(["no samples", "100.0%"]);
  });

  it("rejects non-square matrices, non-counts and wrong class names", () => {
    expect(() =>
      confusionMatrixFigure([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toThrow(ShapeError);
    expect(() =>
      confusionMatrixFigure([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toThrow(/matrix must be a square matrix \[K, K\].*got shape \[2, 3\]/);
    expect(() =>
      confusionMatrixFigure([
        [1, 0.5],
        [0, 1],
      ]),
    ).toThrow(/counts \(non-negative integers\), got 0.5 at row 0, column 1/);
    expect(() => confusionMatrixFigure(matrix, ["a", "b"])).toThrow(/classNames must be one name per class \(3\), got shape \[2\]/);
  });
});
