/**
 * Writes the whole site: renders every notebook first (a bad notebook stops the export
 * before anything is written), writes the pages and assets into a temporary folder beside
 * the target, and only then swaps it in, so a failure leaves the previous site whole.
 */
import { randomBytes } from "crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "fs";
import { basename, dirname, join, resolve } from "path";
import { katexCss, katexFontFiles, plotlyScriptPath, siteCss } from "./assets";
import { renderLesson, type Lesson } from "./lesson";
import { readNotebook, type Notebook } from "../nbformat";
import { buildLiveAssets, type LivePayload } from "./live/build";
import { livePageHtml } from "./live/livePage";
import { ASSET_PATHS, indexPageHtml, lessonPageHtml, type PageAssets } from "./page";

/** The marker that says a folder is a site nnlab wrote (and may replace). */
export const SITE_MARKER = ".nnlab-export";

/** A notebook to export: a file to read, or one already in memory (e.g. just executed). */
export type ExportSource = string | { readonly file: string; readonly notebook: Notebook };

/** What {@link exportSite} does. */
export interface ExportOptions {
  /** The site folder; created, or replaced if it holds an earlier nnlab export. */
  readonly outDir: string;
  /** One self-contained HTML file per lesson (CSS, fonts and Plotly inline). */
  readonly singleFile?: boolean;
  /** A live site: every code cell gets an editor and Run, cells run in the page (kernel/export/live). */
  readonly live?: boolean;
}

/** What was written. */
export interface ExportResult {
  readonly outDir: string;
  /** Absolute paths: index.html first, then one page per lesson in order. */
  readonly pages: readonly string[];
  readonly lessons: readonly Pick<Lesson, "file" | "href" | "title">[];
  readonly milliseconds: number;
  /** For a live site: the sizes of its scripts, wasm and data. */
  readonly livePayload?: LivePayload;
}

/** Page file names from notebook names: safe characters, unique, never index.html. */
function pageNames(files: readonly string[]): string[] {
  const used = new Set(["index.html"]);
  return files.map((file) => {
    const stem =
      basename(file)
        .replace(/\.ipynb$/i, "")
        .replace(/[^A-Za-z0-9._-]+/g, "-")
        .replace(/^[.-]+/, "") || "lesson";
    let name = `${stem === "index" ? "index-lesson" : stem}.html`;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${stem}-${n}.html`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** Refuses to replace a folder that is not an earlier export (it may be the user's files). */
function checkTarget(outDir: string): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) {
    throw new Error(`nnlab export: --out ${outDir} exists and is not a folder`);
  }
  if (readdirSync(outDir).length > 0 && !existsSync(join(outDir, SITE_MARKER))) {
    throw new Error(
      `nnlab export: --out ${outDir} is a folder that nnlab did not export (no ${SITE_MARKER} file in it); ` +
        `refusing to replace it. Choose a new or empty folder.`,
    );
  }
}

function writeSite(tmp: string, lessons: readonly Lesson[], singleFile: boolean, liveSources?: readonly Notebook[]): void {
  const nonce = randomBytes(18).toString("base64").replace(/[+/=]/g, "");
  let plotly: string | undefined;
  const assets: PageAssets = {
    singleFile,
    nonce,
    siteCss,
    katexCss: () => katexCss(true),
    plotlyJs: () => (plotly ??= readFileSync(plotlyScriptPath(), "utf8")),
  };
  if (!singleFile) {
    mkdirSync(join(tmp, ASSET_PATHS.katexFonts), { recursive: true });
    writeFileSync(join(tmp, ASSET_PATHS.siteCss), siteCss());
    writeFileSync(join(tmp, ASSET_PATHS.katexCss), katexCss(false));
    for (const font of katexFontFiles()) copyFileSync(font, join(tmp, ASSET_PATHS.katexFonts, basename(font)));
    if (liveSources !== undefined || lessons.some((l) => l.plotCount > 0))
      copyFileSync(plotlyScriptPath(), join(tmp, ASSET_PATHS.plotlyJs));
  }
  writeFileSync(join(tmp, "index.html"), indexPageHtml(lessons, assets));
  lessons.forEach((_, i) => {
    const html = lessonPageHtml(lessons, i, assets);
    writeFileSync(join(tmp, lessons[i].href), liveSources === undefined ? html : livePageHtml(html, liveSources[i], nonce));
  });
  writeFileSync(join(tmp, SITE_MARKER), "This folder was written by `nnlab export`; the next export replaces it whole.\n");
}

/**
 * Exports notebooks as a static site that works offline: index.html and one page per
 * notebook, in the order given (which is the previous/next order).
 *
 * @example
 * await exportSite(["notebooks/01-backprop.ipynb", "notebooks/02-convolution.ipynb"], { outDir: "dist/lessons" });
 */
export async function exportSite(sources: readonly ExportSource[], options: ExportOptions): Promise<ExportResult> {
  const start = performance.now();
  if (sources.length === 0) throw new RangeError("nnlab export: no notebooks given; name at least one .ipynb file");
  const outDir = resolve(options.outDir);
  checkTarget(outDir);

  const loaded = sources.map((s) => (typeof s === "string" ? { file: s, notebook: readNotebook(s) } : s));
  const names = pageNames(loaded.map((l) => l.file));
  const lessons = loaded.map((l, i) => renderLesson(l.notebook, l.file, names[i]));
  const live = options.live === true;
  if (live && options.singleFile === true)
    throw new RangeError("nnlab export: --live and --single-file do not go together (a live page needs its worker and wasm files)");

  mkdirSync(dirname(outDir), { recursive: true });
  const tmp = mkdtempSync(join(dirname(outDir), `.${basename(outDir)}.tmp-`));
  let old: string | undefined;
  let livePayload: LivePayload | undefined;
  try {
    chmodSync(tmp, 0o755); // mkdtemp makes it private; a site is for reading
    writeSite(tmp, lessons, options.singleFile === true, live ? loaded.map((l) => l.notebook) : undefined);
    if (live) livePayload = await buildLiveAssets(tmp);
    checkTarget(outDir); // again: something may have appeared there while we rendered
    if (existsSync(outDir)) {
      old = join(dirname(outDir), `.${basename(outDir)}.old-${randomBytes(6).toString("hex")}`);
      renameSync(outDir, old);
    }
    try {
      renameSync(tmp, outDir);
    } catch (err) {
      if (old !== undefined) renameSync(old, outDir);
      old = undefined;
      throw err;
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  if (old !== undefined) rmSync(old, { recursive: true, force: true });

  return {
    outDir,
    pages: [join(outDir, "index.html"), ...lessons.map((l) => join(outDir, l.href))],
    lessons: lessons.map(({ file, href, title }) => ({ file, href, title })),
    milliseconds: performance.now() - start,
    livePayload,
  };
}
