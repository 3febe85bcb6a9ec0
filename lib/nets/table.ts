/**
 * Plain-text tables for the objects that display themselves (nets, gradient-check reports,
 * training history); their HTML twin is lib/ground/html.ts's htmlTable.
 */

import type { Align } from "../ground/html";

export type { Align };

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

/** 1234567 -> "1,234,567". @internal */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}
