import { ShapeError } from "../errors";
import type { PlotlyFigure } from "../ground/figure";
import { describe, round } from "./numeric";
import { PALETTE } from "./palette";
import { axis, baseConfig, baseLayout, titleOption } from "./plotlyLayout";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** One line: y values, optional x values (default 0, 1, 2, ...). */
export interface LineSeries {
  readonly name: string;
  readonly y: ArrayLike<number>;
  readonly x?: ArrayLike<number | string>;
}

/** Options of {@link lineChart}. */
export interface LineChartOptions {
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly logY?: boolean;
  /** Draw a marker at every point (default: when a line has at most 50 points). */
  readonly markers?: boolean;
}

// The option names of LineChartOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const LINE_CHART_KEYS = optionKeys<LineChartOptions>({ title: true, xLabel: true, yLabel: true, logY: true, markers: true });

/**
 * Lines for anything with a sequence of values: loss curves, timings, a learning-rate
 * schedule. `series` is an array of { name, y, x? } or an object { name: y[] }.
 * Lines differ in colour, dash and marker, so they stay apart in greyscale too.
 *
 * @example
 * lineChart({ SGD: sgdLoss, Adam: adamLoss }, { title: "Optimizers", xLabel: "iteration", yLabel: "loss" });
 */
export function lineChart(
  series: readonly LineSeries[] | Readonly<Record<string, ArrayLike<number>>>,
  opts: LineChartOptions = {},
): PlotlyFigure {
  checkOptions("lineChart", opts, LINE_CHART_KEYS);
  const where = "lineChart";
  const list = normalizeSeries(where, series);
  const dashes = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"];
  const symbols = ["circle", "square", "diamond", "triangle-up", "cross", "x", "star", "triangle-down"];
  const data = list.map((s, i) => {
    const markers = opts.markers ?? s.y.length <= 50;
    return {
      type: "scatter",
      mode: markers ? "lines+markers" : "lines",
      name: s.name,
      x: s.x ?? s.y.map((_, j) => j),
      y: s.y.map((v) => (Number.isFinite(v) ? round(v) : null)),
      line: { color: PALETTE[i % PALETTE.length], dash: dashes[i % dashes.length], width: 2 },
      marker: { symbol: symbols[i % symbols.length], size: 7 },
    };
  });
  const layout = baseLayout(titleOption(where, opts.title, list.map((s) => s.name).join(" vs ")), {
    xaxis: axis(opts.xLabel ?? "x"),
    yaxis: axis(opts.yLabel ?? "y", { type: opts.logY ? "log" : "linear", exponentformat: "power" }),
    showlegend: list.length > 1,
    height: 380,
  });
  return { kind: "plotly", data, layout, config: baseConfig };
}

/** Series as { name, x?, y } with plain arrays, validated. @internal */
export function normalizeSeries(where: string, series: unknown): { name: string; y: number[]; x?: (number | string)[] }[] {
  let list: unknown[];
  if (Array.isArray(series)) list = series;
  else if (typeof series === "object" && series !== null) list = Object.entries(series).map(([name, y]) => ({ name, y }));
  else throw new TypeError(`${where}: series must be an array of { name, y, x? } or an object { name: number[] }, got ${describe(series)}`);
  if (list.length === 0) throw new TypeError(`${where}: series must hold at least one series, got none`);
  return list.map((s, i) => {
    if (typeof s !== "object" || s === null) throw new TypeError(`${where}: series[${i}] must be { name, y, x? }, got ${describe(s)}`);
    const { name, y, x } = s as { name?: unknown; y?: unknown; x?: unknown };
    if (typeof name !== "string") throw new TypeError(`${where}: series[${i}].name must be a string, got ${describe(name)}`);
    const isList = (v: unknown): v is ArrayLike<unknown> => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
    if (!isList(y)) throw new TypeError(`${where}: series "${name}" y must be an array of numbers, got ${describe(y)}`);
    const ys = Array.from(y);
    ys.forEach((v, j) => {
      if (typeof v !== "number") throw new TypeError(`${where}: series "${name}" y[${j}] must be a number, got ${describe(v)}`);
    });
    let xs: (number | string)[] | undefined;
    if (x !== undefined) {
      if (!isList(x)) throw new TypeError(`${where}: series "${name}" x must be an array, got ${describe(x)}`);
      xs = Array.from(x) as (number | string)[];
      if (xs.length !== ys.length) throw new ShapeError(where, `series "${name}" x`, `as long as y (${ys.length})`, [xs.length]);
    }
    return { name, y: ys as number[], x: xs };
  });
}
