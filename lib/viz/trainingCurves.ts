import type { PlotlyFigure } from "../ground/figure";
import { describe, round } from "./numeric";
import { PALETTE } from "./palette";
import { axis, baseConfig, baseLayout, titleOption } from "./plotlyLayout";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** One epoch's summary in a training history (the Trainer's `history.epochs[i]`). */
export interface TrainingCurvesEpoch {
  readonly epoch: number;
  /** Accuracy as a fraction 0..1 (null/undefined when not measured). */
  readonly trainAcc?: number | null;
  readonly testAcc?: number | null;
  /** Mean training loss of the epoch. */
  readonly loss?: number | null;
  readonly seconds?: number;
  readonly imagesPerSecond?: number;
}

/** The part of a Trainer history that {@link trainingCurves} reads. */
export interface TrainingCurvesHistory {
  readonly lossPerBatch: readonly number[];
  readonly epochs: readonly TrainingCurvesEpoch[];
}

/** Options of {@link trainingCurves}. */
export interface TrainingCurvesOptions {
  readonly title?: string;
  /** Batches per epoch, to place the epoch-mean loss on the batch axis (default: inferred). */
  readonly batchesPerEpoch?: number;
  /** Log scale for the loss (default false). */
  readonly logLoss?: boolean;
}

// The option names of TrainingCurvesOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const TRAINING_CURVES_KEYS = optionKeys<TrainingCurvesOptions>({ title: true, batchesPerEpoch: true, logLoss: true });

/**
 * Training curves from a Trainer history: the loss of every batch (with the epoch means on
 * top) on the left, train and test accuracy per epoch on the right. Works on a partial
 * history too, so a live display can redraw it after every epoch.
 *
 * @example
 * const history = await trainer.fit();
 * trainingCurves(history, { title: "TwoLayerNet on MNIST" });
 */
export function trainingCurves(history: TrainingCurvesHistory, opts: TrainingCurvesOptions = {}): PlotlyFigure {
  checkOptions("trainingCurves", opts, TRAINING_CURVES_KEYS);
  const where = "trainingCurves";
  if (typeof history !== "object" || history === null) {
    throw new TypeError(`${where}: history must be { lossPerBatch: number[], epochs: [...] }, got ${describe(history)}`);
  }
  const { lossPerBatch, epochs } = history;
  if (!Array.isArray(lossPerBatch))
    throw new TypeError(`${where}: history.lossPerBatch must be an array of numbers, got ${describe(lossPerBatch)}`);
  if (!Array.isArray(epochs)) throw new TypeError(`${where}: history.epochs must be an array, got ${describe(epochs)}`);
  lossPerBatch.forEach((v, i) => {
    if (typeof v !== "number") throw new TypeError(`${where}: history.lossPerBatch[${i}] must be a number, got ${describe(v)}`);
  });
  const acc = (e: TrainingCurvesEpoch, key: "trainAcc" | "testAcc", i: number): number | null => {
    const v = e[key];
    if (v === undefined || v === null || Number.isNaN(v)) return null;
    if (typeof v !== "number" || v < 0 || v > 1) {
      throw new RangeError(`${where}: history.epochs[${i}].${key} must be a fraction in 0..1, got ${describe(v)}`);
    }
    return round(v, 4);
  };
  epochs.forEach((e, i) => {
    if (typeof e !== "object" || e === null || typeof e.epoch !== "number") {
      throw new TypeError(`${where}: history.epochs[${i}] must be { epoch: number, trainAcc, testAcc, loss, ... }, got ${describe(e)}`);
    }
  });
  const title = titleOption(where, opts.title, "Training curves");
  const perEpoch = opts.batchesPerEpoch ?? (epochs.length > 0 ? Math.max(1, Math.floor(lossPerBatch.length / epochs.length)) : 0);
  const epochLoss = epochs.filter((e) => typeof e.loss === "number" && Number.isFinite(e.loss));
  const data: Record<string, unknown>[] = [
    {
      type: "scatter",
      mode: "lines",
      name: "loss per batch",
      x: lossPerBatch.map((_, i) => i + 1),
      y: lossPerBatch.map((v) => round(v, 4)),
      line: { color: PALETTE[5], width: 1 },
      xaxis: "x",
      yaxis: "y",
    },
    {
      type: "scatter",
      mode: "lines+markers",
      name: "loss (epoch mean)",
      x: epochLoss.map((e, i) => (perEpoch > 0 ? perEpoch * (epochs.indexOf(e) + 1) : i + 1)),
      y: epochLoss.map((e) => round(e.loss as number, 4)),
      text: epochLoss.map((e) => `epoch ${e.epoch}`),
      line: { color: PALETTE[0], width: 2 },
      marker: { size: 7 },
      xaxis: "x",
      yaxis: "y",
    },
    {
      type: "scatter",
      mode: "lines+markers",
      name: "train accuracy",
      x: epochs.map((e) => e.epoch),
      y: epochs.map((e, i) => acc(e, "trainAcc", i)),
      line: { color: PALETTE[0], width: 2 },
      marker: { symbol: "circle", size: 7 },
      xaxis: "x2",
      yaxis: "y2",
    },
    {
      type: "scatter",
      mode: "lines+markers",
      name: "test accuracy",
      x: epochs.map((e) => e.epoch),
      y: epochs.map((e, i) => acc(e, "testAcc", i)),
      line: { color: PALETTE[1], width: 2, dash: "dash" },
      marker: { symbol: "square", size: 7 },
      xaxis: "x2",
      yaxis: "y2",
    },
  ];
  const last = epochs[epochs.length - 1];
  const subtitle =
    last && typeof last.testAcc === "number" ? ` (epoch ${last.epoch}: test accuracy ${(last.testAcc * 100).toFixed(2)}%)` : "";
  const layout = baseLayout(title + subtitle, {
    xaxis: axis("iteration (batch)", { domain: [0, 0.46], anchor: "y" }),
    yaxis: axis("loss", { anchor: "x", type: opts.logLoss ? "log" : "linear", rangemode: "tozero" }),
    xaxis2: axis("epoch", { domain: [0.56, 1], anchor: "y2", dtick: epochs.length <= 20 ? 1 : undefined }),
    yaxis2: axis("accuracy", { anchor: "x2", tickformat: ".0%", range: accuracyRange(data) }),
    legend: { orientation: "h", x: 0, y: -0.3, yanchor: "top" },
    height: 400,
    margin: { l: 60, r: 20, t: 60, b: 110 },
  });
  return { kind: "plotly", data, layout, config: baseConfig };
}

function accuracyRange(data: Record<string, unknown>[]): [number, number] {
  const ys = [...(data[2].y as (number | null)[]), ...(data[3].y as (number | null)[])].filter((v): v is number => v !== null);
  if (ys.length === 0) return [0, 1];
  const lo = Math.min(...ys);
  // Zoom in on the top when accuracies are high, so 98% vs 99% is visible.
  const bottom = Math.max(0, Math.floor((lo - 0.05) * 20) / 20);
  return [bottom, 1.005];
}
