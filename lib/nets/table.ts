/**
 * Plain-text and HTML tables for the objects that display themselves (nets, gradient-check
 * reports, training history). Kept here so lib/nets and lib/train render tables alike.
 */

/** A column's alignment in the text table. */
export type Align = "left" | "right";

/** Escapes text for HTML content. @internal */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/**
 * An aligned plain-text table with a rule under the header.
 *
 * @example
 * textTable(["layer", "params"], [["Affine1", "7,850"]], ["left", "right"]);
 * // layer    params
 * // -------  ------
 * // Affine1   7,850
 * @internal
 */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (align[c] === "right" ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The same table as HTML (every cell escaped); `caption` goes above it. @internal */
export function htmlTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
  caption?: string,
): string {
  const style = (c: number) => (align[c] === "right" ? ' style="text-align:right"' : ' style="text-align:left"');
  const head = `<tr>${headers.map((h, c) => `<th${style(c)}>${escapeHtml(h)}</th>`).join("")}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((cell, c) => `<td${style(c)}>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("");
  const cap = caption === undefined ? "" : `<caption style="text-align:left">${escapeHtml(caption)}</caption>`;
  return `<table class="nnlab-table">${cap}<thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** 1234567 -> "1,234,567". @internal */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}
