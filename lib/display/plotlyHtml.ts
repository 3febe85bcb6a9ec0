import { platform } from "../platform";
import type { PlotlyFigure } from "../ground/figure";

let plotlySource: string | undefined;
let inlined = false;

/** plotly.js from node_modules, safe to put inside a <script> element. */
function plotlyScript(): string {
  plotlySource ??= platform
    .readTextFile(platform.joinPath(platform.packageDir("plotly.js-dist-min"), "plotly.min.js"))
    .replace(/<\/(script)/gi, "<\\/$1");
  return plotlySource;
}

/**
 * Forgets that plotly.js was already inlined, so the next Plotly HTML carries it again.
 * Call it when outputs start a new document (an exporter page, a new kernel session).
 */
export function resetPlotlyInlining(): void {
  inlined = false;
}

/**
 * A self-contained HTML rendering of a Plotly figure that needs no network and no Jupyter
 * extension: the first one in a session inlines plotly.js (about 4.8 MB), later ones reuse
 * `window.Plotly` (and wait for it if the first output is still loading).
 *
 * @example
 * const html = plotlyHtml({ kind: "plotly", data: [{ y: [1, 2] }], layout: {} });
 */
export function plotlyHtml(figure: PlotlyFigure): string {
  const id = `nnlab-plot-${platform.randomUUID()}`;
  const spec = JSON.stringify({ data: figure.data, layout: figure.layout, config: { responsive: true, ...(figure.config ?? {}) } }).replace(
    /</g,
    "\\u003c",
  );
  const library = inlined ? "" : `<script type="text/javascript">if (!window.Plotly) {${plotlyScript()}\n}</script>\n`;
  inlined = true;
  return (
    library +
    `<div id="${id}" class="nnlab-plotly"></div>\n<script type="text/javascript">(function () {\n` +
    `  var spec = ${spec};\n` +
    `  function draw() { window.Plotly.newPlot("${id}", spec.data, spec.layout, spec.config); }\n` +
    `  if (window.Plotly) draw(); else { var n = 0; var t = setInterval(function () { if (window.Plotly) { clearInterval(t); draw(); } else if (++n > 600) clearInterval(t); }, 50); }\n` +
    `})();</script>`
  );
}
