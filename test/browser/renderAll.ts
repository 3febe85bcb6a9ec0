/**
 * Renders every viz builder once on real data (MNIST digits, a real convolution), and turns
 * the figures into one self-contained HTML page. Used by viz.browser.test.ts; the page and
 * its screenshot are kept in NNLAB_VIZ_OUT when that is set, so a person can look at them.
 */
import * as tf from "@tensorflow/tfjs-core";
import { Convolution, Pooling } from "../../lib/layers";
import {
  activationHistograms,
  appleGraph,
  computationalGraph,
  confusionMatrixFigure,
  convolutionStepper,
  featureMaps,
  filterGrid,
  gradientCheckReport,
  gradientNorms,
  heatmap,
  imageGrid,
  lineChart,
  netSummary,
  scatter,
  trainingCurves,
  type Figure,
} from "../../lib/viz";
import { mnistDigits, rng } from "../viz/vizHelpers";
import { escapeHtml } from "../../lib/ground/html";
import { tableHtml } from "../../lib/display/figureBundle";

export interface NamedFigure {
  readonly name: string;
  readonly fig: Figure;
}

/** Every builder's output, on data like the lessons'. */
export function renderAll(): NamedFigure[] {
  const rand = rng(42);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const { x, labels } = mnistDigits(100);
  const predictions = labels.map((t, i) => (i % 13 === 5 ? (t + 3) % 10 : t));
  const figs: NamedFigure[] = [];
  const add = (name: string, fig: Figure): void => void figs.push({ name, fig });

  add("imageGrid: 100 test digits with predictions", imageGrid(x, { shape: [100, 1, 28, 28], labels, predictions, columns: 20 }));
  add(
    "imageGrid: Fashion-style class names",
    imageGrid(x.subarray(0, 8 * 784), {
      shape: [8, 28, 28],
      labels: labels.slice(0, 8),
      classNames: ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
      scale: 3,
      title: "Captions from class names",
    }),
  );

  const edgeFilters = [
    [
      [1, 0, -1],
      [2, 0, -2],
      [1, 0, -1],
    ],
    [
      [1, 2, 1],
      [0, 0, 0],
      [-1, -2, -1],
    ],
    [
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ],
    [
      [0, -1, 0],
      [-1, 4, -1],
      [0, -1, 0],
    ],
  ];
  const W16 = tf.tidy(() =>
    tf.concat<tf.Tensor4D>([
      tf.tensor4d(edgeFilters.flat(2), [4, 1, 3, 3]),
      tf.tensor4d(Array.from({ length: 12 * 9 }, gauss), [12, 1, 3, 3]),
    ]),
  );
  add("filterGrid: 16 first-layer filters", filterGrid(W16, { title: "Conv1 filters (4 classic + 12 random)" }));
  add("filterGrid: rdbu", filterGrid(W16, { colormap: "rdbu", title: "The same filters, sign shown (blue < 0 < red)" }));

  const maps = tf.tidy(() => {
    const img = tf.tensor4d(x.subarray(0, 784), [1, 28, 28, 1]);
    const hwio = tf.transpose<tf.Tensor4D>(
      tf.concat([W16, tf.tensor4d(Array.from({ length: 48 * 9 }, gauss), [48, 1, 3, 3])]),
      [2, 3, 1, 0],
    );
    const a1 = tf.relu(tf.conv2d(img, hwio, 1, "same"));
    const p1 = tf.maxPool(a1, 2, 2, "valid");
    return [tf.transpose(a1, [0, 3, 1, 2]), tf.transpose(p1, [0, 3, 1, 2])];
  });
  add(
    "featureMaps: 64 maps at two layers",
    featureMaps([
      { name: "Conv1 + ReLU", tensor: maps[0] },
      { name: "Pool1", tensor: maps[1] },
    ]),
  );

  const lossPerBatch: number[] = [];
  for (let i = 0; i < 300; i++) lossPerBatch.push(2.3 * Math.exp(-i / 60) + 0.08 + 0.06 * rand());
  const epochs = [1, 2, 3, 4, 5].map((e) => ({
    epoch: e,
    trainAcc: 1 - 0.25 / e - 0.005 * rand(),
    testAcc: 1 - 0.27 / e - 0.01 * rand(),
    loss: lossPerBatch.slice((e - 1) * 60, e * 60).reduce((a, b) => a + b) / 60,
    seconds: 3.1,
    imagesPerSecond: 1900,
  }));
  add("trainingCurves", trainingCurves({ lossPerBatch, epochs }, { title: "TwoLayerNet on MNIST" }));

  const cm = Array.from({ length: 10 }, (_, t) =>
    Array.from({ length: 10 }, (_, p) => (t === p ? 85 + Math.round(rand() * 14) : rand() < 0.3 ? Math.round(rand() * 6) : 0)),
  );
  add("confusionMatrixFigure", confusionMatrixFigure(cm, undefined, { title: "DeepConvNet on 1,000 test digits" }));

  // The book's weight-init experiment: 1000 samples through 5 sigmoid layers of 100 units, weights with std 1.
  const layers: Record<string, Float32Array> = {};
  tf.tidy(() => {
    let a = tf.randomNormal([1000, 100], 0, 1, "float32", 1);
    for (let l = 1; l <= 5; l++) {
      a = tf.sigmoid(tf.matMul(a, tf.randomNormal([100, 100], 0, 1, "float32", 100 + l)));
      layers[`${l}-layer`] = a.dataSync() as Float32Array;
    }
  });
  add("activationHistograms", activationHistograms(layers, { range: [0, 1], title: "Sigmoid activations, weights with std 1" }));

  add(
    "gradientNorms",
    gradientNorms({
      sigmoid: { Affine1: 2.1e-5, Affine2: 1.3e-4, Affine3: 9e-4, Affine4: 6e-3, Affine5: 0.04 },
      ReLU: { Affine1: 0.031, Affine2: 0.036, Affine3: 0.04, Affine4: 0.045, Affine5: 0.05 },
    }),
  );
  add("computationalGraph: apples", computationalGraph(appleGraph()));
  add("computationalGraph: apples and oranges", computationalGraph(appleGraph({ orange: 150, orangeCount: 3 })));

  const conv1 = new Convolution(tf.zeros([16, 1, 3, 3]), tf.zeros([16]), { pad: 1, name: "Conv1" });
  const conv2 = new Convolution(tf.zeros([16, 16, 3, 3]), tf.zeros([16]), { pad: 1, name: "Conv2" });
  const pool1 = new Pooling({ poolH: 2, poolW: 2, stride: 2, name: "Pool1" });
  const conv3 = new Convolution(tf.zeros([32, 16, 3, 3]), tf.zeros([32]), { pad: 1, name: "Conv3" });
  const pool2 = new Pooling({ poolH: 2, poolW: 2, stride: 2, name: "Pool2" });
  add(
    "netSummary",
    netSummary({ name: "First half of DeepConvNet", inputShape: [1, 28, 28], layers: [conv1, conv2, pool1, conv3, pool2] }),
  );
  [conv1, conv2, conv3].forEach((c) => c.dispose());

  add(
    "gradientCheckReport",
    gradientCheckReport({
      params: {
        "Affine1.W": { relativeError: 2.4e-8, maxAbsDiff: 3.1e-7, pass: true },
        "Affine1.b": { relativeError: 1.1e-8, maxAbsDiff: 9e-8, pass: true },
        "Affine2.W": { relativeError: 0.33, maxAbsDiff: 0.012, pass: false },
        "Affine2.b": { relativeError: 3.3e-9, maxAbsDiff: 4e-8, pass: true },
      },
      tolerance: 1e-6,
      pass: false,
    }),
  );

  const digit = Array.from({ length: 10 }, (_, h) => Array.from({ length: 10 }, (_, w) => Math.round(x[(h * 2 + 4) * 28 + w * 2 + 4] * 9)));
  add("convolutionStepper: digit crop, edge filter", convolutionStepper(digit, edgeFilters[0], { stride: 1, pad: 1 }));
  add(
    "convolutionStepper: 2 channels, stride 2",
    convolutionStepper(
      [
        [
          [1, 2, 0, 1, 3],
          [0, 1, 2, 3, 1],
          [1, 0, 1, 2, 2],
          [2, 1, 0, 1, 0],
          [0, 2, 1, 0, 1],
        ],
        [
          [0, 1, 1, 0, 2],
          [2, 0, 1, 1, 0],
          [1, 1, 0, 2, 1],
          [0, 2, 1, 0, 1],
          [1, 0, 2, 1, 0],
        ],
      ],
      [
        [
          [1, 0, -1],
          [1, 0, -1],
          [1, 0, -1],
        ],
        [
          [0, 1, 0],
          [1, -4, 1],
          [0, 1, 0],
        ],
      ],
      { stride: 2, pad: 1 },
    ),
  );

  add(
    "heatmap",
    heatmap(edgeFilters[0], { title: "Sobel filter (vertical edges)", colorscale: "RdBu", xLabel: "filter column", yLabel: "filter row" }),
  );
  add(
    "lineChart",
    lineChart(
      {
        SGD: Array.from({ length: 60 }, (_, i) => 2.3 * Math.exp(-i / 40) + 0.1 * rand()),
        Momentum: Array.from({ length: 60 }, (_, i) => 2.3 * Math.exp(-i / 15) + 0.1 * rand()),
        AdaGrad: Array.from({ length: 60 }, (_, i) => 2.3 * Math.exp(-i / 10) + 0.1 * rand()),
        Adam: Array.from({ length: 60 }, (_, i) => 2.3 * Math.exp(-i / 12) + 0.1 * rand()),
      },
      { title: "Optimizers on MNIST", xLabel: "iteration", yLabel: "loss" },
    ),
  );
  const lrs = Array.from({ length: 60 }, () => 10 ** (-6 + 5 * rand()));
  add(
    "scatter",
    scatter(
      {
        x: lrs.map((v) => Math.log10(v)),
        y: lrs.map((v) => Math.max(0.05, 0.95 - 0.1 * Math.abs(Math.log10(v) + 2.5) ** 1.5 + 0.05 * rand())),
        groups: lrs.map((_, i) => (i % 2 ? "weight decay 1e-8" : "weight decay 1e-4")),
      },
      { title: "Hyper-parameter search", xLabel: "log10 learning rate", yLabel: "validation accuracy" },
    ),
  );
  tf.dispose([W16, ...maps]);
  return figs;
}

