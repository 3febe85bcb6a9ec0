/**
 * Writes the whole site: renders every notebook first (a bad notebook stops the export
 * before anything is written), writes the pages and assets into a temporary folder beside
 * the target, and only then moves them in, so a failure leaves the previous site whole. The
 * site's folder lists what the export wrote (SITE_MARKER); a later export replaces and
 * removes only those files, never one the user put there.
 */
import { randomBytes } from "crypto";
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  lstatSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "fs";
import { basename, dirname, isAbsolute, join, resolve, sep } from "path";
import { katexCss, katexFontFiles, plotlyScriptPath, siteCss } from "./assets";
import { renderLesson, type Lesson } from "./lesson";
import { readNotebook, type Notebook } from "../nbformat";
import { buildLiveAssets, type LivePayload } from "./live/build";
import { livePageHtml } from "./live/livePage";
import { ASSET_PATHS, indexPageHtml, lessonPageHtml, type PageAssets } from "./pageShell";

/**
 * The manifest an export writes into its folder: the list of the files it wrote. Its presence
 * says the folder is a site nnlab exported; the next export replaces or removes only the files
 * listed there, so a file the user added beside them is never touched.
 */
export const SITE_MARKER = ".nnlab-export.json";

/** The marker of exports before the manifest: says "nnlab wrote this folder" without a list. */
const LEGACY_MARKER = ".nnlab-export";

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

/** What is at the output folder before an export: nothing, or the files an earlier export owns. */
type Target = { readonly exists: false } | { readonly exists: true; readonly owned: ReadonlySet<string> | "legacy" };

/** The manifest's content. */
interface Manifest {
  readonly writtenBy: "nnlab export";
  readonly files: readonly string[];
}

/**
 * Reads the output folder: refuses one that is not a folder, one that holds files of its own
 * and no export manifest, and one that holds a notebook being exported.
 */
function checkTarget(outDir: string, notebookFiles: readonly string[]): Target {
  if (!existsSync(outDir)) return { exists: false };
  if (!statSync(outDir).isDirectory()) {
    throw new Error(`nnlab export: --out ${outDir} exists and is not a folder; choose a folder for the site`);
  }
  const inside = notebookFiles.find((f) => isInside(existingRealPath(resolve(f)), outDir));
  if (inside !== undefined) {
    throw new Error(
      `nnlab export: --out ${outDir} holds the notebook ${inside} being exported; ` +
        `choose an output folder outside the notebooks' folder (e.g. --out ${join(dirname(outDir), "site")})`,
    );
  }
  const manifest = join(outDir, SITE_MARKER);
  if (existsSync(manifest)) return { exists: true, owned: new Set(readManifest(manifest).files) };
  if (existsSync(join(outDir, LEGACY_MARKER))) return { exists: true, owned: "legacy" };
  if (readdirSync(outDir).length > 0) {
    throw new Error(
      `nnlab export: --out ${outDir} is a folder that nnlab did not export (no ${SITE_MARKER} file in it); ` +
        `refusing to replace it. Choose a new or empty folder.`,
    );
  }
  return { exists: true, owned: new Set() };
}

function readManifest(file: string): Manifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(
      `nnlab export: ${file} is damaged (${(e as Error).message}); remove that folder's old site by hand or choose another --out`,
    );
  }
  const files = (parsed as Partial<Manifest> | null)?.files;
  if (!Array.isArray(files) || !files.every((f) => typeof f === "string" && isSafeRelative(f))) {
    throw new Error(`nnlab export: ${file} is not an export manifest (no list of files); remove it by hand or choose another --out`);
  }
  return parsed as Manifest;
}

/** A path inside the folder: relative, no "..", no absolute part (a manifest never points outside). */
function isSafeRelative(file: string): boolean {
  return file !== "" && !isAbsolute(file) && !file.split(/[\\/]/).includes("..");
}

/** The real path of something that exists, else the path itself (so symlinked folders compare equal). */
function existingRealPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function isInside(file: string, dir: string): boolean {
  return file.startsWith(dir + sep);
}

/** Every file under `dir`, as relative paths with "/" separators, sorted. */
function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => {
      const rel = prefix === "" ? e.name : `${prefix}/${e.name}`;
      return e.isDirectory() ? listFiles(dir, rel) : [rel];
    })
    .sort();
}

function writeManifest(dir: string, files: Iterable<string>): void {
  const manifest: Manifest = { writtenBy: "nnlab export", files: [...new Set(files)].sort() };
  const file = join(dir, SITE_MARKER);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(manifest, null, 1) + "\n");
  renameSync(tmp, file);
}

