import { ShapeError } from "../errors";
import type { PlotlyFigure } from "../ground/figure";
import { describe, round } from "./numeric";
import { PALETTE } from "./palette";
import { axis, baseConfig, baseLayout, titleOption } from "./plotlyLayout";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Points for {@link scatter}: x and y arrays, optional group per point (a class label). */
export interface ScatterPoints {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** A group per point: one colour and marker per group, with a legend entry. */
  readonly groups?: ArrayLike<number | string>;
}

/** Options of {@link scatter}. */
export interface ScatterOptions {
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Names for numeric groups (class names). */
  readonly groupNames?: readonly string[];
}

// The option names of ScatterOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const SCATTER_KEYS = optionKeys<ScatterOptions>({ title: true, xLabel: true, yLabel: true, groupNames: true });

/**
 * A scatter plot of points, coloured by group when `groups` is given (e.g. a 2-D embedding
 * coloured by class, or a hyper-parameter search: lr vs accuracy).
 *
 * @example
 * scatter({ x: lrs, y: accs }, { title: "Random search", xLabel: "learning rate", yLabel: "accuracy" });
 */
export function scatter(points: ScatterPoints, opts: ScatterOptions = {}): PlotlyFigure {
  checkOptions("scatter", opts, SCATTER_KEYS);
  const where = "scatter";
  if (typeof points !== "object" || points === null)
    throw new TypeError(`${where}: points must be { x, y, groups? }, got ${describe(points)}`);
  const arr = (name: string, v: unknown): unknown[] => {
    if (!(Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)))) {
      throw new TypeError(`${where}: points.${name} must be an array, got ${describe(v)}`);
    }
    return Array.from(v as ArrayLike<unknown>);
  };
  const x = arr("x", points.x);
  const y = arr("y", points.y);
  if (y.length !== x.length) throw new ShapeError(where, "points.y", `as long as points.x (${x.length})`, [y.length]);
  [x, y].forEach((list, k) =>
    list.forEach((v, i) => {
      if (typeof v !== "number") throw new TypeError(`${where}: points.${k ? "y" : "x"}[${i}] must be a number, got ${describe(v)}`);
    }),
  );
  const groups = points.groups === undefined ? undefined : arr("groups", points.groups);
  if (groups && groups.length !== x.length)
    throw new ShapeError(where, "points.groups", `one group per point (${x.length})`, [groups.length]);
  const keyOf = (g: unknown): string => (typeof g === "number" && opts.groupNames?.[g] !== undefined ? opts.groupNames[g] : String(g));
  const order: string[] = [];
  const byGroup = new Map<string, number[]>();
  x.forEach((_, i) => {
    const key = groups ? keyOf(groups[i]) : "points";
    if (!byGroup.has(key)) {
      byGroup.set(key, []);
      order.push(key);
    }
    byGroup.get(key)!.push(i);
  });
  const symbols = ["circle", "square", "diamond", "triangle-up", "cross", "x", "star", "triangle-down"];
  const data = order.map((key, k) => {
    const idx = byGroup.get(key)!;
    return {
      type: "scatter",
      mode: "markers",
      name: key,
      x: idx.map((i) => round(x[i] as number)),
      y: idx.map((i) => round(y[i] as number)),
      marker: { color: PALETTE[k % PALETTE.length], symbol: symbols[k % symbols.length], size: 7, opacity: 0.8 },
    };
  });
  const layout = baseLayout(titleOption(where, opts.title, `Scatter of ${x.length} points`), {
    xaxis: axis(opts.xLabel ?? "x"),
    yaxis: axis(opts.yLabel ?? "y"),
    showlegend: order.length > 1,
    height: 400,
  });
  return { kind: "plotly", data, layout, config: baseConfig };
}
