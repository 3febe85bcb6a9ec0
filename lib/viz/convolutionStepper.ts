import { convOutputSize } from "../conv/outputSize";
import { ShapeError } from "../errors";
import type { PlotlyFigure } from "../ground/figure";
import { checkFinite, checkInt, describe, round, toNumeric, type NumericInput } from "./numeric";
import { axis, baseConfig, baseLayout, titleOption } from "./plotlyLayout";
import { formatNumber } from "./text";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of {@link convolutionStepper}. */
export interface ConvolutionStepperOptions {
  readonly stride?: number;
  readonly pad?: number;
  /** A bias added to every output (default 0). */
  readonly bias?: number;
  readonly title?: string;
  /** Refuse inputs with more output positions than this (default 1024), to keep the figure small. */
  readonly maxSteps?: number;
}

// The option names of ConvolutionStepperOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const CONVOLUTION_STEPPER_KEYS = optionKeys<ConvolutionStepperOptions>({
  stride: true,
  pad: true,
  bias: true,
  title: true,
  maxSteps: true,
});

const HIGHLIGHT = "#FF2D00";

/**
 * Convolution step by step on your own tensors: a slider walks over every output position
 * and shows the (padded) input with the current receptive field outlined, the filter, the
 * receptive field unrolled into its im2col row above the flattened filter (their dot
 * product is the output), and the output with the current cell outlined.
 *
 * `x` is [H, W] or [C, H, W], `W` is [FH, FW] or [C, FH, FW]; the im2col row is channel-major
 * then filter row then filter column, the same order as lib/conv's im2col.
 *
 * @example
 * convolutionStepper([[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]],
 *                    [[2, 0, 1], [0, 1, 2], [1, 0, 2]], { stride: 1, pad: 0 });
 */
export function convolutionStepper(x: NumericInput, W: NumericInput, opts: ConvolutionStepperOptions = {}): PlotlyFigure {
  checkOptions("convolutionStepper", opts, CONVOLUTION_STEPPER_KEYS);
  const where = "convolutionStepper";
  const s = checkArguments(where, x, W, opts);
  const conv = computeConvolution(s);
  const stepUpdate = (oh: number, ow: number): Record<string, unknown> => ({
    ...highlightPositions(s, oh, ow),
    "annotations[0].text": equation(s, conv, oh, ow),
  });
  const initial = stepUpdate(0, 0);
  const shapes = highlightShapes(s);
  for (const [key, v] of Object.entries(initial)) {
    const m = /^shapes\[(\d+)\]\.(\w+)$/.exec(key);
    if (m) shapes[Number(m[1])][m[2]] = v;
  }
  const steps: Record<string, unknown>[] = [];
  for (let oh = 0; oh < s.OH; oh++) {
    for (let ow = 0; ow < s.OW; ow++) {
      steps.push({ method: "update", label: `(${oh}, ${ow})`, args: [{ z: [[conv.rowAt(oh, ow), conv.wFlat]] }, stepUpdate(oh, ow), [3]] });
    }
  }
  const { C, H, Wd, FH, FW, S, P, OH, OW } = s;
  const title = titleOption(
    where,
    opts.title,
    `Convolution step by step: input ${C > 1 ? C + "x" : ""}${H}x${Wd}, filter ${FH}x${FW}, stride ${S}, pad ${P} -> output ${OH}x${OW}`,
  );
  const layout = stepperLayout(s, title, shapes, equation(s, conv, 0, 0), steps);
  return { kind: "plotly", data: traces(s, conv), layout, config: baseConfig };
}

/** The checked arguments: x and W as flat numbers with their sizes, the options, the output size. */
interface Stepper {
  readonly x: Float64Array;
  readonly w: Float64Array;
  readonly C: number;
  readonly H: number;
  readonly Wd: number;
  readonly FH: number;
  readonly FW: number;
  readonly S: number;
  readonly P: number;
  readonly bias: number;
  readonly OH: number;
  readonly OW: number;
}

