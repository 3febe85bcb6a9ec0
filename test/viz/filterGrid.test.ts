import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { filterGrid } from "../../lib/viz";
import { embeddedPngs, rng } from "./vizHelpers";

describe("filterGrid", () => {
  const rand = rng(7);
  const W16 = Float32Array.from({ length: 16 * 1 * 3 * 3 }, () => rand() - 0.5);

  it("draws DeepConvNet's first layer (16 filters 1x3x3) as one row of 16x-scaled (48 px) tiles", () => {
    const W = tf.tensor4d(W16, [16, 1, 3, 3]);
    const fig = filterGrid(W);
    W.dispose();
    expect(fig.kind).toBe("svg");
    const [png] = embeddedPngs(fig.svg);
    // scale 16 (48 px / 3), gap 1 px: 16 tiles of 3 + 17 gaps.
    expect(png.width).toBe(16 * 3 + 17);
    expect(png.height).toBe(3 + 2);
    expect(fig.svg).toContain("Filters 3x3: 16 filters");
    expect(fig.width).toBe(png.width * 16);
  });

  it("scales every filter to its own range: each tile has a pure black and a pure white pixel (gray_r)", () => {
    const t = Float32Array.from([0, 1, 2, 3, 100, 101, 102, 103]);
    const fig = filterGrid(
      Array.from({ length: 2 }, (_, f) => [
        [
          [t[f * 4], t[f * 4 + 1]],
          [t[f * 4 + 2], t[f * 4 + 3]],
        ],
      ]),
    );
    const [p] = embeddedPngs(fig.svg);
    const px = (x: number, y: number): number => p.data[(y * p.width + x) * 4];
    // gap is 1 px; tile 0 at x 1..2, tile 1 at x 4..5. gray_r: min -> white, max -> black.
    expect([px(1, 1), px(2, 2)]).toEqual([255, 0]);
    expect([px(4, 1), px(5, 2)]).toEqual([255, 0]);
  });

  it("lays out multi-channel filters a row per filter, or one channel, or RGB tiles", () => {
    const W = Float32Array.from({ length: 4 * 3 * 5 * 5 }, () => rand());
    const all = filterGrid(tf.tensor4d(W, [4, 3, 5, 5]));
    expect([embeddedPngs(all.svg)[0].width, embeddedPngs(all.svg)[0].height]).toEqual([3 * 5 + 4, 4 * 5 + 5]);
    const one = filterGrid(tf.tensor4d(W, [4, 3, 5, 5]), { channel: 2 });
    expect(embeddedPngs(one.svg)[0].width).toBe(4 * 5 + 5);
    expect(one.svg).toContain("channel 2");
    const rgb = filterGrid(tf.tensor4d(W, [4, 3, 5, 5]), { rgb: true });
    expect(embeddedPngs(rgb.svg)[0].width).toBe(4 * 5 + 5);
    tf.disposeVariables();
  });

  it("rejects bad input", () => {
    expect(() => filterGrid(tf.zeros([3, 3]))).toThrow(ShapeError);
    expect(() => filterGrid(tf.zeros([3, 3]))).toThrow(/filterGrid: W must be rank 4 \[FN, C, FH, FW\], got shape \[3, 3\]/);
    expect(() => filterGrid(W16 as never)).toThrow(/rank 4/);
    expect(() => filterGrid(tf.zeros([2, 1, 3, 3]), { rgb: true })).toThrow(/3 input channels for rgb/);
    expect(() => filterGrid(tf.zeros([2, 2, 3, 3]), { channel: 2 })).toThrow(/channel must be an integer in 0..1, got number 2/);
  });
});
