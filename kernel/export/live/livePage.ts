/**
 * Turns a static lesson page into a live one: the code cells' sources as JSON, Plotly and the
 * live page script (with the export's nonce), and a Content-Security-Policy that also lets the
 * page start its worker from the site. Nothing else changes: the recorded outputs stay.
 */
import { jsonForScript } from "../escape";
import { joinMultiline } from "../../nbformat/multiline";
import type { Notebook } from "../../nbformat/types";
import { ASSET_PATHS, contentSecurityPolicy } from "../pageShell";
import { LIVE_DIR } from "./build";

/** The live page's policy: the static one, plus its own worker and same-site requests. */
export function livePolicy(nonce: string): string {
  return contentSecurityPolicy(nonce).replace("connect-src 'none'", "connect-src 'self'") + "; worker-src 'self'";
}

/**
 * A lesson page made live.
 *
 * @example
 * livePageHtml(lessonPageHtml(lessons, 0, assets), notebook, nonce);
 */
export function livePageHtml(staticHtml: string, notebook: Notebook, nonce: string): string {
  const cells = notebook.cells.flatMap((cell, i) =>
    cell.cell_type === "code" && joinMultiline(cell.source).trim() !== ""
      ? [{ id: `nnlab-cell-${i + 1}`, source: joinMultiline(cell.source) }]
      : [],
  );
  const plotly = staticHtml.includes(`src="${ASSET_PATHS.plotlyJs}"`)
    ? ""
    : `<script src="${ASSET_PATHS.plotlyJs}" nonce="${nonce}"></script>\n`;
  const scripts =
    `<script type="application/json" id="nnlab-live-cells">${jsonForScript(cells)}</script>\n` +
    plotly +
    `<script src="${LIVE_DIR}/page.js" nonce="${nonce}"></script>\n`;
  // An empty icon: without one the browser asks the site for /favicon.ico, a 404 on the console.
  const withPolicy = staticHtml
    .replace(contentSecurityPolicy(nonce), livePolicy(nonce))
    .replace("</head>", '<link rel="icon" href="data:,">\n</head>');
  const at = withPolicy.lastIndexOf("</body>");
  return withPolicy.slice(0, at) + scripts + withPolicy.slice(at);
}
