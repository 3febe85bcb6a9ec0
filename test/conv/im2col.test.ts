import * as tf from "@tensorflow/tfjs-core";
import { col2im, convOutputSize, im2col } from "../../lib/conv";
import { ShapeError } from "../../lib/errors";
import { expectClose } from "../helpers/expectClose";
import { seededArray } from "../helpers/numericalGradient";

describe("convOutputSize", () => {
  test.each([
    [28, 3, 1, 1, 1, 28],
    [28, 2, 2, 0, 1, 14],
    [14, 3, 1, 2, 1, 16],
    [7, 3, 2, 0, 1, 3],
    [9, 3, 1, 0, 2, 5],
    [9, 3, 2, 2, 2, 5],
  ])("H=%i FH=%i S=%i P=%i D=%i -> %i", (H, FH, S, P, D, out) => {
    expect(convOutputSize(H, FH, S, P, D)).toBe(out);
  });
  test("defaults stride 1, pad 0, dilation 1", () => {
    expect(convOutputSize(5, 3)).toBe(3);
  });
  test("a stride that does not tile rounds down (the windows that do not fit are not taken), or up with ceil", () => {
    expect(convOutputSize(28, 3, 2)).toBe(13); // 13.5
    expect(convOutputSize(28, 3, 2, 1)).toBe(14); // 14.5
    expect(convOutputSize(28, 3, 2, 0, 1, "ceil")).toBe(14);
    expect(convOutputSize(28, 2, 2, 0, 1, "ceil")).toBe(14); // exact: ceil changes nothing
    // (4 + 2*2 - 3) / 3 + 1 = 2.67 rounds up to 3, but the third window would start at padded
    // row 6, in the trailing pad: Caffe drops it.
    expect(convOutputSize(4, 3, 3, 2, 1, "ceil")).toBe(2);
    expect(() => convOutputSize(28, 3, 2, 0, 1, "round" as never)).toThrow(
      'convOutputSize: roundMode must be "floor" or "ceil", got "round"',
    );
  });
  test("rejects a filter larger than the padded input", () => {
    expect(() => convOutputSize(2, 5)).toThrow(/does not fit the input of size 2/);
    expect(() => convOutputSize(3, 2, 1, 0, 3)).toThrow(/dilation 3, spanning 4/);
  });
  test("rejects non-integers and out-of-range values", () => {
    expect(() => convOutputSize(28.5, 3)).toThrow("inputSize must be an integer >= 1, got 28.5");
    expect(() => convOutputSize(28, 3, 0)).toThrow("stride must be an integer >= 1, got 0");
    expect(() => convOutputSize(28, 3, 1, -1)).toThrow("pad must be an integer >= 0, got -1");
  });
});

