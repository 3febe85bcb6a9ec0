/**
 * Code cell outputs to HTML, the way Jupyter shows them: the richest MIME type first
 * (Plotly JSON, HTML, SVG, PNG, JPEG, markdown, LaTeX, JSON, plain text), stream text and
 * tracebacks with ANSI colours, everything from the notebook escaped or sanitized.
 */
import { collapseCarriageReturns, stripAnsi } from "../terminal";
import { ansiToHtml } from "./ansi";
import { escapeHtml } from "../../lib/host";
import { renderMarkdown } from "./markdown";
import { renderLatexOutput } from "./math";
// Only the pure parts of kernel/nbformat: the live page bundles these renderers.
import { joinMultiline } from "../nbformat/multiline";
import type { NotebookMimeBundle, Output } from "../nbformat/types";
import { utf8ToBase64 } from "./utf8Base64";
import { normalizePlotly, plotlyHtml } from "./plotly";
import { sanitizeUntrusted } from "./sanitize";
import { type Slugger } from "./slugger";

/** MIME types the exporter shows, richest first (Jupyter's order). */
export const MIME_PRIORITY = [
  "application/vnd.plotly.v1+json",
  "text/html",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "text/markdown",
  "text/latex",
  "application/json",
  "text/plain",
] as const;

/** Per-page state outputs need: chart ids and heading ids stay unique on the page. */
export interface OutputContext {
  /** Returns a fresh id for a chart on this page. */
  nextPlotId(): string;
  /** The page's slugger (headings inside markdown outputs get unique ids). */
  readonly slugger: Slugger;
}

/** The MIME type Jupyter would show for a bundle, or undefined when none is known. */
export function pickMimeType(data: NotebookMimeBundle): string | undefined {
  return MIME_PRIORITY.find((mime) => data[mime] !== undefined && data[mime] !== null);
}

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join("");
  return JSON.stringify(value, null, 2) ?? "";
}

function imageHtml(mime: string, value: unknown, metadata: Record<string, unknown> | undefined, alt: string): string {
  let base64: string;
  if (mime === "image/svg+xml") {
    // In an <img>, an SVG cannot run script or load anything: no sanitizing of SVG needed.
    base64 = utf8ToBase64(text(value));
  } else {
    base64 = text(value).replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
      return `<pre class="nnlab-output-note">(${escapeHtml(mime)} output is not valid base64; not shown)</pre>`;
    }
  }
  const meta = metadata?.[mime] as Record<string, unknown> | undefined;
  const size = ["width", "height"]
    .filter((k) => typeof meta?.[k] === "number" && Number.isFinite(meta[k]) && meta[k] > 0)
    .map((k) => ` ${k}="${Math.round(meta?.[k] as number)}"`)
    .join("");
  return `<img class="nnlab-image" src="data:${mime};base64,${base64}" alt="${escapeHtml(alt)}"${size}>`;
}

function bundleHtml(data: NotebookMimeBundle, metadata: Record<string, unknown> | undefined, ctx: OutputContext): string {
  const mime = pickMimeType(data);
  const value = mime === undefined ? undefined : data[mime];
  const plain = data["text/plain"] === undefined ? "" : stripAnsi(collapseCarriageReturns(text(data["text/plain"]), "final"));
  switch (mime) {
    case "application/vnd.plotly.v1+json":
      try {
        return plotlyHtml(ctx.nextPlotId(), normalizePlotly(value));
      } catch (err) {
        return `<pre class="nnlab-output-note">${escapeHtml((err as Error).message)}</pre>`;
      }
    case "text/html":
      return `<div class="nnlab-html">${sanitizeUntrusted(text(value))}</div>`;
    case "image/svg+xml":
    case "image/png":
    case "image/jpeg":
      return imageHtml(mime, value, metadata, plain.slice(0, 500) || mime.replace("image/", "") + " image");
    case "text/markdown":
      return `<div class="nnlab-markdown">${renderMarkdown(text(value), { slugger: ctx.slugger }).html}</div>`;
    case "text/latex":
      return `<div class="nnlab-latex">${renderLatexOutput(text(value))}</div>`;
    case "application/json":
      return `<pre class="nnlab-text">${escapeHtml(JSON.stringify(value, null, 2) ?? "")}</pre>`;
    case "text/plain":
      return `<pre class="nnlab-text">${ansiToHtml(text(value))}</pre>`;
    default: {
      const kinds = Object.keys(data).join(", ") || "none";
      return `<pre class="nnlab-output-note">(output of type ${escapeHtml(kinds)} is not shown in the export)</pre>`;
    }
  }
}

/** Jupyter shows consecutive stream outputs of the same stream as one block. */
function mergeStreams(outputs: readonly Output[]): Output[] {
  const merged: Output[] = [];
  for (const output of outputs) {
    const last = merged[merged.length - 1];
    if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) {
      merged[merged.length - 1] = { ...last, text: joinMultiline(last.text) + joinMultiline(output.text) };
    } else {
      merged.push(output);
    }
  }
  return merged;
}

/**
 * Renders one output. execute_result carries its Out[n] prompt.
 *
 * @example
 * renderOutput({ output_type: "stream", name: "stdout", text: "\x1b[32mok\x1b[0m\n" }, ctx);
 */
export function renderOutput(output: Output, ctx: OutputContext): string {
  switch (output.output_type) {
    case "stream": {
      const name = output.name === "stderr" ? "stderr" : "stdout";
      return `<div class="nnlab-output nnlab-stream nnlab-${name}"><pre>${ansiToHtml(joinMultiline(output.text))}</pre></div>`;
    }
    case "error": {
      const trace = output.traceback.length > 0 ? output.traceback.join("\n") : `${output.ename}: ${output.evalue}`;
      return `<div class="nnlab-output nnlab-error" role="alert"><pre>${ansiToHtml(trace)}</pre></div>`;
    }
    case "execute_result": {
      const n = output.execution_count;
      const prompt = `<div class="nnlab-prompt nnlab-out-prompt">${n === null ? "Out:" : `Out[${Number(n)}]:`}</div>`;
      return `<div class="nnlab-output nnlab-result">${prompt}<div class="nnlab-output-body">${bundleHtml(output.data, output.metadata, ctx)}</div></div>`;
    }
    case "display_data":
      return `<div class="nnlab-output nnlab-display"><div class="nnlab-output-body">${bundleHtml(output.data, output.metadata, ctx)}</div></div>`;
  }
}

/** Renders a cell's outputs in order, streams merged as Jupyter shows them. */
export function renderOutputs(outputs: readonly Output[], ctx: OutputContext): string {
  return mergeStreams(outputs)
    .map((o) => renderOutput(o, ctx))
    .join("\n");
}
