import * as tf from "@tensorflow/tfjs-core";
import type { PlotlyFigure } from "../ground/figure";
import { describe, toNumeric } from "./numeric";
import { PALETTE } from "./palette";
import { axis, baseConfig, baseLayout, titleOption } from "./plotlyLayout";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of {@link activationHistograms}. */
export interface ActivationHistogramsOptions {
  readonly title?: string;
  /** Number of bins (default 30). */
  readonly bins?: number;
  /** The value range of the bins (default: min..max over all layers; the book uses [0, 1] for sigmoid). */
  readonly range?: readonly [number, number];
  readonly xLabel?: string;
}

// The option names of ActivationHistogramsOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const ACTIVATION_HISTOGRAMS_KEYS = optionKeys<ActivationHistogramsOptions>({ title: true, bins: true, range: true, xLabel: true });

/**
 * One histogram per layer, side by side with a shared x range (the book's weight-init
 * figure: with std 1 sigmoid outputs pile up at 0 and 1, with Xavier they spread). Counts
 * are binned here, so a million activations cost only `bins` numbers in the figure.
 *
 * @example
 * activationHistograms({ "Layer 1": a1, "Layer 2": a2, "Layer 3": a3 }, { range: [0, 1] });
 */
export function activationHistograms(
  layers: Readonly<Record<string, Float32Array | ArrayLike<number> | tf.Tensor>>,
  opts: ActivationHistogramsOptions = {},
): PlotlyFigure {
  checkOptions("activationHistograms", opts, ACTIVATION_HISTOGRAMS_KEYS);
  const where = "activationHistograms";
  if (typeof layers !== "object" || layers === null || Array.isArray(layers) || layers instanceof tf.Tensor) {
    throw new TypeError(`${where}: layers must be an object { layerName: Float32Array | Tensor }, got ${describe(layers)}`);
  }
  const entries = Object.entries(layers).map(([name, v]) => {
    const { data } = toNumeric(where, `layers["${name}"]`, Array.isArray(v) ? Float64Array.from(v as number[]) : v);
    const finite = data.filter((x) => Number.isFinite(x));
    if (finite.length === 0) throw new RangeError(`${where}: layers["${name}"] has no finite values (${data.length} values)`);
    return { name, data: finite, dropped: data.length - finite.length };
  });
  if (entries.length === 0) throw new TypeError(`${where}: layers must hold at least one layer, got an empty object`);
  const bins = opts.bins ?? 30;
  if (!Number.isInteger(bins) || bins < 1 || bins > 1000) throw new RangeError(`${where}: bins must be an integer in 1..1000, got ${bins}`);
  let [lo, hi] = opts.range ?? [Infinity, -Infinity];
  if (opts.range) {
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo))
      throw new RangeError(`${where}: range must be [min, max] with min < max, got ${JSON.stringify(opts.range)}`);
  } else {
    for (const e of entries) {
      for (const v of e.data) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (hi === lo) {
      lo -= 0.5;
      hi += 0.5;
    }
  }
  const width = (hi - lo) / bins;
  const centers = Array.from({ length: bins }, (_, i) => Number((lo + (i + 0.5) * width).toPrecision(6)));
  const L = entries.length;
  const gapFrac = 0.04;
  const span = (1 - gapFrac * (L - 1)) / L;
  const data: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {};
  entries.forEach((e, i) => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of e.data) {
      if (v < lo || v > hi) continue;
      counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
    }
    const suffix = i === 0 ? "" : String(i + 1);
    data.push({
      type: "bar",
      name: e.name,
      x: centers,
      y: counts,
      width: width * 0.95,
      marker: { color: PALETTE[0] },
      hovertemplate: `${e.name}: %{y} values near %{x}<extra></extra>`,
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
    });
    const d0 = i * (span + gapFrac);
    layout[`xaxis${suffix}`] = axis(opts.xLabel ?? "activation", { domain: [d0, d0 + span], range: [lo, hi], anchor: `y${suffix}` });
    layout[`yaxis${suffix}`] = axis(i === 0 ? "count" : "", { anchor: `x${suffix}`, rangemode: "tozero" });
  });
  const annotations = entries.map((e, i) => ({
    text: `<b>${e.name.replace(/[<>&]/g, "")}</b>` + (e.dropped ? ` (${e.dropped} non-finite dropped)` : ""),
    x: i * (span + gapFrac) + span / 2,
    y: 1.0,
    xref: "paper",
    yref: "paper",
    xanchor: "center",
    yanchor: "bottom",
    showarrow: false,
  }));
  return {
    kind: "plotly",
    data,
    layout: baseLayout(titleOption(where, opts.title, "Activation distribution per layer"), {
      ...layout,
      annotations,
      showlegend: false,
      bargap: 0,
      width: Math.max(420, Math.min(1200, 230 * L + 80)),
      height: 330,
      margin: { l: 60, r: 20, t: 80, b: 55 },
    }),
    config: baseConfig,
  };
}
