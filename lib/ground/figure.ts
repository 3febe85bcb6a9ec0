/**
 * What figure builders return: plain data, so a figure can be tested as data, shown in
 * Jupyter (lib/display turns it into a MIME bundle) and embedded in exported HTML.
 */

/** A Plotly figure (plotly.js `data`, `layout`, `config`), JSON-serializable. */
export interface PlotlyFigure {
  readonly kind: "plotly";
  readonly data: readonly Record<string, unknown>[];
  readonly layout: Record<string, unknown>;
  readonly config?: Record<string, unknown>;
}

/** A raster image, PNG-encoded. */
export interface ImageFigure {
  readonly kind: "image";
  /** PNG bytes, base64 (no data: prefix). */
  readonly pngBase64: string;
  readonly width: number;
  readonly height: number;
  /** A description for text/plain and alt text. */
  readonly alt: string;
}

/** An SVG drawing (the computational-graph diagram). */
export interface SvgFigure {
  readonly kind: "svg";
  readonly svg: string;
  readonly alt: string;
  /** The drawing's size in CSS pixels, when the builder knows it. */
  readonly width?: number;
  readonly height?: number;
}

/** A table: header and rows of plain cells; rendered as HTML and as aligned text. */
export interface TableFigure {
  readonly kind: "table";
  readonly title?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | boolean)[])[];
  /** Optional per-row CSS class ("fail", "pass") for highlighting. */
  readonly rowClasses?: readonly (string | undefined)[];
}

export type Figure = PlotlyFigure | ImageFigure | SvgFigure | TableFigure;

/** True when value is one of the figure kinds above. */
export function isFigure(value: unknown): value is Figure {
  if (typeof value !== "object" || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === "plotly" || kind === "image" || kind === "svg" || kind === "table";
}
