import type { PlotlyFigure } from "../ground/figure";
import { describe, round } from "./numeric";
import { PALETTE } from "./palette";
import { axis, baseConfig, baseLayout, titleOption } from "./plotlyLayout";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of {@link gradientNorms}. */
export interface GradientNormsOptions {
  readonly title?: string;
  /** Log scale for the norm axis (default true: vanishing gradients span decades). */
  readonly logY?: boolean;
  readonly yLabel?: string;
}

// The option names of GradientNormsOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const GRADIENT_NORMS_KEYS = optionKeys<GradientNormsOptions>({ title: true, logY: true, yLabel: true });

/**
 * The gradient norm per layer, one line per series ("sigmoid", "ReLU"), layers in forward
 * order on the x axis: a sigmoid net's norms shrink towards the input, a ReLU net's do not.
 * `series` maps a series name to either `{ layerName: norm }` or an array of norms
 * (layers then named 1, 2, 3, ...).
 *
 * @example
 * gradientNorms({ sigmoid: { Affine1: 1e-4, Affine2: 3e-3, Affine3: 0.05 },
 *                 ReLU: { Affine1: 0.04, Affine2: 0.05, Affine3: 0.06 } });
 */
export function gradientNorms(
  series: Readonly<Record<string, Readonly<Record<string, number>> | readonly number[]>>,
  opts: GradientNormsOptions = {},
): PlotlyFigure {
  checkOptions("gradientNorms", opts, GRADIENT_NORMS_KEYS);
  const where = "gradientNorms";
  if (typeof series !== "object" || series === null || Array.isArray(series)) {
    throw new TypeError(`${where}: series must be an object { seriesName: { layer: norm } | norm[] }, got ${describe(series)}`);
  }
  const names = Object.keys(series);
  if (names.length === 0) throw new TypeError(`${where}: series must hold at least one series, got an empty object`);
  const logY = opts.logY ?? true;
  const symbols = ["circle", "square", "diamond", "triangle-up", "x"];
  const dashes = ["solid", "dash", "dot", "dashdot"];
  const data = names.map((name, i) => {
    const s = series[name];
    let pairs: [string, number][];
    if (Array.isArray(s)) pairs = s.map((v, j) => [String(j + 1), v]);
    else if (typeof s === "object" && s !== null) pairs = Object.entries(s);
    else throw new TypeError(`${where}: series "${name}" must be { layer: norm } or an array of norms, got ${describe(s)}`);
    if (pairs.length === 0) throw new TypeError(`${where}: series "${name}" has no layers`);
    pairs.forEach(([layer, v]) => {
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
        throw new RangeError(`${where}: series "${name}" layer "${layer}" norm must be a finite number >= 0, got ${describe(v)}`);
      }
      if (logY && v === 0)
        throw new RangeError(`${where}: series "${name}" layer "${layer}" norm is 0, which a log axis cannot show; pass { logY: false }`);
    });
    return {
      type: "scatter",
      mode: "lines+markers",
      name,
      x: pairs.map(([layer]) => layer),
      y: pairs.map(([, v]) => round(v)),
      line: { color: PALETTE[i % PALETTE.length], dash: dashes[i % dashes.length], width: 2 },
      marker: { symbol: symbols[i % symbols.length], size: 8 },
      hovertemplate: `${name}, %{x}: %{y:.3e}<extra></extra>`,
    };
  });
  const ys = data.flatMap((d) => d.y).filter((v) => v > 0);
  // Over two or more decades, label only the powers of ten (the 2 and 5 in between are clutter).
  const decades = ys.length ? Math.log10(Math.max(...ys) / Math.min(...ys)) : 0;
  const layout = baseLayout(titleOption(where, opts.title, "Gradient norm per layer"), {
    xaxis: axis("layer (input side on the left)", { type: "category" }),
    yaxis: axis(opts.yLabel ?? "gradient norm ||dL/dW||", {
      type: logY ? "log" : "linear",
      exponentformat: "power",
      ...(logY && decades >= 2 ? { dtick: 1 } : {}),
    }),
    showlegend: names.length > 1,
    height: 380,
  });
  return { kind: "plotly", data, layout, config: baseConfig };
}
