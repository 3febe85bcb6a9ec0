/**
 * The live site in headless Chromium: `exportSite(..., { live: true })` writes it, serveSite
 * serves it, and window.nnlab.runAll() runs every cell of lessons 01, 02, 03 and 05 in quick mode
 * on wasm, and of lesson 01 on WebGL (Debian's chromium has software WebGL). Every cell must finish ok
 * (a failed check(...) is a cell error), nothing may be requested outside the site, nothing may
 * reach the console as an error. Then: the backend the page picks without a switch and a forced
 * WebGPU the browser lacks; a parameter file saved as a download and picked again; tensor memory
 * bounded over many runs of a cell; a cell edited in its editor and run; a synchronous
 * `while (true) {}` stopped with Stop.
 */
import { mkdtempSync, rmSync } from "fs";
import type { Server } from "http";
import { tmpdir } from "os";
import { join } from "path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../helpers/chromium";
import { exportSite } from "../../kernel/export";
import { serveSite } from "../../kernel/export/live/serve";

// Not yet 04 (its cell 10 fails with "Array buffer allocation failed" in the worker) nor 06
// (Fashion-MNIST is not served with the site): issue 22, item 8.
const LESSON_NAMES = ["01-backprop", "02-training-tricks", "03-convolution", "05-data-augmentation"];
const LESSONS = LESSON_NAMES.map((name) => `notebooks/${name}.ipynb`);

interface Report {
  cell: string;
  status: string;
  outputs: Array<{ output_type: string; name?: string; text?: string; ename?: string; evalue?: string }>;
}

let dir: string;
let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nnlab-live-"));
  await exportSite(LESSONS, { outDir: join(dir, "site"), live: true });
  server = await serveSite(join(dir, "site"), 0);
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  browser = await launchChromium({ webgl: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens a page and records what must not happen: requests outside the site, console errors. */
async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  // TF.js's threaded wasm starts its threads from blob: URLs of the page's own origin.
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith(`blob:${origin}/`) && !url.startsWith("data:"))
      problems.push(`request outside the site: ${url}`);
  });
  await page.goto(`${origin}/${path}`);
  return { page, problems };
}

/** Types into the focused editor line by line; Escape first closes a completion popup that Enter would accept. */
async function typeLines(page: Page, lines: string[]): Promise<void> {
  for (const [i, line] of lines.entries()) {
    if (i > 0) {
      await page.keyboard.press("Escape");
      await page.keyboard.press("Enter");
    }
    await page.keyboard.type(line);
  }
  await page.keyboard.press("Escape");
}

function failures(reports: Report[]): string[] {
  return reports
    .filter((r) => r.status !== "ok")
    .map(
      (r) =>
        `${r.cell}: ${r.status} ${r.outputs
          .filter((o) => o.output_type === "error")
          .map((o) => `${o.ename}: ${o.evalue}`)
          .join("; ")}`,
    );
}

// These lessons run on wasm; WebGL only for lesson 01: lesson 02 on this Chromium's software WebGL
// took 281 s (2026-12-07), and the page itself passes over software WebGL to wasm.
describe("lessons in the page, quick mode", () => {
  test.each([...LESSON_NAMES.map((name) => [name, "wasm"]), ["01-backprop", "webgl"]])(
    "%s on %s: every cell runs ok and every check passes",
    async (lesson, backend) => {
      const { page, problems } = await open(`${lesson}.html?quick=1&backend=${backend}`);
      const cellCount = await page.evaluate(() => (window as unknown as { nnlab: { cellCount: number } }).nnlab.cellCount);
      const started = Date.now();
      const reports = (await page.evaluate(() =>
        (window as unknown as { nnlab: { runAll(): Promise<unknown> } }).nnlab.runAll(),
      )) as Report[];
      const seconds = (Date.now() - started) / 1000;
      const status = await page.locator(".nnlab-live-bar span").textContent();
      process.stderr.write(`live ${lesson} on ${backend}: ${reports.length} cells in ${seconds.toFixed(1)} s (${status})\n`);

      expect(failures(reports)).toEqual([]);
      expect(reports).toHaveLength(cellCount);
      const checks = reports.flatMap((r) => r.outputs).flatMap((o) => (o.text ?? "").split("\n").filter((l) => l.startsWith("✔ ")));
      expect(checks.length).toBeGreaterThan(5);
      expect(status).toContain(`Backend: ${backend}`);
      expect(problems).toEqual([]);
      await page.close();
    },
    300_000,
  );
});

