import type { Figure, TableFigure } from "../ground/figure";
import type { MimeBundle } from "../ground/displaySeam";
import { htmlTable } from "../ground/html";
import { plotlyHtml } from "./plotlyHtml";

function cellText(v: string | number | boolean): string {
  return typeof v === "number" && !Number.isInteger(v) ? v.toPrecision(4) : String(v);
}

/** A table as aligned plain text (for text/plain). */
export function tableText(table: TableFigure): string {
  const rows = [table.columns.map(String), ...table.rows.map((r) => r.map(cellText))];
  const widths = table.columns.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  const out = rows.map(line);
  out.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return (table.title ? table.title + "\n" : "") + out.join("\n");
}

/** A table as an HTML <table> (for text/html). */
export function tableHtml(table: TableFigure): string {
  const rows = table.rows.map((r) => r.map(cellText));
  return htmlTable(table.columns.map(String), rows, undefined, table.title || undefined, table.rowClasses);
}

/**
 * The MIME bundle of a figure: Plotly -> application/vnd.plotly.v1+json + offline text/html +
 * text/plain; image -> image/png; SVG -> image/svg+xml; table -> text/html + text/plain.
 *
 * @example
 * figureBundle({ kind: "table", columns: ["a"], rows: [[1]] })["text/html"]; // "<table ..."
 */
export function figureBundle(figure: Figure): MimeBundle {
  switch (figure.kind) {
    case "plotly": {
      const title = (figure.layout as { title?: unknown }).title;
      const titleText = typeof title === "string" ? title : (title as { text?: string } | undefined)?.text;
      return {
        "application/vnd.plotly.v1+json": { data: figure.data, layout: figure.layout, ...(figure.config ? { config: figure.config } : {}) },
        "text/html": plotlyHtml(figure),
        "text/plain": `Plotly figure${titleText ? ` "${titleText}"` : ""} with ${figure.data.length} trace(s)`,
      };
    }
    case "image":
      return { "image/png": figure.pngBase64, "text/plain": `Image ${figure.width}x${figure.height}: ${figure.alt}` };
    case "svg":
      return { "image/svg+xml": figure.svg, "text/plain": figure.alt };
    case "table":
      return { "text/html": tableHtml(figure), "text/plain": tableText(figure) };
  }
}
