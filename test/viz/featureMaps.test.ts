import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { featureMaps } from "../../lib/viz";
import { embeddedPngs, mnistDigits, rng, svgTexts } from "./vizHelpers";

describe("featureMaps", () => {
  // Real activations: one MNIST digit through 64 random 3x3 filters and ReLU, then 2x2 max pooling.
  const { x } = mnistDigits(1);
  const rand = rng(3);
  const make = (): { conv: tf.Tensor; pool: tf.Tensor } =>
    tf.tidy(() => {
      const img = tf.tensor4d(x, [1, 28, 28, 1]);
      const filters = tf.tensor4d(
        Float32Array.from({ length: 9 * 64 }, () => rand() - 0.5),
        [3, 3, 1, 64],
      );
      const a = tf.relu(tf.conv2d(img, filters, 1, "same"));
      const p = tf.maxPool(a, 2, 2, "valid");
      return { conv: tf.transpose(a, [0, 3, 1, 2]), pool: tf.transpose(p, [0, 3, 1, 2]) };
    });

  it("draws 64 maps of 28x28 and 64 of 14x14 from real activations within a 150 KB budget", () => {
    const { conv, pool } = make();
    const fig = featureMaps([
      { name: "Conv1 (ReLU)", tensor: conv },
      { name: "Pool1", tensor: pool.squeeze([0]) },
    ]);
    tf.dispose([conv, pool]);
    expect(fig.kind).toBe("svg");
    // Stated budget: 64 feature maps of 28x28 plus 64 of 14x14 (activations do not compress like digits).
    expect(Buffer.byteLength(fig.svg)).toBeLessThan(150 * 1024);
    const pngs = embeddedPngs(fig.svg);
    expect(pngs).toHaveLength(2);
    // 16 columns x 4 rows; 28 px maps at scale 2 (gap 2 px = 4 screen px), 14 px at scale 3 (gap 2).
    expect([pngs[0].width, pngs[0].height]).toEqual([16 * 28 + 17 * 2, 4 * 28 + 5 * 2]);
    expect(fig.width).toBe((16 * 28 + 17 * 2) * 2);
    expect([pngs[1].width, pngs[1].height]).toEqual([16 * 14 + 17 * 2, 4 * 14 + 5 * 2]);
    const texts = svgTexts(fig.svg);
    expect(texts).toEqual(expect.arrayContaining(["Conv1 (ReLU): 64 x 28 x 28", "Pool1: 64 x 14 x 14"]));
  });

  it("shows at most maxMaps channels and says so", () => {
    const fig = featureMaps([{ name: "L", tensor: tf.zeros([1, 10, 4, 4]) }], { maxMaps: 3, columns: 3 });
    expect(svgTexts(fig.svg)).toContain("L: 10 x 4 x 4 (first 3 maps)");
    expect(embeddedPngs(fig.svg)[0].width).toBe(3 * 4 + 4 * 1);
  });

  it("rejects bad input", () => {
    expect(() => featureMaps([])).toThrow(/featureMaps: layers must be a non-empty array/);
    expect(() => featureMaps([{ name: "A", tensor: tf.zeros([2, 3, 4, 4]) }])).toThrow(ShapeError);
    expect(() => featureMaps([{ name: "A", tensor: tf.zeros([2, 3, 4, 4]) }])).toThrow(
      /layers\[0\] \("A"\)\.tensor must be \[C, H, W\] or \[1, C, H, W\] \(one input\), got shape \[2, 3, 4, 4\]/,
    );
    expect(() => featureMaps([{ tensor: tf.zeros([1, 2, 2]) } as never])).toThrow(/layers\[0\] must be \{ name: string, tensor \}/);
    tf.disposeVariables();
  });
});

describe("featureMaps constant maps", () => {
  it("draws a dead (all-zero) map in the lowest colour of the colormap", () => {
    const fig = featureMaps([{ name: "dead", tensor: tf.zeros([1, 2, 2]) }], { colormap: "gray", scale: 4 });
    const [png] = embeddedPngs(fig.svg);
    // gap 1 px at scale 4; the map's first pixel is at (1, 1).
    expect(png.data[(1 * png.width + 1) * 4]).toBe(0);
    tf.disposeVariables();
  });
});
