import { ShapeError } from "../../../lib/errors";
import {
  augmentDataset,
  cutout,
  elasticDistortion,
  flipHorizontal,
  gaussianNoise,
  randomCrop,
  rotate,
  scale,
  shift,
} from "../../../lib/data/augment";
import { loadMnist, makeDataset, subset } from "../../../lib/data";
import { Rng } from "../../../lib/random";
import { expectClose } from "../../helpers/expectClose";

/** A 5x5 image with distinct values in (0, 1]. */
function ramp(H = 5, W = 5): Float32Array {
  return Float32Array.from({ length: H * W }, (_, i) => (i + 1) / (H * W));
}

function inRange(a: Float32Array): boolean {
  return a.every((v) => v >= 0 && v <= 1);
}

describe("single-image transforms", () => {
  test("identity parameters give the same image", () => {
    const img = ramp();
    expect(Array.from(rotate(img, 0))).toEqual(Array.from(img));
    expect(Array.from(rotate(img, 360))).toEqual(Array.from(img));
    expect(Array.from(shift(img, 0, 0))).toEqual(Array.from(img));
    expect(Array.from(scale(img, 1))).toEqual(Array.from(img));
    expect(Array.from(gaussianNoise(img, 0))).toEqual(Array.from(img));
    expect(Array.from(randomCrop(img, 0))).toEqual(Array.from(img));
    expect(Array.from(cutout(img, 0))).toEqual(Array.from(img));
    expect(Array.from(elasticDistortion(img, 0, 2, { rng: new Rng(1) }))).toEqual(Array.from(img));
    expect(Array.from(flipHorizontal(flipHorizontal(img)))).toEqual(Array.from(img));
    expect(rotate(img, 0)).not.toBe(img);
  });

  test("a shift by 1 moves a pixel by one; fractional shifts interpolate", () => {
    const img = new Float32Array(25);
    img[2 * 5 + 2] = 1; // (x 2, y 2)
    const right = shift(img, 1, 0);
    expect(right[2 * 5 + 3]).toBe(1);
    expect(right.reduce((a, b) => a + b, 0)).toBe(1);
    const down = shift(img, 0, 1);
    expect(down[3 * 5 + 2]).toBe(1);
    const upLeft = shift(img, -2, -2);
    expect(upLeft[0]).toBe(1);
    const half = shift(img, 0.5, 0);
    expect(half[2 * 5 + 2]).toBeCloseTo(0.5, 6);
    expect(half[2 * 5 + 3]).toBeCloseTo(0.5, 6);
    expect(Array.from(shift(img, 5, 0))).toEqual(new Array(25).fill(0));
  });

  test("rotation by 90 of a known pattern is numpy's rot90 (counter-clockwise)", () => {
    const img = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9].map((v) => v / 10));
    expectClose(
      rotate(img, 90),
      [3, 6, 9, 2, 5, 8, 1, 4, 7].map((v) => v / 10),
      { atol: 1e-7, rtol: 0 },
    );
    expectClose(
      rotate(img, -90),
      [7, 4, 1, 8, 5, 2, 9, 6, 3].map((v) => v / 10),
      { atol: 1e-7, rtol: 0 },
    );
    expectClose(
      rotate(img, 180),
      [9, 8, 7, 6, 5, 4, 3, 2, 1].map((v) => v / 10),
      { atol: 1e-7, rtol: 0 },
    );
    // A non-square image: the rotation keeps the frame, so a 4x2 turned by 180 is reversed.
    const rect = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8].map((v) => v / 10));
    expectClose(
      rotate(rect, 180, { height: 4, width: 2 }),
      [8, 7, 6, 5, 4, 3, 2, 1].map((v) => v / 10),
      { atol: 1e-7, rtol: 0 },
    );
  });

  test("scale 2 about the centre doubles distances from it; flipHorizontal mirrors rows", () => {
    const img = new Float32Array(49);
    img[3 * 7 + 4] = 1; // one pixel right of the centre (3, 3)
    const z = scale(img, 2);
    // The source of output (x 5, y 3) is the centre + (5-3)/2 = x 4: the pixel lands two right.
    expect(z[3 * 7 + 5]).toBe(1);
    expect(z[3 * 7 + 4]).toBeCloseTo(0.5, 6); // halfway between centre (0) and the pixel
    const f = flipHorizontal(Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]), { height: 2, width: 3 });
    expect(Array.from(f)).toEqual([0.3, 0.2, 0.1, 0.6, 0.5, 0.4].map((v) => Math.fround(v)));
  });

  test("random transforms repeat with the same seed and stay in [0, 1]", () => {
    const img = ramp(8, 8);
    for (const fn of [
      (r: Rng) => gaussianNoise(img, 0.3, { rng: r }),
      (r: Rng) => randomCrop(img, 2, { rng: r }),
      (r: Rng) => cutout(img, 3, { rng: r }),
      (r: Rng) => elasticDistortion(img, 8, 2, { rng: r }),
    ]) {
      const a = fn(new Rng(3));
      const b = fn(new Rng(3));
      const c = fn(new Rng(4));
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(a)).not.toEqual(Array.from(c));
      expect(inRange(a)).toBe(true);
      expect(a.length).toBe(64);
    }
    expect(inRange(rotate(img, 33))).toBe(true);
    expect(inRange(scale(img, 0.7))).toBe(true);
  });

  test("randomCrop is a whole-pixel shift within pad; cutout zeroes at most size^2 pixels", () => {
    const img = ramp(6, 6);
    const rng = new Rng(9);
    for (let k = 0; k < 10; k++) {
      const out = randomCrop(img, 1, { rng });
      const candidates = [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => Array.from(shift(img, dx, dy))));
      expect(candidates.some((c) => c.every((v, i) => v === out[i]))).toBe(true);
      const cut = cutout(img, 3, { rng });
      const zeroed = cut.filter((v) => v === 0).length;
      expect(zeroed).toBeGreaterThanOrEqual(1);
      expect(zeroed).toBeLessThanOrEqual(9);
    }
  });

  test("noise has the requested std where no clamping happens", () => {
    const img = new Float32Array(10000).fill(0.5);
    const out = gaussianNoise(img, 0.05, { rng: new Rng(5) });
    let s = 0;
    for (const v of out) s += (v - 0.5) ** 2;
    expect(Math.abs(Math.sqrt(s / out.length) - 0.05) / 0.05).toBeLessThan(0.03);
  });

  test("errors name the function, argument and value", () => {
    expect(() => rotate(new Float32Array(10), 5)).toThrow(ShapeError);
    expect(() => rotate(new Float32Array(10), 5)).toThrow(
      "rotate: image must be square (H*W with H = W) unless height and width are given, got shape [10]",
    );
    expect(() => shift(new Float32Array(10), 1, 1, { height: 3, width: 3 })).toThrow(
      "shift: image must be 3x3 = H*W values, got shape [10]",
    );
    expect(() => rotate([0, 1, 2, 3] as unknown as Float32Array, 5)).toThrow(TypeError);
    expect(() => rotate(ramp(), NaN)).toThrow("rotate: deg must be a finite number, got NaN");
    expect(() => scale(ramp(), 0)).toThrow("scale: factor must be > 0, got 0");
    expect(() => gaussianNoise(ramp(), -1)).toThrow("gaussianNoise: std must be a finite number >= 0, got -1");
    expect(() => randomCrop(ramp(), 1.5)).toThrow("randomCrop: pad must be a non-negative integer, got 1.5");
    expect(() => cutout(ramp(), -2)).toThrow(RangeError);
    expect(() => elasticDistortion(ramp(), 1, -1)).toThrow("elasticDistortion: sigma must be a finite number >= 0, got -1");
    expect(() => cutout(ramp(), 2, { rng: {} as Rng })).toThrow("cutout: rng must be an Rng");
  });
});

