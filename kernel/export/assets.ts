/**
 * The files an exported site needs beside its pages (or inside them with --single-file):
 * nnlab's stylesheet with the highlight.js theme, KaTeX's stylesheet and fonts (woff2 only:
 * every browser that runs Plotly reads it), and Plotly's script. All come from installed
 * packages; nothing is fetched.
 */
import { existsSync, readFileSync, readdirSync } from "fs";
import { dirname, join } from "path";

/** Where a package's files are on disk. */
function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** kernel/export/assets, from the sources or from dist/kernel/export (tsc copies no CSS). */
function assetsDir(): string {
  const candidates = [join(__dirname, "assets"), join(__dirname, "..", "..", "..", "kernel", "export", "assets")];
  const found = candidates.find((dir) => existsSync(join(dir, "nnlab.css")));
  if (found === undefined) throw new Error(`nnlab export: the stylesheet nnlab.css was not found in ${candidates.join(" or ")}`);
  return found;
}

let cache: { siteCss: string; katexCss: string; katexFonts: string[]; katexFontDir: string } | undefined;

function load() {
  if (cache) return cache;
  const hljsTheme = readFileSync(join(packageDir("highlight.js"), "styles", "github.min.css"), "utf8");
  const siteCss = readFileSync(join(assetsDir(), "nnlab.css"), "utf8") + "\n/* highlight.js github theme */\n" + hljsTheme;
  const katexDist = join(packageDir("katex"), "dist");
  // Keep only the woff2 source of each @font-face, so only those files need shipping.
  const katexCss = readFileSync(join(katexDist, "katex.min.css"), "utf8").replace(
    /src:url\((fonts\/[^)]+\.woff2)\) format\("woff2"\)(,url\([^)]*\) format\("[a-z]+"\))*/g,
    'src:url($1) format("woff2")',
  );
  const katexFontDir = join(katexDist, "fonts");
  const katexFonts = readdirSync(katexFontDir).filter((f) => f.endsWith(".woff2"));
  cache = { siteCss, katexCss, katexFonts, katexFontDir };
  return cache;
}

/** nnlab.css followed by the highlight.js theme. */
export function siteCss(): string {
  return load().siteCss;
}

/** KaTeX's CSS; with `inlineFonts` the fonts are data: URIs (for single-file pages). */
export function katexCss(inlineFonts: boolean): string {
  const { katexCss: css, katexFontDir } = load();
  if (!inlineFonts) return css;
  return css.replace(/url\(fonts\/([^)]+\.woff2)\)/g, (_m, file: string) => {
    const data = readFileSync(join(katexFontDir, file)).toString("base64");
    return `url(data:font/woff2;base64,${data})`;
  });
}

/** KaTeX's font files (absolute paths) to copy to assets/katex/fonts/. */
export function katexFontFiles(): string[] {
  const { katexFonts, katexFontDir } = load();
  return katexFonts.map((f) => join(katexFontDir, f));
}

/** plotly.min.js on disk. */
export function plotlyScriptPath(): string {
  return join(packageDir("plotly.js-dist-min"), "plotly.min.js");
}