describe("im2col", () => {
  test("unrolls a 3x3 image into its four 2x2 windows, by hand", () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    const col = im2col(x, { filterH: 2, filterW: 2 });
    expect(col.arraySync()).toEqual([
      [1, 2, 4, 5],
      [2, 3, 5, 6],
      [4, 5, 7, 8],
      [5, 6, 8, 9],
    ]);
    tf.dispose([x, col]);
  });

  test("columns are channel-major, rows batch-major; pad and stride as the book", () => {
    // 2 images, 2 channels, 2x2; 2x2 filter, pad 1, stride 2 -> OH = OW = 2.
    const x = tf.tensor4d(
      Array.from({ length: 16 }, (_, i) => i + 1),
      [2, 2, 2, 2],
    );
    const col = im2col(x, { filterH: 2, filterW: 2, stride: 2, pad: 1 });
    expect(col.shape).toEqual([8, 8]);
    const rows = col.arraySync();
    // image 0, window (0, 0): only its bottom-right tap sees a pixel: channel 0 -> 1, channel 1 -> 5.
    expect(rows[0]).toEqual([0, 0, 0, 1, 0, 0, 0, 5]);
    // image 1, window (1, 1): top-left tap sees pixel (1, 1): channel 0 -> 12, channel 1 -> 16.
    expect(rows[7]).toEqual([12, 0, 0, 0, 16, 0, 0, 0]);
    tf.dispose([x, col]);
  });

  test("dilation spaces the taps", () => {
    const x = tf.tensor4d(
      Array.from({ length: 16 }, (_, i) => i),
      [1, 1, 4, 4],
    );
    const col = im2col(x, { filterH: 2, filterW: 2, dilation: 2 });
    expect(col.arraySync()).toEqual([
      [0, 2, 8, 10],
      [1, 3, 9, 11],
      [4, 6, 12, 14],
      [5, 7, 13, 15],
    ]);
    tf.dispose([x, col]);
  });

  test("rejects a wrong rank and a filter that does not fit", () => {
    const x3 = tf.zeros([2, 28, 28]) as unknown as tf.Tensor4D;
    expect(() => im2col(x3, { filterH: 3, filterW: 3 })).toThrow(ShapeError);
    expect(() => im2col(x3, { filterH: 3, filterW: 3 })).toThrow("im2col: x must be rank 4 [N, C, H, W], got shape [2, 28, 28]");
    const x = tf.zeros<tf.Rank.R4>([1, 1, 2, 2]);
    expect(() => im2col(x, { filterH: 3, filterW: 3 })).toThrow(/im2col: .*does not fit the input of size 2/);
    tf.dispose([x3, x]);
  });
});

describe("col2im", () => {
  test("counts how many windows cover each pixel", () => {
    const col = tf.ones<tf.Rank.R2>([4, 4]);
    const img = col2im(col, [1, 1, 3, 3], { filterH: 2, filterW: 2 });
    expect(img.arraySync()).toEqual([
      [
        [
          [1, 2, 1],
          [2, 4, 2],
          [1, 2, 1],
        ],
      ],
    ]);
    tf.dispose([col, img]);
  });

  const cases = [
    { shape: [2, 3, 5, 5], filterH: 3, filterW: 3, stride: 1, pad: 1, dilation: 1 },
    { shape: [2, 2, 7, 7], filterH: 3, filterW: 3, stride: 2, pad: 0, dilation: 1 },
    { shape: [1, 2, 6, 5], filterH: 2, filterW: 3, stride: 1, pad: 2, dilation: 2 },
    { shape: [2, 1, 9, 9], filterH: 3, filterW: 3, stride: 2, pad: 2, dilation: 2 },
  ];
  test.each(cases)("is im2col's adjoint: <im2col(x), c> == <x, col2im(c)> for %j", ({ shape, ...opts }) => {
    const before = tf.memory().numTensors;
    const size = shape.reduce((a, b) => a * b, 1);
    const x = tf.tensor4d(Float32Array.from(seededArray(size, 5)), shape as [number, number, number, number]);
    const colX = im2col(x, opts);
    const c = tf.tensor2d(Float32Array.from(seededArray(colX.size, 6)), colX.shape);
    const back = col2im(c, shape, opts);
    const lhs = tf.tidy(() => tf.sum(tf.mul(colX, c)).dataSync()[0]);
    const rhs = tf.tidy(() => tf.sum(tf.mul(x, back)).dataSync()[0]);
    expect(Math.abs(lhs)).toBeGreaterThan(0.1);
    expectClose(lhs, rhs, { atol: 1e-4, rtol: 1e-5 });
    tf.dispose([x, colX, c, back]);
    expect(tf.memory().numTensors).toBe(before);
  });

  test("rejects a col of the wrong shape", () => {
    const col = tf.ones<tf.Rank.R2>([3, 4]);
    expect(() => col2im(col, [1, 1, 3, 3], { filterH: 2, filterW: 2 })).toThrow(
      "col2im: col must be [N*OH*OW, C*FH*FW] = [4, 4] for input [1, 1, 3, 3], got shape [3, 4]",
    );
    expect(() => col2im(col, [1, 3, 3] as number[], { filterH: 2, filterW: 2 })).toThrow(/inputShape must be \[N, C, H, W\]/);
    col.dispose();
  });
});
