import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { imageGrid } from "../../lib/viz";
import { embeddedPngs, mnistDigits, svgTexts } from "./vizHelpers";

describe("imageGrid", () => {
  const { x, labels } = mnistDigits(100);

  it("tiles 100 real digits into one PNG under the 60 KB figure budget", () => {
    const fig = imageGrid(x, { shape: [100, 1, 28, 28], labels, columns: 10 });
    expect(fig.kind).toBe("svg");
    const bytes = Buffer.byteLength(fig.svg, "utf8");
    // The stated budget for a captioned 100-digit grid (the whole SVG, PNG as base64 inside).
    expect(bytes).toBeLessThan(60 * 1024);
    const pngs = embeddedPngs(fig.svg);
    expect(pngs).toHaveLength(1);
    const [png] = pngs;
    // 10 tiles of 28 px plus 11 gaps of 2 px (4 screen px at scale 2).
    expect(png.width).toBe(10 * 28 + 11 * 2);
    // 10 rows of 28 px + a 7 px caption strip (14 screen px) + gaps.
    expect(png.height).toBe(10 * (28 + 7 + 2) + 2);
    expect(fig.width).toBe(png.width * 2);
    expect(svgTexts(fig.svg).slice(2, 12)).toEqual(labels.slice(0, 10).map(String));
  });

  it("puts the pixels where they belong: the first digit's brightest pixel is white in the PNG", () => {
    const fig = imageGrid(x.subarray(0, 784 * 4), { shape: [4, 28, 28], columns: 2, normalize: [0, 1] });
    const png = embeddedPngs(fig.svg)[0];
    let best = 0;
    for (let i = 1; i < 784; i++) if (x[i] > x[best]) best = i;
    const h = Math.floor(best / 28);
    const w = best % 28;
    const gap = 2;
    const at = ((gap + h) * png.width + gap + w) * 4;
    expect(png.data[at]).toBe(Math.round(x[best] * 255));
    // A background pixel of the digit (top-left corner is 0 in MNIST) is black; the gap is white.
    expect(png.data[(gap * png.width + gap) * 4]).toBe(0);
    expect(png.data[0]).toBe(255);
  });

  it("marks mistakes: red caption and border, prediction with the true label, count in the title", () => {
    const predictions = labels.slice(0, 20).map((t, i) => (i % 7 === 3 ? (t + 1) % 10 : t));
    const fig = imageGrid(x.subarray(0, 20 * 784), { shape: [20, 1, 28, 28], labels: labels.slice(0, 20), predictions });
    const wrong = predictions.filter((p, i) => p !== labels[i]).length;
    expect(wrong).toBe(3);
    expect(fig.svg).toContain(`20 images: ${wrong} misclassified`);
    expect((fig.svg.match(/<rect[^>]*stroke="#D55E00"/g) ?? []).length).toBe(wrong);
    const texts = svgTexts(fig.svg);
    expect(texts).toContain(`${predictions[3]} (${labels[3]})`);
    expect(fig.alt).toMatch(/Mistakes in red/);
  });

  it("accepts tensors, class names, RGB images and one [H, W] image", () => {
    const t = tf.tensor4d(x.subarray(0, 3 * 784), [3, 1, 28, 28]);
    const fig = imageGrid(t, { labels: [0, 1, 2], classNames: ["zero", "one", "two"], title: "three" });
    t.dispose();
    expect(svgTexts(fig.svg)).toEqual(expect.arrayContaining(["three", "zero", "one", "two"]));
    const rgb = imageGrid(
      Float32Array.from({ length: 2 * 3 * 4 * 4 }, (_, i) => i % 7),
      { shape: [2, 3, 4, 4], scale: 4 },
    );
    const png = embeddedPngs(rgb.svg)[0];
    expect(png.width).toBe(2 * 4 + 3 * 1);
    const one = imageGrid(
      [
        [0, 1],
        [1, 0],
      ],
      { scale: 10 },
    );
    expect(embeddedPngs(one.svg)[0].width).toBe(2 + 2);
  });

  it("truncates long captions to the tile width and keeps the full text as a tooltip", () => {
    const fig = imageGrid(x.subarray(0, 784), { shape: [1, 28, 28], captions: ["a very long caption for one small digit"] });
    expect(fig.svg).toContain("<title>a very long caption for one small digit</title>");
    const shown = svgTexts(fig.svg).find((s) => s.startsWith("a very"))!;
    expect(shown.length).toBeLessThan(12);
    expect(shown.endsWith("\u2026")).toBe(true);
  });

  it("rejects bad input with messages that name the argument", () => {
    expect(() => imageGrid(x, { shape: [50, 2, 28, 28] })).toThrow(ShapeError);
    expect(() => imageGrid(x, { shape: [50, 2, 28, 28] })).toThrow(/imageGrid: images must be \[N, H, W\].*got shape \[50, 2, 28, 28\]/);
    expect(() => imageGrid(x, { shape: [99, 28, 28] })).toThrow(/images must be 77616 values/);
    expect(() => imageGrid(x, { shape: [100, 28, 28], labels: [1, 2] })).toThrow(
      /labels must be one entry per image \(100\), got shape \[2\]/,
    );
    expect(() => imageGrid([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => imageGrid([[1, "a"]] as never)).toThrow(TypeError);
    expect(() => imageGrid([[1, NaN]])).toThrow(/finite numbers, got NaN/);
    expect(() => imageGrid(x, { shape: [100, 28, 28], columns: 0 })).toThrow(/columns must be an integer >= 1, got number 0/);
    expect(() => imageGrid(x, { shape: [100, 28, 28], normalize: "max" as never })).toThrow(/normalize must be/);
    expect(() => imageGrid("digits" as never)).toThrow(/images must be a tensor or an array of numbers/);
  });

  it("leaves the tensor count unchanged (labels given as a one-hot tensor)", () => {
    const before = tf.memory().numTensors;
    const t = tf.tidy(() => tf.oneHot(tf.tensor1d([3, 1], "int32"), 10));
    const imgs = tf.zeros([2, 28, 28]);
    const mid = tf.memory().numTensors;
    imageGrid(imgs, { labels: t, predictions: [3, 2] });
    expect(tf.memory().numTensors).toBe(mid);
    tf.dispose([t, imgs]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