/** HTML for one figure (a Plotly div + script, an <img>, inline SVG, or a <table>). */
export function figureHtml(fig: Figure, id: string): string {
  switch (fig.kind) {
    case "plotly":
      return (
        `<div id="${id}" class="plotly-figure"></div><script>Plotly.newPlot(${JSON.stringify(id)}, ` +
        `${JSON.stringify(fig.data)}, ${JSON.stringify(fig.layout)}, ${JSON.stringify(fig.config ?? {})});</script>`
      );
    case "image":
      return `<img id="${id}" src="data:image/png;base64,${fig.pngBase64}" width="${fig.width}" height="${fig.height}" alt="${escapeHtml(fig.alt)}">`;
    case "svg":
      return `<div id="${id}" class="svg-figure" role="img" aria-label="${escapeHtml(fig.alt)}">${fig.svg}</div>`;
    case "table":
      return `<div id="${id}">${tableHtml(fig)}</div>`;
  }
}

/** One page with every figure, plotly.js loaded from a file:// URL. */
export function pageHtml(figs: readonly NamedFigure[], plotlyUrl: string): string {
  const body = figs.map((f, i) => `<section><h2>${escapeHtml(f.name)}</h2>${figureHtml(f.fig, `fig${i}`)}</section>`).join("\n");
  return `<!doctype html><html><head><meta charset="utf-8"><title>nnlab viz</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 16px; color: #222; }
section { margin-bottom: 22px; }
h2 { font-size: 14px; color: #555; margin: 0 0 6px; font-weight: normal; }
table { border-collapse: collapse; font-size: 13px; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
tr.fail td { background: #fde0d6; color: #8a2b00; font-weight: bold; }
tr.pass td { background: #e6f4ee; }
tr.total td { font-weight: bold; border-top: 2px solid #888; }
</style>
<script src="${plotlyUrl}"></script></head><body>
${body}
</body></html>`;
}
