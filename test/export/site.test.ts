/**
 * The exported site as files: pages, assets, nothing pointing at the network, the atomic
 * replace, clear errors for bad notebooks, the command line, and the time it takes.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { exportCommand, exportSite, parseExportArgs, SITE_MARKER, UsageError } from "../../kernel/export";
import { NotebookError, readNotebook, validateNotebook as schemaErrors } from "../../kernel/nbformat";

const FIXTURES = join(__dirname, "..", "fixtures", "export");
const NOTEBOOKS = ["01-basics.ipynb", "02-charts.ipynb", "03-hostile.ipynb"].map((f) => join(FIXTURES, f));

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "nnlab-export-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Every URL a page would load: script src, link href, img src, CSS url(...) and @import. */
function loadedUrls(html: string): string[] {
  const urls: string[] = [];
  const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, "$1</script>"); // script bodies are code
  for (const m of markup.matchAll(/<(script|link|img|iframe|source|video|audio|embed|object)\b[^>]*>/gi)) {
    // Attributes left to right, each value consumed whole (an alt text may mention "src=").
    for (const a of m[0].matchAll(/\s([a-z-]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/gi)) {
      if (/^(src|href|data|srcset|poster)$/i.test(a[1]) && a[2] !== undefined) urls.push(a[2].replace(/^["']|["']$/g, ""));
    }
  }
  // CSS: a .css file, or the <style> elements of a page (inline scripts are code, not CSS).
  const css = html.trimStart().startsWith("<") ? [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join("\n") : html;
  for (const m of css.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) urls.push(m[2]);
  for (const m of css.matchAll(/@import\s+(['"])([^'"]*)\1/gi)) urls.push(m[2]);
  return urls;
}

describe("fixtures", () => {
  test.each(NOTEBOOKS)("%s is a valid nbformat 4.5 notebook", (file) => {
    const nb = JSON.parse(readFileSync(file, "utf8"));
    expect(nb.nbformat_minor).toBe(5);
    expect(schemaErrors(nb)).toEqual([]);
  });
});

describe("exportSite", () => {
  test("writes index.html, one page per notebook and the shared assets", async () => {
    const out = join(root, "site");
    const result = await exportSite(NOTEBOOKS, { outDir: out });
    expect(result.pages.map((p) => p.slice(out.length + 1))).toEqual(["index.html", "01-basics.html", "02-charts.html", "03-hostile.html"]);
    expect(result.lessons.map((l) => l.title)).toEqual(["Backpropagation basics", "Optimizers compared", "Hostile notebook"]);
    for (const f of ["assets/nnlab.css", "assets/katex/katex.min.css", "assets/plotly.min.js", SITE_MARKER])
      expect(existsSync(join(out, f))).toBe(true);
    const fonts = readdirSync(join(out, "assets/katex/fonts"));
    const katexCss = readFileSync(join(out, "assets/katex/katex.min.css"), "utf8");
    for (const m of katexCss.matchAll(/url\(([^)]+)\)/g)) expect(fonts).toContain(m[1].replace("fonts/", ""));
    expect(statSync(out).mode & 0o777).toBe(0o755);

    const index = readFileSync(join(out, "index.html"), "utf8");
    expect(index).toContain('<a href="01-basics.html">Backpropagation basics</a>');
    expect(index).toContain("<li>how to check a gradient numerically</li>"); // the "What you will learn" list
    expect(index).toContain("<p>SGD, Momentum, AdaGrad and Adam on one task, each curve drawn interactively.</p>"); // first paragraph
    expect(index).toMatch(/class="katex"/);
  });

  test("a lesson page has viewport, CSP, TOC, prev/next, highlighted code and every output kind", async () => {
    const out = join(root, "site");
    await exportSite(NOTEBOOKS, { outDir: out });
    const page = readFileSync(join(out, "01-basics.html"), "utf8");
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-[A-Za-z0-9]+'/);
    expect(page).toContain('<a href="#the-chain-rule">The chain rule</a>');
    expect(page).toContain('<h2 id="the-chain-rule">');
    expect(page).toContain('<a class="nnlab-next" rel="next" href="02-charts.html">');
    expect(page).toContain('<span class="hljs-keyword">import</span>');
    expect(page).toContain('<span class="ansi-green-fg">forward ok</span>');
    expect(page).toContain("epoch 3/3 [=======]\n"); // carriage returns applied
    expect(page).toContain('nnlab-stderr"><pre>warning: slow backend');
    expect(page).toContain('class="nnlab-plot-data" data-target="nnlab-plot-1"');
    expect(page).toMatch(
      /<img class="nnlab-image" src="data:image\/png;base64,[^"]+" alt="A ring drawn as a 28x28 digit" width="112" height="112">/,
    );
    expect(page).toContain('src="data:image/svg+xml;base64,'); // svg beats png in the same bundle
    expect(page).toContain('src="data:image/jpeg;base64,');
    expect(page).toContain("<td>Affine1.W</td>");
    expect(page).toContain("Out[4]:");
    expect(page).toContain("<strong>Sigmoid</strong> saturates");
    expect(page).toContain('<span class="ansi-red-fg">ShapeError</span>: Affine &quot;Affine1&quot; forward');
    expect(readFileSync(join(out, "assets/nnlab.css"), "utf8")).toMatch(/@media print \{[\s\S]*\.nnlab-sidebar[^}]*display: none/);
    const charts = readFileSync(join(out, "02-charts.html"), "utf8");
    expect(charts).toContain("backend: wasm"); // remove-input keeps the output
    expect(charts).not.toContain("secret"); // ... and drops the code
    expect(charts).not.toContain("REMOVED-CELL-OUTPUT"); // remove-cell drops it all
  });

  test.each([false, true])("nothing is loaded from the network (singleFile=%s)", async (singleFile) => {
    const out = join(root, "site");
    await exportSite(NOTEBOOKS, { outDir: out, singleFile });
    const files = readdirSync(out, { recursive: true, encoding: "utf8" }).filter((f) => /\.(html|css)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const text = readFileSync(join(out, f), "utf8");
      const urls = loadedUrls(text);
      expect(urls.filter((u) => /^(https?:)?\/\//i.test(u.trim()))).toEqual([]);
      if (singleFile && f.endsWith(".html")) expect(urls.filter((u) => !u.startsWith("data:") && !u.startsWith("#"))).toEqual([]);
    }
    if (singleFile) {
      expect(readdirSync(out).sort()).toEqual([SITE_MARKER, "01-basics.html", "02-charts.html", "03-hostile.html", "index.html"].sort());
      expect(readFileSync(join(out, "01-basics.html"), "utf8")).toContain("url(data:font/woff2;base64,");
    }
  });

  test("the hostile notebook's HTML comes out inert", async () => {
    const out = join(root, "site");
    await exportSite(NOTEBOOKS, { outDir: out });
    const page = readFileSync(join(out, "03-hostile.html"), "utf8");
    const body = page.slice(page.indexOf("<main"), page.indexOf("</main>"));
    // Strip the inert JSON blocks and escaped text; what is left must hold no live markup.
    const live = body.replace(/<script type="application\/json"[^>]*>[^<]*<\/script>/g, "");
    expect(live).not.toMatch(/<script|<iframe|<object|<embed|<form|<base|<meta|<link|<style|<svg/i);
    const tags = live.match(/<[a-z][^>]*>/gi) ?? []; // text "<" is escaped, so these are real tags
    expect(tags.length).toBeGreaterThan(50);
    // Attribute names only (values are always double-quoted, with any " inside escaped).
    const names = tags.map((t) => t.replace(/="[^"]*"/g, ""));
    expect(names.filter((t) => /\son[a-z]+/i.test(t))).toEqual([]);
    expect(tags.filter((t) => /(href|src)\s*=\s*["']?\s*(javascript|vbscript|data:text)/i.test(t))).toEqual([]);
    expect(tags.filter((t) => /\s(id|name)="(Plotly|title|pwned)"/.test(t))).toEqual([]);
    expect(live).toContain("&lt;script&gt;window.pwned"); // stream text shown, escaped
    const nonce = /'nonce-([A-Za-z0-9]+)'/.exec(page)?.[1];
    expect(page.match(/<script[^>]*\snonce="/g)).toHaveLength(2); // Plotly and the boot script only
    expect(body).not.toContain(nonce);
  });

  test("two notebooks with one name get two pages; index.ipynb does not replace the index", async () => {
    const a = join(root, "a");
    const b = join(root, "b");
    mkdirSync(a);
    mkdirSync(b);
    cpSync(NOTEBOOKS[1], join(a, "index.ipynb"));
    cpSync(NOTEBOOKS[1], join(b, "index.ipynb"));
    const result = await exportSite([join(a, "index.ipynb"), join(b, "index.ipynb")], { outDir: join(root, "site") });
    expect(result.lessons.map((l) => l.href)).toEqual(["index-lesson.html", "index-2.html"]);
  });

  test("a failed export leaves the previous site whole; a good one replaces only its own files", async () => {
    const out = join(root, "site");
    await exportSite(NOTEBOOKS.slice(0, 2), { outDir: out });
    const before = readFileSync(join(out, "index.html"), "utf8");
    const bad = join(root, "broken.ipynb");
    writeFileSync(bad, '{"nbformat": 4, "cells": [');
    await expect(exportSite([NOTEBOOKS[0], bad], { outDir: out })).rejects.toThrow(new NotebookError(bad, "x").message.replace(": x", ""));
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe(before);
    expect(readdirSync(root).filter((f) => f.includes(".tmp-") || f.includes(".old-"))).toEqual([]);

    writeFileSync(join(out, "mine.html"), "the user's own");
    await exportSite([NOTEBOOKS[2]], { outDir: out });
    expect(readFileSync(join(out, "mine.html"), "utf8")).toBe("the user's own"); // not the export's: kept
    expect(existsSync(join(out, "01-basics.html"))).toBe(false);
    expect(existsSync(join(out, "03-hostile.html"))).toBe(true);
    expect(readdirSync(root).filter((f) => f.includes(".tmp-") || f.includes(".old-"))).toEqual([]);
  });

  test("refuses to replace a folder it did not write", async () => {
    const out = join(root, "mine");
    mkdirSync(out);
    writeFileSync(join(out, "thesis.tex"), "precious");
    await expect(exportSite(NOTEBOOKS, { outDir: out })).rejects.toThrow(/is a folder that nnlab did not export .* refusing to replace it/);
    expect(readFileSync(join(out, "thesis.tex"), "utf8")).toBe("precious");
  });

  test("bad notebooks are named with the reason", () => {
    const missing = join(root, "nope.ipynb");
    expect(() => readNotebook(missing)).toThrow(`${missing}: no such notebook file`);
    const cases: [string, RegExp][] = [
      ["not json", /invalid JSON/],
      ["[1]", /expected a JSON object, got an array/],
      ['{"nbformat": 3, "cells": []}', /expected nbformat 4, got 3/],
      [
        '{"nbformat": 4, "cells": [{"cell_type": "code", "source": "x", "outputs": [{"output_type": "stream"}]}]}',
        /cell 1, output 1 \(stream\) needs a "name" and a "text"/,
      ],
      ['{"nbformat": 4, "cells": [{"cell_type": "heading", "source": ""}]}', /cell 1 has cell_type "heading"/],
    ];
    for (const [text, message] of cases) {
      const file = join(root, "bad.ipynb");
      writeFileSync(file, text);
      expect(() => readNotebook(file)).toThrow(NotebookError);
      expect(() => readNotebook(file)).toThrow(message);
      expect(() => readNotebook(file)).toThrow(file);
    }
  });

  test("exporting six executed lessons takes well under 10 s", async () => {
    // Six lessons the size of real executed ones: each carries 4 charts of 2,000 points, 4 images and long output.
    const big = JSON.parse(readFileSync(NOTEBOOKS[0], "utf8"));
    const chart = big.cells.find(
      (c: { outputs?: { data?: Record<string, unknown> }[] }) => c.outputs?.[0]?.data?.["application/vnd.plotly.v1+json"],
    );
    const figure = chart.outputs[0].data["application/vnd.plotly.v1+json"];
    figure.data[0].y = Array.from({ length: 2000 }, (_, i) => Math.exp(-i / 500) + 0.01 * Math.sin(i));
    const image = big.cells.find((c: { outputs?: { data?: Record<string, unknown> }[] }) => c.outputs?.[0]?.data?.["image/png"]);
    big.cells.push(...Array.from({ length: 3 }, () => chart), ...Array.from({ length: 3 }, () => image));
    big.cells.push({
      cell_type: "code",
      execution_count: 99,
      metadata: {},
      source: "train()",
      outputs: [
        {
          output_type: "stream",
          name: "stdout",
          text: Array.from({ length: 2000 }, (_, i) => `\x1b[32mepoch ${i}\x1b[0m loss ${Math.random()}\n`).join(""),
        },
      ],
    });
    const files = Array.from({ length: 6 }, (_, i) => {
      const f = join(root, `0${i + 1}-lesson.ipynb`);
      writeFileSync(f, JSON.stringify(big));
      return f;
    });
    const t0 = performance.now();
    const result = await exportSite(files, { outDir: join(root, "site") });
    const seconds = (performance.now() - t0) / 1000;
    console.log(`export of 6 executed lessons: ${seconds.toFixed(2)} s (exportSite reports ${(result.milliseconds / 1000).toFixed(2)} s)`);
    expect(result.pages).toHaveLength(7);
    expect(seconds).toBeLessThan(10);
  });
});

describe("exportCommand", () => {
  test("parses notebooks and options", () => {
    expect(parseExportArgs(["a.ipynb", "--out", "site", "b.ipynb", "--single-file"])).toEqual({
      notebooks: ["a.ipynb", "b.ipynb"],
      outDir: "site",
      execute: false,
      singleFile: true,
      allowErrors: false,
      live: false,
    });
    expect(parseExportArgs(["--out=x", "--execute", "a.ipynb"])).toMatchObject({ outDir: "x", execute: true });
    expect(parseExportArgs(["a.ipynb", "--out", "x", "--live"])).toMatchObject({ live: true, singleFile: false });
    expect(() => parseExportArgs(["a.ipynb"])).toThrow(new UsageError("--out <dir> is required (where to write the site)"));
    expect(() => parseExportArgs(["--out", "x"])).toThrow(/no notebooks given/);
    expect(() => parseExportArgs(["a.ipynb", "--out"])).toThrow(/--out needs a folder/);
    expect(() => parseExportArgs(["a.ipynb", "-o", "x", "--fast"])).toThrow("unknown option --fast");
  });

  test("exit codes: 0 done, 1 failed (message names the file), 2 bad usage", async () => {
    const writes: string[] = [];
    const spies = [process.stdout, process.stderr].map((s) =>
      jest.spyOn(s, "write").mockImplementation((chunk: string | Uint8Array) => (writes.push(String(chunk)), true)),
    );
    try {
      expect(await exportCommand([NOTEBOOKS[0], "--out", join(root, "site")])).toBe(0);
      expect(writes.join("")).toMatch(/Exported 1 lesson in \d+\.\d\d s\.\nOpen .*index\.html/);
      const missing = join(root, "missing.ipynb");
      expect(await exportCommand([missing, "--out", join(root, "site")])).toBe(1);
      expect(writes.join("")).toContain(`nnlab export: ${missing}: no such notebook file`);
      expect(await exportCommand(["--out", join(root, "site")])).toBe(2);
      expect(await exportCommand(["--help"])).toBe(0);
      expect(writes.join("")).toContain("Usage: nnlab export <notebooks...> --out <dir>");
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(existsSync(join(root, "site", "01-basics.html"))).toBe(true);
  });
});
