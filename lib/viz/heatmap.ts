import { ShapeError } from "../errors";
import type { PlotlyFigure } from "../ground/figure";
import { describe, round, toNumeric, type NumericInput } from "./numeric";
import { axis, baseConfig, baseLayout, titleOption } from "./plotlyLayout";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of {@link heatmap}. */
export interface HeatmapOptions {
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Tick labels for the columns / rows (default 0, 1, 2, ...). */
  readonly xTicks?: readonly (string | number)[];
  readonly yTicks?: readonly (string | number)[];
  /** A Plotly colorscale name (default "Viridis"; "RdBu" is diverging and centred at 0). */
  readonly colorscale?: string;
  /** Write each value in its cell (default: when the matrix has at most 400 cells). */
  readonly showValues?: boolean;
  /** Row 0 at the top, like an image (default true). */
  readonly imageOrientation?: boolean;
}

// The option names of HeatmapOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const HEATMAP_KEYS = optionKeys<HeatmapOptions>({
  title: true,
  xLabel: true,
  yLabel: true,
  xTicks: true,
  yTicks: true,
  colorscale: true,
  showValues: true,
  imageOrientation: true,
});

/**
 * A heatmap of a 2-D matrix (a tensor [H, W] or [1, H, W], or nested arrays): a filter,
 * an image, a weight matrix. Small matrices show their values in the cells.
 *
 * @example
 * heatmap([[1, 0, -1], [2, 0, -2], [1, 0, -1]], { title: "Sobel filter", colorscale: "RdBu" });
 */
export function heatmap(z: NumericInput, opts: HeatmapOptions = {}): PlotlyFigure {
  checkOptions("heatmap", opts, HEATMAP_KEYS);
  const where = "heatmap";
  if (typeof opts !== "object" || opts === null) throw new TypeError(`${where}: options must be an object, got ${describe(opts)}`);
  const { data, shape } = toNumeric(where, "z", z);
  const hw = shape.length === 3 && shape[0] === 1 ? shape.slice(1) : shape;
  if (hw.length !== 2 || hw[0] === 0 || hw[1] === 0) throw new ShapeError(where, "z", "a non-empty matrix [H, W] (or [1, H, W])", shape);
  const [H, W] = hw;
  for (const [name, ticks, n] of [
    ["xTicks", opts.xTicks, W],
    ["yTicks", opts.yTicks, H],
  ] as const) {
    if (ticks !== undefined && (!Array.isArray(ticks) || ticks.length !== n)) {
      throw new ShapeError(where, name, `one tick label per ${name === "xTicks" ? "column" : "row"} (${n})`, [
        Array.isArray(ticks) ? ticks.length : 0,
      ]);
    }
  }
  const rows: (number | null)[][] = [];
  let maxAbs = 0;
  for (let h = 0; h < H; h++) {
    const row: (number | null)[] = [];
    for (let w = 0; w < W; w++) {
      const v = data[h * W + w];
      row.push(Number.isFinite(v) ? round(v, 5) : null);
      if (Number.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    rows.push(row);
  }
  const colorscale = opts.colorscale ?? "Viridis";
  const diverging = /^(RdBu|Picnic|Portland|Balance)$/i.test(colorscale);
  const showValues = opts.showValues ?? H * W <= 400;
  const trace: Record<string, unknown> = {
    type: "heatmap",
    z: rows,
    colorscale,
    hovertemplate: "row %{y}, column %{x}: %{z}<extra></extra>",
    colorbar: { thickness: 14 },
  };
  if (opts.xTicks) trace.x = [...opts.xTicks].map(String);
  if (opts.yTicks) trace.y = [...opts.yTicks].map(String);
  if (diverging) Object.assign(trace, { zmid: 0, zmin: -maxAbs || -1, zmax: maxAbs || 1 });
  if (showValues) Object.assign(trace, { texttemplate: "%{z:.3~g}", textfont: { size: 11 } });
  const cell = Math.max(8, Math.min(40, Math.floor(480 / Math.max(H, W))));
  const layout = baseLayout(titleOption(where, opts.title, `Heatmap ${H}x${W}`), {
    xaxis: axis(opts.xLabel ?? "column", { constrain: "domain", type: opts.xTicks ? "category" : "linear", showgrid: false }),
    yaxis: axis(opts.yLabel ?? "row", {
      scaleanchor: "x",
      constrain: "domain",
      type: opts.yTicks ? "category" : "linear",
      autorange: opts.imageOrientation === false ? true : "reversed",
      showgrid: false,
    }),
    width: Math.max(300, W * cell + 160),
    height: Math.max(260, H * cell + 130),
  });
  return { kind: "plotly", data: [trace], layout, config: baseConfig };
}