function checkArguments(where: string, x: NumericInput, W: NumericInput, opts: ConvolutionStepperOptions): Stepper {
  if (typeof opts !== "object" || opts === null) throw new TypeError(`${where}: options must be an object, got ${describe(opts)}`);
  const xs = toNumeric(where, "x", x);
  const ws = toNumeric(where, "W", W);
  const xShape = xs.shape.length === 4 && xs.shape[0] === 1 ? xs.shape.slice(1) : xs.shape;
  const wShape = ws.shape.length === 4 && ws.shape[0] === 1 ? ws.shape.slice(1) : ws.shape;
  if (xShape.length !== 2 && xShape.length !== 3) throw new ShapeError(where, "x", "[H, W] or [C, H, W]", xs.shape);
  if (wShape.length !== 2 && wShape.length !== 3) throw new ShapeError(where, "W", "[FH, FW] or [C, FH, FW] (one filter)", ws.shape);
  const [C, H, Wd] = xShape.length === 2 ? [1, xShape[0], xShape[1]] : xShape;
  const [FC, FH, FW] = wShape.length === 2 ? [1, wShape[0], wShape[1]] : wShape;
  if (FC !== C) throw new ShapeError(where, "W", `${C} channel${C === 1 ? "" : "s"} like x ([${C}, FH, FW])`, ws.shape);
  if (C > 4) throw new ShapeError(where, "x", "at most 4 channels (the stepper draws them side by side)", xs.shape);
  checkFinite(where, "x", xs.data);
  checkFinite(where, "W", ws.data);
  const S = checkInt(where, "stride", opts.stride ?? 1, 1);
  const P = checkInt(where, "pad", opts.pad ?? 0, 0);
  const bias = opts.bias ?? 0;
  if (typeof bias !== "number" || !Number.isFinite(bias))
    throw new TypeError(`${where}: bias must be a finite number, got ${describe(bias)}`);
  let OH: number;
  let OW: number;
  try {
    OH = convOutputSize(H, FH, S, P);
    OW = convOutputSize(Wd, FW, S, P);
  } catch (err) {
    throw new RangeError(`${where}: ${(err as Error).message}`);
  }
  const maxSteps = checkInt(where, "maxSteps", opts.maxSteps ?? 1024, 1);
  if (OH * OW > maxSteps) {
    throw new RangeError(
      `${where}: ${OH}x${OW} = ${OH * OW} output positions is more than maxSteps (${maxSteps}); crop the input or raise maxSteps`,
    );
  }
  return { x: xs.data, w: ws.data, C, H, Wd, FH, FW, S, P, bias, OH, OW };
}

/** The convolution's numbers: the padded input, each position's im2col row, and the output. */
interface Convolved {
  /** The padded input at channel c, row i, column j (0 in the padding). */
  readonly xp: (c: number, i: number, j: number) => number;
  /** The im2col row of output position (oh, ow), rounded for display. */
  readonly rowAt: (oh: number, ow: number) => number[];
  /** The filter flattened in im2col order, rounded for display. */
  readonly wFlat: number[];
  readonly out: number[][];
}

// Plain JS: the point is to see every number that goes into the product.
function computeConvolution(s: Stepper): Convolved {
  const { C, H, Wd, FH, FW, S, P } = s;
  const xp = (c: number, i: number, j: number): number => {
    const h = i - P;
    const w = j - P;
    return h < 0 || h >= H || w < 0 || w >= Wd ? 0 : s.x[(c * H + h) * Wd + w];
  };
  const wFlat = Array.from(s.w, (v) => round(v));
  const rowAt = (oh: number, ow: number): number[] => {
    const row: number[] = [];
    for (let c = 0; c < C; c++)
      for (let fh = 0; fh < FH; fh++) for (let fw = 0; fw < FW; fw++) row.push(round(xp(c, oh * S + fh, ow * S + fw)));
    return row;
  };
  const out: number[][] = [];
  for (let oh = 0; oh < s.OH; oh++) {
    out.push([]);
    for (let ow = 0; ow < s.OW; ow++) {
      const row = rowAt(oh, ow);
      out[oh].push(round(row.reduce((a, v, k) => a + v * s.w[k], s.bias)));
    }
  }
  return { xp, rowAt, wFlat, out };
}

/** The dot product of one output position written out (the first terms of a long one). */
function equation(s: Stepper, conv: Convolved, oh: number, ow: number): string {
  const row = conv.rowAt(oh, ow);
  const terms = row.map((v, k) => `${formatNumber(v)}·${paren(formatNumber(conv.wFlat[k]))}`);
  const shown = terms.length <= 9 ? terms.join(" + ") : terms.slice(0, 6).join(" + ") + ` + … (${terms.length} terms)`;
  const b = s.bias;
  return `out[${oh}, ${ow}] = im2col row ${oh * s.OW + ow} · W${b ? " + b" : ""} = ${shown}${b ? ` + ${formatNumber(b)}` : ""} = <b>${formatNumber(conv.out[oh][ow])}</b>`;
}

