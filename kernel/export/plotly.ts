/**
 * Interactive Plotly charts in an exported page: the figure JSON goes into an inert
 * `<script type="application/json">` element with every "<" escaped, and the page's own
 * script (written by the exporter, see {@link plotlyBootScript}) calls Plotly.newPlot on it.
 */
import { escapeHtml } from "../../lib/host";
import { jsonForScript } from "./escape";

/** A Plotly figure as stored in an application/vnd.plotly.v1+json output. */
export interface PlotlyJson {
  data: unknown[];
  layout: Record<string, unknown>;
  config: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const EMBEDDED = /^data:image\//i;

/** Layout images that would be fetched (anything but data: URIs) are dropped: pages fetch nothing. */
function dropRemoteImages(layout: Record<string, unknown>): Record<string, unknown> {
  const out = { ...layout };
  if (Array.isArray(out.images)) {
    out.images = out.images.filter((img) => isObject(img) && typeof img.source === "string" && EMBEDDED.test(img.source));
  }
  if (isObject(out.template) && isObject(out.template.layout)) {
    out.template = { ...out.template, layout: dropRemoteImages(out.template.layout) };
  }
  return out;
}

/**
 * Checks and cleans a Plotly MIME payload; throws a TypeError naming what is wrong. The
 * config turns off everything that reaches the network (the Chart Studio link, topojson
 * from a CDN) and makes the chart follow the page width.
 */
export function normalizePlotly(value: unknown): PlotlyJson {
  if (!isObject(value))
    throw new TypeError(`Plotly output: expected an object with "data", got ${Array.isArray(value) ? "an array" : typeof value}`);
  if (!Array.isArray(value.data)) throw new TypeError(`Plotly output: "data" must be an array of traces, got ${typeof value.data}`);
  const layout = isObject(value.layout) ? dropRemoteImages(value.layout) : {};
  const config: Record<string, unknown> = isObject(value.config) ? { ...value.config } : {};
  delete config.topojsonURL;
  delete config.plotlyServerURL;
  Object.assign(config, { responsive: true, displaylogo: false, showLink: false, showSendToCloud: false, showEditInChartStudio: false });
  return { data: value.data, layout, config };
}

/**
 * The HTML for one chart: an empty target element and its JSON.
 *
 * @example
 * plotlyHtml("nnlab-plot-1", normalizePlotly({ data: [{ y: [1, 2] }] }));
 */
export function plotlyHtml(id: string, figure: PlotlyJson): string {
  const safeId = escapeHtml(id);
  return (
    `<div class="nnlab-plot" id="${safeId}"></div>` +
    `<script type="application/json" class="nnlab-plot-data" data-target="${safeId}">${jsonForScript(figure)}</script>`
  );
}

/**
 * The page script that draws every chart (the only inline script an exported page runs).
 * A chart that fails is reported in its place and on the console, never silently blank.
 */
export const plotlyBootScript = `(function () {
  var nodes = document.querySelectorAll("script.nnlab-plot-data");
  for (var i = 0; i < nodes.length; i++) {
    var target = document.getElementById(nodes[i].getAttribute("data-target"));
    if (!target) continue;
    try {
      var fig = JSON.parse(nodes[i].textContent);
      Plotly.newPlot(target, fig.data, fig.layout, fig.config);
    } catch (err) {
      target.textContent = "This chart could not be drawn: " + (err && err.message);
      console.error("nnlab: chart " + target.id + " could not be drawn", err);
    }
  }
})();`;
