/**
 * The browser bundle runs, not only builds: esbuild's browser build of lib/index.ts is loaded
 * as an ES module in headless Chromium (Debian's chromium through playwright-core) from a
 * made-up origin whose requests this test answers (the bundle, the page and the wasm
 * backend's .wasm files). In the page, initBackend() passes over tfjs-node (not available in
 * the browser) and picks wasm, a TwoLayerNet computes a gradient, a Trainer asked for two threads
 * trains on one and says why, a ParallelNet says there are no worker threads, a figure's PNG is
 * encoded by the browser side, and show/display reach the console host.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import type { Browser } from "playwright-core";
import { launchChromium } from "../helpers/chromium";

const ROOT = path.resolve(__dirname, "../..");
const ORIGIN = "http://nnlab.test";
const WASM_DIR = path.join(ROOT, "node_modules/@tensorflow/tfjs-backend-wasm/dist");

// Runs in the page, as a module beside the bundle; window.result holds what it found or its error.
const PAGE_SCRIPT = `
import * as nn from "./nnlab.js";
async function main() {
const info = await nn.initBackend();
const { tf } = nn;
const net = new nn.TwoLayerNet(4, 5, 3, { seed: 1 });
const x = tf.tensor2d([[1, 2, 3, 4], [0, 1, 0, 1]]);
const t = tf.tensor1d([2, 0], "int32");
const { loss, grads } = net.gradient(x, t);
// Two threads asked for where there are none: the Trainer trains on one and says why.
const tiny = nn.makeDataset({ name: "tiny", x: new Float32Array(64).map((_, i) => (i % 7) / 7), labels: new Uint8Array(16).map((_, i) => i % 3), sampleShape: [4], numClasses: 3 });
const trainer = new nn.Trainer(new nn.TwoLayerNet(4, 5, 3, { seed: 1 }), tiny, tiny, { epochs: 1, batchSize: 16, evaluateSample: 16, threads: 2 });
const fitted = await trainer.fit();
// A ParallelNet built by hand says the platform has no worker threads (this page is not
// cross-origin isolated: no SharedArrayBuffer either).
let parallelError = "";
try {
  new nn.ParallelNet(new nn.TwoLayerNet(4, 5, 3, { seed: 1 }));
} catch (e) {
  parallelError = String(e && e.message);
}
const grid = nn.imageGrid(new Float32Array([0, 1, 1, 0]), { shape: [1, 1, 2, 2] });
nn.show("shown through the console host");
const handle = nn.display("a display");
return {
  backend: info.name,
  reason: info.reason,
  loss,
  gradNames: Object.keys(grads).sort(),
  figureKind: grid.kind,
  svgHasPng: /data:image\\/png;base64,iVBORw0KGgo/.test(grid.svg ?? ""),
  displayId: handle.displayId,
  quick: nn.isQuick(),
  trainerThreads: trainer.threads,
  fittedEpochs: fitted.epochs.length,
  parallelError,
};
}
main().then((r) => (window.result = r), (e) => (window.result = { error: String(e && e.stack) }));
`;

describe("the browser bundle in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  // http://nnlab.test is not a secure context (no crypto.randomUUID there), like a site served
  // over http from another machine.
  test("initBackend picks wasm, a net trains a step, two threads asked for train on one, a figure encodes its PNG, show prints", async () => {
    const built = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: ["lib/index.ts"],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      outfile: "nnlab.js",
      logLevel: "silent",
    });
    const files = new Map<string, { body: Buffer | string; contentType: string }>([
      ["/", { body: `<!doctype html><script type="module" src="./page.js"></script>`, contentType: "text/html" }],
      ["/page.js", { body: PAGE_SCRIPT, contentType: "text/javascript" }],
      ["/nnlab.js", { body: Buffer.from(built.outputFiles[0].contents), contentType: "text/javascript" }],
    ]);
    for (const f of fs.readdirSync(WASM_DIR).filter((n) => n.endsWith(".wasm"))) {
      files.set(`/${f}`, { body: fs.readFileSync(path.join(WASM_DIR, f)), contentType: "application/wasm" });
    }

    const page = await browser.newPage();
    const console: string[] = [];
    const problems: string[] = [];
    page.on("console", (m) =>
      m.type() === "error" ? problems.push(`console error: ${m.text()}`) : console.push(`${m.type()}: ${m.text()}`),
    );
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await page.route("**/*", async (route) => {
      const url = new URL(route.request().url());
      const file = url.origin === ORIGIN ? files.get(url.pathname) : undefined;
      if (file === undefined) {
        problems.push(`unexpected request: ${url.href}`);
        return route.abort();
      }
      return route.fulfill({ status: 200, body: file.body, contentType: file.contentType });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => "result" in window, undefined, { timeout: 60_000 });
    const result = (await page.evaluate(() => (window as unknown as { result?: unknown }).result)) as Record<string, unknown> | undefined;

    expect(problems).toEqual([]);
    expect(result).toMatchObject({
      backend: "wasm",
      gradNames: ["Affine1.W", "Affine1.b", "Affine2.W", "Affine2.b"],
      figureKind: "svg",
      svgHasPng: true,
      quick: false,
      trainerThreads: 1,
      fittedEpochs: 1,
    });
    expect(result!.reason).toContain("not available in the browser: the native TensorFlow backend");
    expect(result!.parallelError).toBe(
      "not available in the browser: worker threads (parallel/gradientWorker: ParallelNet); train the plain net (without ParallelNet) on one thread in the page",
    );
    expect(result!.loss).toBeCloseTo(Math.log(3), 1); // tiny random weights: about uniform over 3 classes
    expect(result!.displayId).toMatch(/^[0-9a-f-]{36}$/);
    expect(console).toEqual(
      expect.arrayContaining([
        "log: shown through the console host",
        "log: a display",
        "log: Trainer: training on 1 thread: this platform (the browser build) has no worker threads",
      ]),
    );
    await page.close();
  });
});