/**
 * The moving shapes' coordinates at one output position: one receptive field per channel
 * (shapes 0..C-1, channels side by side one padded width + 1 apart), then the output cell.
 */
function highlightPositions(s: Stepper, oh: number, ow: number): Record<string, unknown> {
  const { C, FH, FW, S } = s;
  const blockW = s.Wd + 2 * s.P + 1;
  const u: Record<string, unknown> = {};
  for (let c = 0; c < C; c++) {
    u[`shapes[${c}].x0`] = c * blockW + ow * S - 0.5;
    u[`shapes[${c}].x1`] = c * blockW + ow * S + FW - 0.5;
    u[`shapes[${c}].y0`] = oh * S - 0.5;
    u[`shapes[${c}].y1`] = oh * S + FH - 0.5;
  }
  u[`shapes[${C}].x0`] = ow - 0.5;
  u[`shapes[${C}].x1`] = ow + 0.5;
  u[`shapes[${C}].y0`] = oh - 0.5;
  u[`shapes[${C}].y1`] = oh + 0.5;
  return u;
}

// Moving shapes first (one receptive field per channel, then the output cell), so a step only
// relayouts their coordinates; then a dotted outline of the unpadded input per channel.
function highlightShapes(s: Stepper): Record<string, unknown>[] {
  const { C, H, Wd, P } = s;
  const blockW = Wd + 2 * P + 1;
  const rect = (xref: string, yref: string): Record<string, unknown> => ({
    type: "rect",
    xref,
    yref,
    x0: 0,
    x1: 0,
    y0: 0,
    y1: 0,
    line: { color: HIGHLIGHT, width: 3 },
    fillcolor: "rgba(255,45,0,0.08)",
  });
  const shapes: Record<string, unknown>[] = [];
  for (let c = 0; c < C; c++) shapes.push(rect("x", "y"));
  shapes.push(rect("x3", "y3"));
  if (P > 0) {
    for (let c = 0; c < C; c++) {
      shapes.push({
        type: "rect",
        xref: "x",
        yref: "y",
        x0: c * blockW + P - 0.5,
        x1: c * blockW + P + Wd - 0.5,
        y0: P - 0.5,
        y1: P + H - 0.5,
        line: { color: "#ffffff", width: 1.5, dash: "dot" },
      });
    }
  }
  return shapes;
}

/** The four heatmaps: padded input (channels side by side), filter, output, im2col row over W. */
function traces(s: Stepper, conv: Convolved): Record<string, unknown>[] {
  const { C, FH, FW, OH, OW } = s;
  const Hp = s.H + 2 * s.P;
  const Wp = s.Wd + 2 * s.P;
  const K = C * FH * FW;
  const inputZ = sideBySide(C, Hp, Wp, (c, i, j) => round(conv.xp(c, i, j)));
  const filterZ = sideBySide(C, FH, FW, (c, fh, fw) => conv.wFlat[(c * FH + fh) * FW + fw]);
  const colLabels: string[] = [];
  for (let c = 0; c < C; c++)
    for (let fh = 0; fh < FH; fh++) for (let fw = 0; fw < FW; fw++) colLabels.push(C > 1 ? `${c},${fh},${fw}` : `${fh},${fw}`);
  const maxAbsW = Math.max(1e-12, ...conv.wFlat.map(Math.abs));
  const small = (cells: number): Record<string, unknown> => (cells <= 400 ? { texttemplate: "%{z:.3~g}", textfont: { size: 11 } } : {});
  return [
    {
      type: "heatmap",
      name: "input",
      z: inputZ,
      colorscale: "Viridis",
      showscale: false,
      hovertemplate: "input (padded) row %{y}, col %{x}: %{z}<extra></extra>",
      xaxis: "x",
      yaxis: "y",
      ...small(Hp * Wp * C),
    },
    {
      type: "heatmap",
      name: "filter W",
      z: filterZ,
      // Plotly's RdBu runs blue (low) to red (high): negative weights blue, positive red.
      colorscale: "RdBu",
      zmid: 0,
      zmin: -maxAbsW,
      zmax: maxAbsW,
      showscale: false,
      hovertemplate: "W row %{y}, col %{x}: %{z}<extra></extra>",
      xaxis: "x2",
      yaxis: "y2",
      ...small(K),
    },
    {
      type: "heatmap",
      name: "output",
      z: conv.out,
      colorscale: "Viridis",
      showscale: false,
      hovertemplate: "output row %{y}, col %{x}: %{z}<extra></extra>",
      xaxis: "x3",
      yaxis: "y3",
      ...small(OH * OW),
    },
    {
      type: "heatmap",
      name: "im2col row and W",
      x: colLabels,
      y: ["im2col row", "W flattened"],
      z: [conv.rowAt(0, 0), conv.wFlat],
      colorscale: "Cividis",
      showscale: false,
      hovertemplate: "%{y}, tap %{x}: %{z}<extra></extra>",
      xaxis: "x4",
      yaxis: "y4",
      ...small(K <= 75 ? 2 * K : 1000),
    },
  ];
}

