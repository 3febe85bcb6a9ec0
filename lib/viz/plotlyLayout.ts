import { PALETTE } from "./palette";

/** A Plotly axis with a title (every axis the builders make is labelled). @internal */
export function axis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: { text: title }, zeroline: false, automargin: true, ...extra };
}

/**
 * The layout every Plotly builder starts from: a title, the colour-blind-safe colorway,
 * a white background and margins that leave room for axis titles.
 *
 * @internal
 */
export function baseLayout(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { text: title, x: 0.02, xanchor: "left" },
    colorway: [...PALETTE],
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    font: { family: "Helvetica, Arial, sans-serif", size: 13, color: "#222222" },
    margin: { l: 60, r: 20, t: 60, b: 55 },
    ...extra,
  };
}

/** Plotly config shared by builders: responsive, no link to the Plotly cloud. @internal */
export const baseConfig: Record<string, unknown> = { responsive: true, displaylogo: false };

/** Checks an optional title option. @internal */
export function titleOption(where: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== "string") throw new TypeError(`${where}: title must be a string, got ${typeof value}`);
  return value;
}
