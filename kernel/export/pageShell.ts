/**
 * The HTML around the rendered cells: head (viewport, Content-Security-Policy, styles),
 * top bar, sidebar (lessons and the page's table of contents), previous/next links, and
 * the index page that lists the lessons.
 */
import { escapeHtml } from "../../lib/host";
import { scriptForInline } from "./escape";
import type { Lesson } from "./lesson";
import { plotlyBootScript } from "./plotly";

/** How pages reach their CSS and scripts. */
export interface PageAssets {
  /** true: everything inline (one self-contained file); false: files under assets/. */
  readonly singleFile: boolean;
  /** The script nonce of this export: only the exporter's scripts carry it. */
  readonly nonce: string;
  /** The stylesheet texts, for single-file pages. */
  readonly siteCss: () => string;
  readonly katexCss: () => string;
  readonly plotlyJs: () => string;
}

/** Relative paths of the shared assets in a multi-file site. */
export const ASSET_PATHS = {
  siteCss: "assets/nnlab.css",
  katexCss: "assets/katex/katex.min.css",
  katexFonts: "assets/katex/fonts",
  plotlyJs: "assets/plotly.min.js",
} as const;

/**
 * The policy every page carries: scripts run only with this export's nonce (a notebook's
 * HTML is sanitized anyway; this is the second wall), and no fetch, frame, form or object
 * can leave the page. Styles may be inline (KaTeX and Plotly position with style attributes).
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline' file:",
    "img-src 'self' data: blob: file:",
    "font-src 'self' data: file:",
    "connect-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

function head(title: string, assets: PageAssets, needsMath: boolean): string {
  const styles = assets.singleFile
    ? (needsMath ? `<style>${assets.katexCss()}</style>\n` : "") + `<style>${assets.siteCss()}</style>`
    : `<link rel="stylesheet" href="${ASSET_PATHS.katexCss}">\n<link rel="stylesheet" href="${ASSET_PATHS.siteCss}">`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(assets.nonce)}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="nnlab export">
<title>${escapeHtml(title)}</title>
${styles}
</head>`;
}

function scripts(lesson: Lesson, assets: PageAssets): string {
  if (lesson.plotCount === 0) return "";
  const plotly = assets.singleFile
    ? `<script nonce="${assets.nonce}">${scriptForInline(assets.plotlyJs())}</script>`
    : `<script src="${ASSET_PATHS.plotlyJs}" nonce="${assets.nonce}"></script>`;
  return `${plotly}\n<script nonce="${assets.nonce}">${plotlyBootScript}</script>\n`;
}

function lessonList(lessons: readonly Lesson[], current: number | undefined): string {
  return lessons
    .map((l, i) => `<li><a href="${escapeHtml(l.href)}"${i === current ? ' aria-current="page"' : ""}>${escapeHtml(l.title)}</a></li>`)
    .join("\n");
}

function toc(lesson: Lesson): string {
  // The page title is the H1 already; list what is below it.
  const entries = lesson.headings.filter((h, i) => !(i === 0 && h.level === 1));
  if (entries.length === 0) return "";
  const top = Math.min(...entries.map((h) => h.level));
  const items = entries
    .map((h) => `<li class="nnlab-toc-${h.level - top + 1}"><a href="#${escapeHtml(h.id)}">${escapeHtml(h.text)}</a></li>`)
    .join("\n");
  return `<h2 id="nnlab-toc">On this page</h2>\n<ul class="nnlab-toc">\n${items}\n</ul>`;
}

function pager(lessons: readonly Lesson[], index: number): string {
  const prev = lessons[index - 1];
  const next = lessons[index + 1];
  const link = (l: Lesson, rel: "prev" | "next") =>
    `<a class="nnlab-${rel}" rel="${rel}" href="${escapeHtml(l.href)}"><small>${rel === "prev" ? "← Previous" : "Next →"}</small>${escapeHtml(l.title)}</a>`;
  return `<nav class="nnlab-pager" aria-label="Previous and next lessons">
${prev ? link(prev, "prev") : `<a class="nnlab-prev" href="index.html"><small>↑ All lessons</small>Index</a>`}
${next ? link(next, "next") : `<a class="nnlab-next" href="index.html"><small>↑ All lessons</small>Index</a>`}
</nav>`;
}

/**
 * A lesson's page.
 *
 * @example
 * const html = lessonPageHtml(lessons, 0, assets);
 */
export function lessonPageHtml(lessons: readonly Lesson[], index: number, assets: PageAssets): string {
  const lesson = lessons[index];
  return `${head(`${lesson.title} · nnlab`, assets, lesson.hasMath)}
<body class="nnlab-lesson">
<a class="nnlab-skip" href="#nnlab-main">Skip to the lesson</a>
<header class="nnlab-topbar">
<a class="nnlab-home" href="index.html">nnlab lessons</a>
<span class="nnlab-current">${escapeHtml(lesson.title)}</span>
<a class="nnlab-contents-link" href="#nnlab-sidebar">Contents ↓</a>
</header>
<div class="nnlab-layout">
<main id="nnlab-main">
${lesson.bodyHtml}
${pager(lessons, index)}
</main>
<nav class="nnlab-sidebar" id="nnlab-sidebar" aria-label="Lessons and contents">
${toc(lesson)}
<h2>Lessons</h2>
<ol class="nnlab-lesson-list">
<li><a href="index.html">All lessons</a></li>
${lessonList(lessons, index)}
</ol>
</nav>
</div>
${scripts(lesson, assets)}</body>
</html>
`;
}

/** The index page: every lesson with its title and summary. */
export function indexPageHtml(lessons: readonly Lesson[], assets: PageAssets): string {
  const needsMath = lessons.some((l) => l.summaryHtml.includes('class="katex'));
  const items = lessons
    .map(
      (l) => `<li>
<h2><a href="${escapeHtml(l.href)}">${escapeHtml(l.title)}</a></h2>
<div class="nnlab-summary">${l.summaryHtml}</div>
</li>`,
    )
    .join("\n");
  return `${head("nnlab lessons", assets, needsMath)}
<body class="nnlab-index">
<main id="nnlab-main">
<h1>nnlab lessons</h1>
<p class="nnlab-lede">Deep learning from scratch in TypeScript: ${lessons.length} lesson${lessons.length === 1 ? "" : "s"}, with every output as it was computed. This site works offline.</p>
<ol class="nnlab-lessons">
${items}
</ol>
<p class="nnlab-footer">Exported by nnlab. Open a lesson in Jupyter with the nnlab kernel to run it yourself.</p>
</main>
</body>
</html>
`;
}