describe("augmentDataset", () => {
  const toy = makeDataset({
    name: "toy",
    x: Float32Array.from({ length: 3 * 25 }, (_, i) => ((i * 7) % 25) / 25),
    labels: Uint8Array.of(2, 0, 1),
    sampleShape: [1, 5, 5],
    numClasses: 3,
  });

  test("originals first, then copies, labels repeated, shapes kept", () => {
    const big = augmentDataset(toy, {
      copies: 2,
      rotation: 15,
      shift: 1,
      scale: [0.9, 1.1],
      noise: 0.05,
      cutout: 2,
      elastic: { alpha: 2, sigma: 1 },
      seed: 1,
    });
    expect(big.length).toBe(9);
    expect(big.x.length).toBe(9 * 25);
    expect(big.sampleShape).toEqual([1, 5, 5]);
    expect(Array.from(big.labels)).toEqual([2, 0, 1, 2, 0, 1, 2, 0, 1]);
    expect(Array.from(big.x.subarray(0, 75))).toEqual(Array.from(toy.x));
    expect(Array.from(big.x.subarray(75, 100))).not.toEqual(Array.from(toy.x.subarray(0, 25)));
    expect(inRange(big.x)).toBe(true);
    expect(big.name).toBe("toy + 2 augmented copies");
  });

  test("no transforms requested: the copies equal the originals", () => {
    const same = augmentDataset(toy, { copies: 1, seed: 0 });
    expect(Array.from(same.x.subarray(75))).toEqual(Array.from(toy.x));
  });

  test("determinism with a seed; a different seed differs", () => {
    const opts = { copies: 1, rotation: 10, shift: 2, seed: 7 };
    const a = augmentDataset(toy, opts);
    const b = augmentDataset(toy, opts);
    const c = augmentDataset(toy, { ...opts, seed: 8 });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
  });

  test("works on real MNIST digits, flat or NCHW, keeping the ink roughly the same", () => {
    const { train } = loadMnist({ flatten: true, trainLimit: 20 });
    const small = subset(train, 20);
    const big = augmentDataset(small, { copies: 1, rotation: 10, shift: 1, seed: 3 });
    expect(big.sampleShape).toEqual([784]);
    for (let i = 0; i < 20; i++) {
      let a = 0;
      let b = 0;
      for (let j = 0; j < 784; j++) {
        a += big.x[i * 784 + j];
        b += big.x[(20 + i) * 784 + j];
      }
      // Bilinear resampling blurs a little but a 10-degree turn keeps the digit on the canvas.
      expect(Math.abs(b - a) / a).toBeLessThan(0.15);
    }
  });

  test("errors", () => {
    expect(() => augmentDataset(toy, { copies: -1 })).toThrow("augmentDataset: copies must be a non-negative integer, got -1");
    expect(() => augmentDataset(toy, { scale: [1.2, 0.8] })).toThrow("scale must be [lo, hi] with 0 < lo <= hi, got [1.2,0.8]");
    expect(() => augmentDataset(toy, { rotation: -5 })).toThrow(RangeError);
    const rgb = makeDataset({ name: "rgb", x: new Float32Array(12), labels: Uint8Array.of(0), sampleShape: [3, 2, 2], numClasses: 1 });
    expect(() => augmentDataset(rgb)).toThrow(ShapeError);
    const raw = makeDataset({
      name: "raw",
      x: new Float32Array(4).fill(255),
      labels: Uint8Array.of(0),
      sampleShape: [2, 2],
      numClasses: 1,
    });
    expect(() => augmentDataset(raw)).toThrow(
      'augmentDataset: "raw" has the value 255 at index 0; augmentation needs pixels in [0, 1] (load with normalize: true)',
    );
  });
});
