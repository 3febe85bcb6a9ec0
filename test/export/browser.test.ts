/**
 * Opens every exported page in headless Chromium over file:// and checks what a reader
 * gets: no console errors, no request for anything but a file that exists on disk, every
 * Plotly chart drawn, KaTeX math present, navigation that resolves, and no script from the
 * hostile notebook running (no global set, no title change, no dialog).
 */
import { existsSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { fileURLToPath, pathToFileURL } from "url";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, launchChromium } from "../helpers/chromium";
import { exportSite } from "../../kernel/export";

const FIXTURES = join(__dirname, "..", "fixtures", "export");
const NOTEBOOKS = ["01-basics.ipynb", "02-charts.ipynb", "03-hostile.ipynb"].map((f) => join(FIXTURES, f));

interface Visit {
  page: Page;
  consoleErrors: string[];
  badRequests: string[];
  dialogs: string[];
}

let browser: Browser;
let root: string;

async function visit(file: string, viewport = { width: 1280, height: 900 }): Promise<Visit> {
  const page = await browser.newPage({ viewport });
  const v: Visit = { page, consoleErrors: [], badRequests: [], dialogs: [] };
  page.on("console", (m) => {
    if (m.type() === "error") v.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => v.consoleErrors.push(String(e)));
  page.on("request", (r) => {
    const url = r.url();
    if (url.startsWith("data:") || url.startsWith("blob:")) return;
    if (!url.startsWith("file://") || !existsSync(fileURLToPath(url.split("#")[0]))) v.badRequests.push(url);
  });
  page.on("dialog", (d) => {
    v.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return v;
}

/** Every href on the page: other pages must exist, #anchors must name an element. */
async function checkLinks(page: Page, dir: string): Promise<string[]> {
  const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href") ?? ""));
  const broken: string[] = [];
  for (const href of hrefs) {
    if (/^(https?:|mailto:)/.test(href)) continue; // links out are allowed; nothing is fetched
    const [path, anchor] = href.split("#");
    if (path !== "" && !existsSync(join(dir, path))) broken.push(href);
    if (path === "" && anchor !== undefined) {
      const found = await page.evaluate((id) => document.getElementById(id) !== null, decodeURIComponent(anchor));
      if (!found) broken.push(href);
    }
  }
  return broken;
}

test("Debian chromium is installed (apt-get install -y chromium)", () => {
  expect(existsSync(CHROMIUM)).toBe(true);
});

/** The checks every page gets, from one visit (Plotly's 4.7 MB script makes visits the cost). */
async function checkPage(dir: string, name: string, charts: number): Promise<Visit> {
  const v = await visit(join(dir, name));
  if (charts > 0) {
    await v.page.waitForFunction((n) => document.querySelectorAll(".nnlab-plot svg.main-svg").length >= n, charts, { timeout: 20000 });
  }
  const drawn = await v.page.$$eval(".nnlab-plot", (els) => els.map((e) => e.querySelector("svg.main-svg") !== null));
  expect(drawn).toEqual(new Array(charts).fill(true));
  expect(v.consoleErrors).toEqual([]);
  expect(v.badRequests).toEqual([]);
  expect(await checkLinks(v.page, dir)).toEqual([]);
  if (name === "index.html") {
    expect(await v.page.locator(".nnlab-lessons > li").count()).toBe(NOTEBOOKS.length);
  } else {
    expect(await v.page.locator(".nnlab-pager a").count()).toBe(2);
    expect(await v.page.locator('.nnlab-topbar a[href="index.html"]').count()).toBe(1);
    expect(await v.page.locator(".nnlab-toc a").count()).toBeGreaterThan(0);
  }
  return v;
}

async function checkMath(v: Visit): Promise<void> {
  expect(await v.page.locator(".katex").count()).toBeGreaterThanOrEqual(6);
  expect(await v.page.locator(".katex-display").count()).toBeGreaterThanOrEqual(3);
  expect(await v.page.locator(".katex-error").count()).toBe(0);
  // The KaTeX fonts really load (from disk or inline), so math is not drawn in fallback fonts.
  await v.page.evaluate(() => document.fonts.ready);
  const loaded = await v.page.evaluate(() =>
    Array.from(document.fonts as unknown as Iterable<FontFace>).some((f) => f.family.includes("KaTeX") && f.status === "loaded"),
  );
  expect(loaded).toBe(true);
}

async function checkHostile(v: Visit): Promise<void> {
  // Give handlers (onerror, onload, ontoggle, animation onbegin) time to fire if any survived.
  await v.page.hover(".nnlab-markdown-cell");
  await v.page.waitForTimeout(300);
  const pwned = () => v.page.evaluate(() => (window as unknown as { pwned?: number }).pwned);
  expect(await pwned()).toBeUndefined();
  expect(await v.page.title()).toBe("Hostile notebook · nnlab");
  expect(v.dialogs).toEqual([]);
  // The page's own scripts are the only ones: Plotly and the chart boot script.
  expect(await v.page.$$eval("script:not([type='application/json'])", (s) => s.length)).toBe(2);
  expect(await v.page.locator("iframe, object, embed, form, base, svg script, meta[http-equiv=refresh]").count()).toBe(0);
  // Hostile strings output as text are shown as text.
  expect(await v.page.locator(".nnlab-stream pre").first().textContent()).toContain("<script>window.pwned");
  // Clicking the neutralized javascript: links does nothing either.
  for (const link of await v.page.locator("a:text('raw javascript link'), .nnlab-html a").all()) await link.click();
  expect(await pwned()).toBeUndefined();
  expect(v.dialogs).toEqual([]);
  expect(v.consoleErrors).toEqual([]);
  expect(v.badRequests).toEqual([]);
}

describe("exported lessons in Chromium", () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "nnlab-export-browser-"));
    await exportSite(NOTEBOOKS, { outDir: join(root, "site") });
    await exportSite(NOTEBOOKS, { outDir: join(root, "single"), singleFile: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(root, { recursive: true, force: true });
  });

  test.each([
    ["index.html", 0],
    ["01-basics.html", 1],
    ["02-charts.html", 2],
    ["03-hostile.html", 1],
  ] as const)("site page %s: offline, no console errors, charts drawn, links resolve", async (name, charts) => {
    const v = await checkPage(join(root, "site"), name, charts);
    try {
      if (name === "01-basics.html") await checkMath(v);
      if (name === "03-hostile.html") await checkHostile(v);
    } finally {
      await v.page.close();
    }
  });

  test.each([
    ["01-basics.html", 1],
    ["03-hostile.html", 1],
  ] as const)("single-file page %s: works alone, math fonts and Plotly inline", async (name, charts) => {
    const v = await checkPage(join(root, "single"), name, charts);
    try {
      if (name === "01-basics.html") await checkMath(v);
      if (name === "03-hostile.html") await checkHostile(v);
    } finally {
      await v.page.close();
    }
  });

  test("reads well on a phone: no horizontal scrolling, contents link shown", async () => {
    const v = await visit(join(root, "site", "01-basics.html"), { width: 390, height: 844 });
    try {
      await v.page.waitForSelector(".nnlab-plot svg.main-svg", { timeout: 20000 });
      const overflow = await v.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await v.page.locator(".nnlab-contents-link").isVisible()).toBe(true);
      expect(v.consoleErrors).toEqual([]);
    } finally {
      await v.page.close();
    }
  });
});