describe("the backend the page picks", () => {
  type Live = { nnlab: { ready(): Promise<string> } };
  // Debian's chromium here has navigator.gpu but no adapter; a build without WebGPU lacks navigator.gpu.
  const MISSING = String.raw`this browser has (no WebGPU \(navigator\.gpu is missing\)|WebGPU but no GPU adapter for it)`;
  // Debian's chromium draws WebGL with SwiftShader.
  const NO_WEBGPU_SOFTWARE_WEBGL = new RegExp(
    String.raw`Backend: wasm \(wasm, because ${MISSING}, and its WebGL is drawn in software \(.*SwiftShader.*\), slower than wasm\)`,
  );
  const FORCED_WEBGPU_MISSING = new RegExp(
    String.raw`^\?backend=webgpu was asked for, but ${MISSING}; open the page with \?backend=webgl or \?backend=wasm`,
  );

  test("without ?backend it passes over the missing WebGPU and this Chromium's software WebGL to wasm, and says why", async () => {
    const { page, problems } = await open("01-backprop.html");
    const backend = await page.evaluate(() => (window as unknown as Live).nnlab.ready());
    expect(backend).toBe("wasm");
    const status = await page.locator(".nnlab-live-bar span").textContent();
    expect(status).toMatch(NO_WEBGPU_SOFTWARE_WEBGL);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  test("?backend=webgpu on a browser without WebGPU says so in the page instead of running elsewhere", async () => {
    const { page } = await open("01-backprop.html?backend=webgpu");
    const failure = await page.evaluate(() =>
      (window as unknown as Live).nnlab.ready().then(
        (b) => `started on ${b}`,
        (e: Error) => e.message,
      ),
    );
    expect(failure).toMatch(FORCED_WEBGPU_MISSING);
    const status = await page.locator(".nnlab-live-bar span").textContent();
    expect(status).toContain(`The worker could not start: ${failure}`);
    await page.close();
  }, 60_000);
});

describe("parameter files in the page", () => {
  type Live = { nnlab: { setSource(i: number, s: string): void; run(i: number): Promise<Report> } };

  test("saveParams downloads a file; picked with Load parameters…, loadParams reads it into another net", async () => {
    const { page, problems } = await open("01-backprop.html?quick=1&backend=wasm");
    const run = (index: number, source: string) =>
      page.evaluate(
        ([i, s]) => {
          const live = (window as unknown as Live).nnlab;
          live.setSource(i, s);
          return live.run(i);
        },
        [index, source] as const,
      );
    const download = page.waitForEvent("download");
    const saved = await run(
      0,
      [
        'import { TwoLayerNet, saveParams, loadParams } from "nnlab";',
        "const saved = new TwoLayerNet(4, 3, 2, { seed: 1 });",
        'saveParams(saved, "tiny.nnparams");',
      ].join("\n"),
    );
    expect(failures([saved])).toEqual([]);
    const file = join(dir, "tiny.nnparams");
    await (await download).saveAs(file);
    expect((await download).suggestedFilename()).toBe("tiny.nnparams");

    await page.locator("input.nnlab-load-params").setInputFiles(file);
    await page.waitForFunction(() =>
      document.querySelector(".nnlab-live-bar span")?.textContent?.includes('loadParams(net, "tiny.nnparams")'),
    );
    const loaded = await run(
      1,
      [
        "const other = new TwoLayerNet(4, 3, 2, { seed: 2 });",
        'const differs = other.params()["Affine1.W"].dataSync()[0] !== saved.params()["Affine1.W"].dataSync()[0];',
        'loadParams(other, "tiny.nnparams");',
        "const same = Object.keys(saved.params()).every((k) => saved.params()[k].dataSync().every((v, i) => v === other.params()[k].dataSync()[i]));",
        "`${differs} ${same}`",
      ].join("\n"),
    );
    expect(failures([loaded])).toEqual([]);
    expect(JSON.stringify(loaded.outputs)).toContain("true true");
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});

describe("tensor memory in the page", () => {
  type Live = { nnlab: { setSource(i: number, s: string): void; run(i: number): Promise<Report> } };
  const RUNS = 60;
  const MB = 1024 * 1024;

  test.each(["wasm", "webgl"])(
    "on %s: a cell making 4 MB of temporaries, run again and again without dispose, leaves tf.memory().numBytes bounded",
    async (backend) => {
      const { page, problems } = await open(`01-backprop.html?backend=${backend}`);
      // Each run: a 4 MB tensor and a 4 MB product, reachable through the cell's names until the next run replaces them.
      const source = [
        'import * as tf from "@tensorflow/tfjs";',
        "const noise = tf.randomNormal([1024, 1024]);",
        "const scaled = noise.mul(2);",
        "tf.memory().numBytes",
      ].join("\n");
      const bytes: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const report = await page.evaluate(
          ([s]) => {
            const live = (window as unknown as Live).nnlab;
            live.setSource(0, s);
            return live.run(0);
          },
          [source] as const,
        );
        expect(failures([report])).toEqual([]);
        const shown = report.outputs.find((o) => o.output_type === "execute_result") as { data?: Record<string, string> } | undefined;
        bytes.push(Number(shown?.data?.["text/plain"]));
      }
      const made = RUNS * 8 * MB;
      const peak = Math.max(...bytes);
      process.stderr.write(
        `tensor memory on ${backend}: ${RUNS} runs made ${made / MB} MB; numBytes after each run (MB): ${bytes.map((b) => (b / MB).toFixed(0)).join(" ")}\n`,
      );
      expect(bytes.every((b) => Number.isFinite(b))).toBe(true);
      // Unreleased, numBytes only grows (RUNS * 8 MB at the end). Released, it drops again and again;
      // how high it climbs between drops is V8's choice (64 to 180 MB seen; without memoryShadow.ts, 480 MB with no drop on WebGL).
      const drops = bytes.filter((b, i) => i > 0 && b < bytes[i - 1]).length;
      expect(drops).toBeGreaterThanOrEqual(3);
      expect(peak).toBeLessThan(made / 2);
      expect(problems).toEqual([]);
      await page.close();
    },
    180_000,
  );
});

describe("editing and stopping in the page", () => {
  test("an edited cell runs and shows its new output; Stop ends while (true) {} within a second and the page works on", async () => {
    const { page, problems } = await open("01-backprop.html?quick=1&backend=wasm");
    const firstCell = page.locator(".nnlab-code-cell").first();
    const editor = firstCell.locator(".cm-content");
    await editor.click();
    await page.keyboard.press("Control+A");
    await typeLines(page, ["const answer: number = 6 * 7;", "console.log(`the answer is ${answer}`);", "answer + 0.5"]);
    await firstCell.getByRole("button", { name: "Run", exact: true }).click();
    await page.waitForFunction(
      () => document.querySelector(".nnlab-code-cell .nnlab-outputs")?.textContent?.includes("the answer is 42"),
      undefined,
      {
        timeout: 60_000,
      },
    );
    const outputText = await firstCell.locator(".nnlab-outputs").textContent();
    expect(outputText).toContain("42.5"); // the last value displays itself

    // A second cell sees the first one's names.
    const second = page.locator(".nnlab-code-cell").nth(1);
    await second.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await typeLines(page, ["while (true) {}"]);
    await second.getByRole("button", { name: "Run", exact: true }).click();
    await page.waitForFunction(
      () => document.querySelectorAll(".nnlab-code-cell .nnlab-outputs")[1]?.getAttribute("data-status") === "running",
    );
    const stopAt = Date.now();
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await page.waitForFunction(
      () => document.querySelectorAll(".nnlab-code-cell .nnlab-outputs")[1]?.getAttribute("data-status") === "stopped",
      undefined,
      {
        timeout: 5_000,
      },
    );
    expect(Date.now() - stopAt).toBeLessThan(1000);
    expect(await second.locator(".nnlab-outputs").textContent()).toContain("The session's names are gone");
    expect(await page.getByRole("button", { name: "Run the cells above again" }).isVisible()).toBe(true);

    // The page works on: a fresh worker runs the edited first cell again.
    await page.getByRole("button", { name: "Run the cells above again" }).click();
    await page.waitForFunction(
      () => document.querySelector(".nnlab-code-cell .nnlab-outputs")?.getAttribute("data-status") === "ok",
      undefined,
      {
        timeout: 60_000,
      },
    );
    expect(await firstCell.locator(".nnlab-outputs").textContent()).toContain("the answer is 42");
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