/**
 * Moves the freshly built site from `tmp` into an existing folder: files the earlier export
 * owned are replaced or removed, anything else stays. Everything is checked first (a file of
 * the user's where the site needs one, a read-only file), so a refusal changes nothing.
 */
function mergeInto(outDir: string, tmp: string, owned: ReadonlySet<string> | "legacy"): void {
  const fresh = listFiles(tmp);
  // Before the manifest, an export owned its folder whole: the files it writes now were its own.
  const ours = owned === "legacy" ? new Set([...fresh, LEGACY_MARKER]) : owned;
  const clashes: string[] = [];
  const readOnly: string[] = [];
  for (const f of new Set([...fresh, ...ours])) {
    const dest = join(outDir, f);
    let isDir: boolean;
    try {
      isDir = lstatSync(dest).isDirectory();
    } catch {
      continue; // nothing there
    }
    if (!ours.has(f) || isDir) clashes.push(f);
    else if (!writable(dest)) readOnly.push(f);
  }
  if (clashes.length > 0) {
    throw new Error(
      `nnlab export: --out ${outDir} holds ${listed(clashes)}, which no earlier export wrote; refusing to replace ` +
        `${clashes.length === 1 ? "it" : "them"}. Move ${clashes.length === 1 ? "it" : "them"} away or choose another folder.`,
    );
  }
  if (readOnly.length > 0) {
    throw new Error(
      `nnlab export: ${listed(readOnly.map((f) => join(outDir, f)))} ${readOnly.length === 1 ? "is" : "are"} read-only; ` +
        `nothing was changed. Make ${readOnly.length === 1 ? "it" : "them"} writable or choose another folder.`,
    );
  }
  // Listed first, so an export cut off half-way still owns every file it may have moved in.
  writeManifest(outDir, [...(owned === "legacy" ? [] : owned), ...fresh]);
  for (const f of fresh) {
    mkdirSync(dirname(join(outDir, f)), { recursive: true });
    renameSync(join(tmp, f), join(outDir, f));
  }
  const keep = new Set(fresh);
  for (const f of ours) {
    if (keep.has(f)) continue;
    rmSync(join(outDir, f), { force: true });
    removeEmptyParents(outDir, f);
  }
  writeManifest(outDir, fresh);
}

/** Removes the folders of `file` under `root` that are left empty (an old export's asset folders). */
function removeEmptyParents(root: string, file: string): void {
  for (let dir = dirname(join(root, file)); isInside(dir, root); dir = dirname(dir)) {
    try {
      if (readdirSync(dir).length > 0) return;
      rmdirSync(dir);
    } catch {
      return;
    }
  }
}

/** This user may write it, and it has a write bit at all (`chmod a-w` keeps a file even from root). */
function writable(file: string): boolean {
  if ((lstatSync(file).mode & 0o222) === 0) return false;
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function listed(files: readonly string[]): string {
  return files.length <= 3 ? files.join(", ") : `${files.slice(0, 3).join(", ")} and ${files.length - 3} more`;
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
  const outDir = existingRealPath(resolve(options.outDir));
  const files = sources.map((s) => (typeof s === "string" ? s : s.file));
  checkTarget(outDir, files);

  const loaded = sources.map((s) => (typeof s === "string" ? { file: s, notebook: readNotebook(s) } : s));
  const names = pageNames(loaded.map((l) => l.file));
  const lessons = loaded.map((l, i) => renderLesson(l.notebook, l.file, names[i]));
  const live = options.live === true;
  if (live && options.singleFile === true)
    throw new RangeError("nnlab export: --live and --single-file do not go together (a live page needs its worker and wasm files)");

  mkdirSync(dirname(outDir), { recursive: true });
  const tmp = mkdtempSync(join(dirname(outDir), `.${basename(outDir)}.tmp-`));
  let livePayload: LivePayload | undefined;
  try {
    chmodSync(tmp, 0o755); // mkdtemp makes it private; a site is for reading
    writeSite(tmp, lessons, options.singleFile === true, live ? loaded.map((l) => l.notebook) : undefined);
    if (live) livePayload = await buildLiveAssets(tmp);
    const target = checkTarget(outDir, files); // again: something may have appeared there while we rendered
    if (target.exists) mergeInto(outDir, tmp, target.owned);
    else {
      writeManifest(tmp, listFiles(tmp));
      renameSync(tmp, outDir);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  return {
    outDir,
    pages: [join(outDir, "index.html"), ...lessons.map((l) => join(outDir, l.href))],
    lessons: lessons.map(({ file, href, title }) => ({ file, href, title })),
    milliseconds: performance.now() - start,
    livePayload,
  };
}
