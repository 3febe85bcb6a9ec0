import { trainingCurves } from "../../lib/viz";

const history = {
  lossPerBatch: [2.3, 2.0, 1.5, 1.1, 0.9, 0.7, 0.6, 0.55, 0.5],
  epochs: [
    { epoch: 1, trainAcc: 0.8, testAcc: 0.78, loss: 1.93, seconds: 1.2, imagesPerSecond: 800 },
    { epoch: 2, trainAcc: 0.9, testAcc: 0.88, loss: 0.9, seconds: 1.1, imagesPerSecond: 850 },
    { epoch: 3, trainAcc: 0.94, testAcc: 0.9, loss: 0.55, seconds: 1.0, imagesPerSecond: 900 },
  ],
};

describe("trainingCurves", () => {
  it("plots loss per batch, epoch means at epoch ends, and train/test accuracy per epoch", () => {
    const fig = trainingCurves(history);
    expect(fig.kind).toBe("plotly");
    expect(fig.data.map((t) => t.name)).toEqual(["loss per batch", "loss (epoch mean)", "train accuracy", "test accuracy"]);
    expect(fig.data.every((t) => t.type === "scatter")).toBe(true);
    expect(fig.data[0].x).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(fig.data[0].y).toEqual(history.lossPerBatch);
    expect(fig.data[1].x).toEqual([3, 6, 9]);
    expect(fig.data[1].y).toEqual([1.93, 0.9, 0.55]);
    expect(fig.data[2].y).toEqual([0.8, 0.9, 0.94]);
    expect(fig.data[3].y).toEqual([0.78, 0.88, 0.9]);
    expect(fig.data.slice(2).every((t) => t.xaxis === "x2" && t.yaxis === "y2")).toBe(true);
    const layout = fig.layout as Record<string, { text?: string; title?: { text: string }; range?: number[] }>;
    expect(layout.title.text).toBe("Training curves (epoch 3: test accuracy 90.00%)");
    expect(layout.xaxis.title!.text).toBe("iteration (batch)");
    expect(layout.yaxis.title!.text).toBe("loss");
    expect(layout.xaxis2.title!.text).toBe("epoch");
    expect(layout.yaxis2.title!.text).toBe("accuracy");
    // The accuracy axis zooms in on the values but always shows 100%.
    expect(layout.yaxis2.range![0]).toBeLessThanOrEqual(0.78);
    expect(layout.yaxis2.range![1]).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });

  it("draws a partial (live) history and an empty one", () => {
    const live = trainingCurves({ lossPerBatch: [2.3, 2.1], epochs: [] }, { title: "live" });
    expect(live.data[0].y).toEqual([2.3, 2.1]);
    expect(live.data[2].y).toEqual([]);
    expect((live.layout.title as { text: string }).text).toBe("live");
    expect(trainingCurves({ lossPerBatch: [], epochs: [] }).data).toHaveLength(4);
    const noTest = trainingCurves({ lossPerBatch: [1], epochs: [{ epoch: 1, trainAcc: 0.5, testAcc: null, loss: 1 }] });
    expect(noTest.data[3].y).toEqual([null]);
  });

  it("rejects histories of the wrong shape", () => {
    expect(() => trainingCurves(null as never)).toThrow(/trainingCurves: history must be \{ lossPerBatch/);
    expect(() => trainingCurves({ lossPerBatch: "1" as never, epochs: [] })).toThrow(/history.lossPerBatch must be an array of numbers/);
    expect(() => trainingCurves({ lossPerBatch: [1, "x" as never], epochs: [] })).toThrow(
      /lossPerBatch\[1\] must be a number, got the string "x"/,
    );
    expect(() => trainingCurves({ lossPerBatch: [], epochs: [{ epoch: 1, trainAcc: 97 }] })).toThrow(
      /history.epochs\[0\].trainAcc must be a fraction in 0..1, got number 97/,
    );
    expect(() => trainingCurves({ lossPerBatch: [], epochs: [{} as never] })).toThrow(/history.epochs\[0\] must be \{ epoch: number/);
  });
});
