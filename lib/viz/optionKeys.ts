import { optionKeys } from "../options/checkOptions";
import type { ActivationHistogramsOptions } from "./activationHistograms";
import type { AppleGraphOptions } from "./appleGraph";
import type { ConfusionMatrixFigureOptions } from "./confusionMatrixFigure";
import type { ConvolutionStepperOptions } from "./convolutionStepper";
import type { FeatureMapsOptions } from "./featureMaps";
import type { FilterGridOptions } from "./filterGrid";
import type { GradientNormsOptions } from "./gradientNorms";
import type { HeatmapOptions } from "./heatmap";
import type { ImageGridOptions } from "./imageGrid";
import type { LineChartOptions } from "./lineChart";
import type { NetSummaryOptions } from "./netSummary";
import type { ScatterOptions } from "./scatter";
import type { TrainingCurvesOptions } from "./trainingCurves";

// The option names of each figure builder, checked by checkOptions so a misspelt one
// (`xlabel`, `colorMap`) is an error instead of a figure without it. @internal

export const ACTIVATION_HISTOGRAMS_KEYS = optionKeys<ActivationHistogramsOptions>({ title: true, bins: true, range: true, xLabel: true });
export const APPLE_GRAPH_KEYS = optionKeys<AppleGraphOptions>({
  apple: true,
  appleCount: true,
  orange: true,
  orangeCount: true,
  tax: true,
  dprice: true,
});
export const CONFUSION_MATRIX_FIGURE_KEYS = optionKeys<ConfusionMatrixFigureOptions>({ title: true });
export const CONVOLUTION_STEPPER_KEYS = optionKeys<ConvolutionStepperOptions>({
  stride: true,
  pad: true,
  bias: true,
  title: true,
  maxSteps: true,
});
export const FEATURE_MAPS_KEYS = optionKeys<FeatureMapsOptions>({ columns: true, maxMaps: true, scale: true, colormap: true, title: true });
export const FILTER_GRID_KEYS = optionKeys<FilterGridOptions>({
  channel: true,
  rgb: true,
  columns: true,
  scale: true,
  colormap: true,
  title: true,
});
export const GRADIENT_NORMS_KEYS = optionKeys<GradientNormsOptions>({ title: true, logY: true, yLabel: true });
export const HEATMAP_KEYS = optionKeys<HeatmapOptions>({
  title: true,
  xLabel: true,
  yLabel: true,
  xTicks: true,
  yTicks: true,
  colorscale: true,
  showValues: true,
  imageOrientation: true,
});
export const IMAGE_GRID_KEYS = optionKeys<ImageGridOptions>({
  shape: true,
  columns: true,
  scale: true,
  captions: true,
  labels: true,
  predictions: true,
  classNames: true,
  normalize: true,
  colormap: true,
  title: true,
});
export const LINE_CHART_KEYS = optionKeys<LineChartOptions>({ title: true, xLabel: true, yLabel: true, logY: true, markers: true });
export const NET_SUMMARY_KEYS = optionKeys<NetSummaryOptions>({ bytesPerValue: true, title: true });
export const SCATTER_KEYS = optionKeys<ScatterOptions>({ title: true, xLabel: true, yLabel: true, groupNames: true });
export const TRAINING_CURVES_KEYS = optionKeys<TrainingCurvesOptions>({ title: true, batchesPerEpoch: true, logLoss: true });