/** C maps of rows x cols side by side, a null column between channels (a gap in the heatmap). */
function sideBySide(C: number, rows: number, cols: number, at: (c: number, i: number, j: number) => number): (number | null)[][] {
  const z: (number | null)[][] = [];
  for (let i = 0; i < rows; i++) {
    const r: (number | null)[] = [];
    for (let c = 0; c < C; c++) {
      if (c > 0) r.push(null);
      for (let j = 0; j < cols; j++) r.push(at(c, i, j));
    }
    z.push(r);
  }
  return z;
}

/** Four panels (input, filter and output on top, the im2col strip below), the slider under them. */
function stepperLayout(
  s: Stepper,
  title: string,
  shapes: Record<string, unknown>[],
  equationText: string,
  steps: Record<string, unknown>[],
): Record<string, unknown> {
  const reversedY = { autorange: "reversed", showgrid: false, zeroline: false };
  return baseLayout(title, {
    xaxis: axis(s.C > 1 ? `input column (padded), channels side by side` : "input column (padded)", {
      domain: [0, 0.44],
      showgrid: false,
      anchor: "y",
      constrain: "domain",
    }),
    yaxis: axis("input row (padded)", { domain: [0.45, 1], scaleanchor: "x", constrain: "domain", anchor: "x", ...reversedY }),
    xaxis2: axis("filter column", { domain: [0.5, 0.64], showgrid: false, anchor: "y2", constrain: "domain", dtick: 1 }),
    // Right side: with several channels the input reaches close to the filter's left edge.
    yaxis2: axis("filter row", {
      domain: [0.62, 1],
      scaleanchor: "x2",
      constrain: "domain",
      anchor: "x2",
      side: "right",
      dtick: 1,
      ...reversedY,
    }),
    xaxis3: axis("output column", { domain: [0.76, 1], showgrid: false, anchor: "y3", constrain: "domain", ...intTicks(s.OW) }),
    // The output's row axis sits on the right, so its title cannot run into the filter.
    yaxis3: axis("output row", {
      domain: [0.45, 1],
      scaleanchor: "x3",
      constrain: "domain",
      anchor: "x3",
      side: "right",
      ...intTicks(s.OH),
      ...reversedY,
    }),
    xaxis4: axis("tap (channel, filter row, filter column), im2col order", {
      domain: [0, 1],
      anchor: "y4",
      type: "category",
      showgrid: false,
    }),
    yaxis4: { domain: [0.1, 0.22], anchor: "x4", type: "category", autorange: "reversed", showgrid: false, automargin: true },
    shapes,
    annotations: [
      {
        text: equationText,
        xref: "paper",
        yref: "paper",
        x: 0,
        y: 0.27,
        xanchor: "left",
        yanchor: "bottom",
        showarrow: false,
        font: { size: 13 },
      },
    ],
    sliders: [
      {
        active: 0,
        steps,
        x: 0,
        len: 1,
        y: -0.02,
        yanchor: "top",
        pad: { t: 40 },
        font: { color: "rgba(0,0,0,0)" },
        ticklen: 0,
        minorticklen: 0,
        currentvalue: { prefix: "output position (row, column): ", font: { size: 13, color: "#222" } },
      },
    ],
    width: 900,
    height: 700,
    margin: { l: 60, r: 20, t: 60, b: 110 },
  });
}

function intTicks(n: number): Record<string, unknown> {
  return n <= 16 ? { dtick: 1 } : {};
}

function paren(s: string): string {
  return s.startsWith("-") ? `(${s})` : s;
}
