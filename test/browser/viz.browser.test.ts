/**
 * Loads every viz builder's output in headless Chromium (Debian's chromium, driven by
 * playwright-core) and checks that it draws: a Plotly svg.main-svg per chart, images
 * decoded, no console errors, nothing fetched but file:// and data: URLs. Run alone with
 * `npx jest test/browser/viz.browser`; set NNLAB_VIZ_OUT=dir to keep page.html and page.png.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import type { Browser } from "playwright-core";
import { launchChromium } from "../helpers/chromium";
import { pageHtml, renderAll } from "./renderAll";

describe("viz figures in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("draws every figure with no console errors and no network requests", async () => {
    const figs = renderAll();
    const dir = process.env.NNLAB_VIZ_OUT ?? fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-viz-"));
    fs.mkdirSync(dir, { recursive: true });
    const plotly = pathToFileURL(require.resolve("plotly.js-dist-min/plotly.min.js")).href;
    const file = path.join(dir, "page.html");
    fs.writeFileSync(file, pageHtml(figs, plotly));

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });

    const plotlyCount = figs.filter((f) => f.fig.kind === "plotly").length;
    await page.waitForFunction((n) => document.querySelectorAll(".plotly-figure svg.main-svg").length >= n, plotlyCount, {
      timeout: 30000,
    });
    const perChart = await page.$$eval(".plotly-figure", (els) => els.map((el) => [el.id, el.querySelectorAll("svg.main-svg").length]));
    expect(perChart).toHaveLength(plotlyCount);
    for (const [id, n] of perChart) expect([id, (n as number) > 0]).toEqual([id, true]);
    // Heatmaps and bars drew real marks, not only axes.
    expect(await page.$$eval(".plotly-figure .hm image, .plotly-figure .heatmaplayer image", (els) => els.length)).toBeGreaterThanOrEqual(
      4,
    );
    expect(await page.$$eval(".plotly-figure .bars path", (els) => els.length)).toBeGreaterThan(20);

    // Every PNG inside the SVG figures decodes: load each as an image and read its size.
    const pngSizes = await page.$$eval(".svg-figure image", async (els) =>
      Promise.all(
        els.map(
          (el) =>
            new Promise<[number, number]>((resolve) => {
              const img = new Image();
              img.onload = () => resolve([img.naturalWidth, img.naturalHeight]);
              img.onerror = () => resolve([0, 0]);
              img.src = el.getAttribute("xlink:href") ?? el.getAttribute("href") ?? "";
            }),
        ),
      ),
    );
    expect(pngSizes.length).toBeGreaterThanOrEqual(6);
    for (const [w, h] of pngSizes) expect(w * h).toBeGreaterThan(0);
    // Every SVG figure has a size and its text was laid out.
    const svgBoxes = await page.$$eval(".svg-figure > svg", (els) =>
      els.map((el) => [el.getBoundingClientRect().width, el.querySelectorAll("text").length]),
    );
    for (const [w, texts] of svgBoxes) {
      expect(w).toBeGreaterThan(100);
      expect(texts).toBeGreaterThan(0);
    }
    expect(await page.$$eval("table tr.fail", (els) => els.length)).toBe(1);

    // A slider step of the convolution stepper is something Plotly accepts and moves the highlight.
    const moved = await page.evaluate(() => {
      const gd = document.querySelectorAll(".plotly-figure")[
        Array.from(document.querySelectorAll("h2"))
          .filter((h) => h.nextElementSibling?.classList.contains("plotly-figure"))
          .findIndex((h) => h.textContent.startsWith("convolutionStepper: 2 channels"))
      ] as HTMLElement & {
        layout: { sliders: { steps: { args: unknown[] }[] }[]; shapes: { x0: number }[] };
      };
      const step = gd.layout.sliders[0].steps[4];
      const before = gd.layout.shapes[0].x0;
      return (window as unknown as { Plotly: { update(...a: unknown[]): Promise<unknown> } }).Plotly.update(gd, ...step.args).then(() => [
        before,
        gd.layout.shapes[0].x0,
      ]);
    });
    expect(moved).toEqual([-0.5, 1.5]);

    await page.screenshot({ path: path.join(dir, "page.png"), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"))).toEqual([]);
  });
});
