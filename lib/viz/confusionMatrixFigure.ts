import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../errors";
import type { PlotlyFigure } from "../ground/figure";
import { describe, toNumeric } from "./numeric";
import { MISTAKE_COLOR, PALETTE } from "./palette";
import { axis, baseConfig, baseLayout, titleOption } from "./plotlyLayout";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of {@link confusionMatrixFigure}. */
export interface ConfusionMatrixFigureOptions {
  readonly title?: string;
}

// The option names of ConfusionMatrixFigureOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const CONFUSION_MATRIX_FIGURE_KEYS = optionKeys<ConfusionMatrixFigureOptions>({ title: true });

/** The shape lib/train's `confusionMatrix(...)` returns; accepted as the first argument. */
export interface ConfusionMatrixInput {
  readonly matrix: readonly (readonly number[])[] | tf.Tensor;
  readonly classNames?: readonly string[];
}

/**
 * A confusion matrix (rows: true class, columns: predicted class) as a heatmap with the
 * count in every cell, beside a bar chart of per-class accuracy (diagonal / row sum). The
 * worst class's bar is drawn in the mistake colour.
 *
 * @example
 * const cm = confusionMatrix(net, testData);          // lib/train
 * confusionMatrixFigure(cm);                          // or (cm.matrix, cm.classNames)
 */
export function confusionMatrixFigure(
  matrix: readonly (readonly number[])[] | tf.Tensor | ConfusionMatrixInput,
  classNames?: readonly string[],
  opts: ConfusionMatrixFigureOptions = {},
): PlotlyFigure {
  checkOptions("confusionMatrixFigure", opts, CONFUSION_MATRIX_FIGURE_KEYS);
  const where = "confusionMatrixFigure";
  let m: unknown = matrix;
  let names = classNames;
  if (typeof matrix === "object" && matrix !== null && !Array.isArray(matrix) && !(matrix instanceof tf.Tensor)) {
    const input = matrix as ConfusionMatrixInput;
    m = input.matrix;
    names = classNames ?? input.classNames;
  }
  const { data, shape } = toNumeric(where, "matrix", m);
  if (shape.length !== 2 || shape[0] !== shape[1] || shape[0] === 0) {
    throw new ShapeError(where, "matrix", "a square matrix [K, K] (rows: true class, columns: predicted class)", shape);
  }
  const K = shape[0];
  data.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) {
      throw new RangeError(
        `${where}: matrix must hold counts (non-negative integers), got ${v} at row ${Math.floor(i / K)}, column ${i % K}`,
      );
    }
  });
  if (names !== undefined) {
    if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) {
      throw new TypeError(`${where}: classNames must be an array of strings, got ${describe(names)}`);
    }
    if (names.length !== K) throw new ShapeError(where, "classNames", `one name per class (${K})`, [names.length]);
  }
  const labels = names ? [...names] : Array.from({ length: K }, (_, i) => String(i));
  const z: number[][] = [];
  for (let r = 0; r < K; r++) z.push(Array.from(data.subarray(r * K, (r + 1) * K)));
  const rowSums = z.map((row) => row.reduce((a, b) => a + b, 0));
  const perClass = z.map((row, r) => (rowSums[r] > 0 ? row[r] / rowSums[r] : null));
  const total = rowSums.reduce((a, b) => a + b, 0);
  const correct = z.reduce((a, row, r) => a + row[r], 0);
  const finite = perClass.filter((v): v is number => v !== null);
  const worst = finite.length ? Math.min(...finite) : -1;
  const data2: Record<string, unknown>[] = [
    {
      type: "heatmap",
      x: labels,
      y: labels,
      z,
      // The scale rises steeply at first, so small off-diagonal counts stand out next to the large diagonal.
      colorscale: [
        [0, "#f7fbff"],
        [0.15, "#c6dbef"],
        [0.4, "#6baed6"],
        [0.7, "#2171b5"],
        [1, "#08306b"],
      ],
      zmin: 0,
      texttemplate: "%{z}",
      textfont: { size: K <= 12 ? 12 : 9 },
      hovertemplate: "true %{y}, predicted %{x}: %{z}<extra></extra>",
      showscale: false,
      xaxis: "x",
      yaxis: "y",
    },
    {
      type: "bar",
      orientation: "h",
      name: "per-class accuracy",
      x: perClass.map((v) => (v === null ? null : Number(v.toFixed(4)))),
      y: labels,
      text: perClass.map((v) => (v === null ? "no samples" : `${(v * 100).toFixed(1)}%`)),
      textposition: "auto",
      marker: { color: perClass.map((v) => (v !== null && v === worst && finite.length > 1 ? MISTAKE_COLOR : PALETTE[0])) },
      hovertemplate: "%{y}: %{x:.1%}<extra></extra>",
      xaxis: "x2",
      yaxis: "y2",
    },
  ];
  const accuracy = total > 0 ? ` (accuracy ${((correct / total) * 100).toFixed(2)}% of ${total})` : "";
  const side = Math.max(300, Math.min(640, K * 44));
  const layout = baseLayout(titleOption(where, opts.title, "Confusion matrix") + accuracy, {
    xaxis: axis("predicted class", { domain: [0, 0.66], type: "category", side: "bottom", showgrid: false }),
    yaxis: axis("true class", { type: "category", autorange: "reversed", showgrid: false, anchor: "x" }),
    xaxis2: axis("per-class accuracy", { domain: [0.76, 1], range: [0, 1], tickformat: ".0%", anchor: "y2" }),
    yaxis2: { type: "category", autorange: "reversed", anchor: "x2", showticklabels: true, automargin: true },
    showlegend: false,
    width: Math.round(side / 0.66) + 120,
    height: side + 130,
  });
  return { kind: "plotly", data: data2, layout, config: baseConfig };
}
