/**
 * The one HTML escaper and the one HTML table renderer: every object that displays itself as a
 * table (nets, gradient checks, training history, table figures) and the HTML exporter use them,
 * so output text is escaped the same way everywhere.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * escapeHtml('<img alt="x">'); // "&lt;img alt=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A column's alignment in a table. */
export type Align = "left" | "right";

/**
 * An HTML table with every cell, caption and row class escaped.
 *
 * `align` gives each column an explicit `text-align` (a missing entry is left); without it the
 * cells carry no style and the page's CSS decides. `caption` goes above the table;
 * `rowClasses[i]` becomes the class of body row i (e.g. "fail").
 *
 * @example
 * htmlTable(["layer", "params"], [["Affine1", "7,850"]], ["left", "right"], "TwoLayerNet");
 * // '<table class="nnlab-table"><caption style="text-align:left">TwoLayerNet</caption><thead>...'
 */
export function htmlTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align?: readonly Align[],
  caption?: string,
  rowClasses?: readonly (string | undefined)[],
): string {
  const style = (c: number) => (align === undefined ? "" : ` style="text-align:${align[c] ?? "left"}"`);
  const head = `<tr>${headers.map((h, c) => `<th${style(c)}>${escapeHtml(h)}</th>`).join("")}</tr>`;
  const body = rows
    .map((r, i) => {
      const cls = rowClasses?.[i];
      const cells = r.map((cell, c) => `<td${style(c)}>${escapeHtml(cell)}</td>`).join("");
      return `<tr${cls ? ` class="${escapeHtml(cls)}"` : ""}>${cells}</tr>`;
    })
    .join("\n");
  const cap = caption === undefined ? "" : `<caption style="text-align:left">${escapeHtml(caption)}</caption>`;
  return `<table class="nnlab-table">${cap}<thead>${head}</thead>\n<tbody>\n${body}\n</tbody></table>`;
}
