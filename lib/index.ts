/**
 * nnlab's public face: what a lesson or a script imports from "nnlab", named one by one and
 * grouped in the order a learner meets them. Anything not here is internal (tests import it
 * from its own module); the kernel's hooks (display host, interrupts) are the second entry
 * point, lib/hooks.ts ("nnlab/hooks"), which only kernel/ imports.
 * test/api/publicApi.test.ts lists these names, so a change to the API shows up as a diff.
 */
import * as tf from "@tensorflow/tfjs-core";

// Tensors and backend: TensorFlow.js itself, the backend nnlab picked, seeded randomness, shape errors.
export { tf };
export { initBackend, backendInfo, type BackendInfo, type BackendName } from "./backend";
export { Rng, setSeed } from "./random";
export { ShapeError } from "./errors";

// Layers: forward/backward pairs with hand-written gradients, im2col, weight initialization.
export {
  MulLayer,
  AddLayer,
  Relu,
  Sigmoid,
  Tanh,
  Affine,
  SoftmaxWithLoss,
  Flatten,
  Convolution,
  Pooling,
  Dropout,
  BatchNormalization,
  Concat,
  Eltwise,
  type Layer,
  type LossLayer,
  type ForwardOptions,
  type ConvImpl,
  type ConvolutionOptions,
  type PoolingOptions,
  type DropoutOptions,
  type BatchNormalizationOptions,
  type MultiInputLayer,
  type ConcatOptions,
  type EltwiseOptions,
  type EltwiseOperation,
} from "./layers";
export { im2col, col2im, convOutputSize, type WindowOptions, type RoundMode } from "./conv";
export { he, xavier, normalStd, zeros, weightInit, type WeightInit } from "./init";

// Functions: activations and losses on plain tensors.
export { sigmoid, softmax, crossEntropyError, svmLoss, type SvmLossOptions } from "./functions";

// Nets: the book's nets and the Sequential they are built on.
export {
  TwoLayerNet,
  MultiLayerNet,
  SimpleConvNet,
  DeepConvNet,
  Sequential,
  tfjsDeepConvNet,
  GraphNet,
  netComplexity,
  type Net,
  type GradientResult,
  type LayerSummary,
  type SequentialOptions,
  type TwoLayerNetOptions,
  type MultiLayerNetOptions,
  type SimpleConvNetOptions,
  type DeepConvNetOptions,
  type TfjsDeepConvNetOptions,
  type WeightInitKind,
  // GraphNet's GraphNode is left out: the name is computationalGraph's node type below.
  type GraphLoss,
  type GraphNetOptions,
  type GraphLayerSummary,
  type NetComplexity,
  type LayerComplexity,
  type ComplexityInput,
} from "./nets";

// Optimizers: the update rules, and BaseOptimizer to write one's own.
export {
  SGD,
  Momentum,
  Nesterov,
  AdaGrad,
  RMSprop,
  Adam,
  BaseOptimizer,
  createOptimizer,
  type Optimizer,
  type SGDOptions,
  type MomentumOptions,
  type NesterovOptions,
  type AdaGradOptions,
  type RMSpropOptions,
  type AdamOptions,
  type OptimizerName,
  type OptimizerParams,
} from "./optimizers";

// Training: gradients checked numerically, the Trainer and its history, metrics.
export {
  numericalGradient,
  gradientCheck,
  GradientCheckReport,
  Trainer,
  History,
  accuracy,
  predictClasses,
  confusionMatrix,
  type GradientCheckOptions,
  type ParamCheck,
  type TrainerOptions,
  type BatchInfo,
  type EpochRecord,
  type AccuracyOptions,
  type PredictClassesOptions,
  type ConfusionMatrix,
  type ConfusionMatrixOptions,
  type EvalData,
  type LabelledTensors,
} from "./train";
export { NonFiniteLossError } from "./errors";
export { InterruptedError, throwIfInterrupted, watchInterrupts, type InterruptWatch } from "./ground/interruptWatch";

// Data and augmentation: MNIST and Fashion-MNIST as Datasets, batches, subsets, augmentations.
export {
  loadMnist,
  loadFashionMnist,
  MNIST_CLASS_NAMES,
  FASHION_MNIST_CLASS_NAMES,
  makeDataset,
  batchTensors,
  subset,
  take,
  clearIdxCache,
  rotate,
  shift,
  scale,
  flipHorizontal,
  gaussianNoise,
  randomCrop,
  cutout,
  elasticDistortion,
  augmentDataset,
  type Dataset,
  type DatasetParts,
  type LoadMnistOptions,
  type TrainTest,
  type BatchOptions,
  type ImageOptions,
  type RandomImageOptions,
  type AugmentOptions,
} from "./data";
export { DataFileError } from "./errors";

// Visualization and display: figure builders return plain data; show/display put it on screen.
export {
  lineChart,
  scatter,
  heatmap,
  imageGrid,
  filterGrid,
  featureMaps,
  trainingCurves,
  confusionMatrixFigure,
  activationHistograms,
  gradientNorms,
  computationalGraph,
  appleGraph,
  netSummary,
  gradientCheckReport,
  convolutionStepper,
  type Figure,
  type PlotlyFigure,
  type ImageFigure,
  type SvgFigure,
  type TableFigure,
  type Colormap,
  type Normalize,
  type LineSeries,
  type LineChartOptions,
  type ScatterPoints,
  type ScatterOptions,
  type HeatmapOptions,
  type ImageGridOptions,
  type FilterGridOptions,
  type FeatureMapLayer,
  type FeatureMapsOptions,
  type TrainingCurvesHistory,
  type TrainingCurvesEpoch,
  type TrainingCurvesOptions,
  type ConfusionMatrixInput,
  type ConfusionMatrixFigureOptions,
  type ActivationHistogramsOptions,
  type GradientNormsOptions,
  type ComputationalGraphSpec,
  type GraphNode,
  type GraphEdge,
  type AppleGraphOptions,
  type NetSummaryInput,
  type NetSummaryOptions,
  type GradientCheckReportInput,
  type GradientCheckParamResult,
  type ConvolutionStepperOptions,
} from "./viz";
export {
  show,
  display,
  clearOutput,
  tensorMemory,
  toMimeBundle,
  type DisplayHandle,
  type ClearOutputOptions,
  type TensorMemoryReport,
  type MimeBundle,
  type Displayable,
} from "./display";

// Lessons: the quick-mode knob, self-checking claims, and exercises graded against the library.
export {
  isQuick,
  quickOr,
  check,
  LessonCheckError,
  roundToFloat16,
  exercise,
  gradeExercise,
  EXERCISE_MIME,
  registerGrader,
  defineGrader,
  exerciseIds,
  diagnoseTensor,
  diagnoseNumber,
  type ExerciseResult,
  type ExerciseCheck,
  type Grader,
  type GradeRun,
  type DiagnoseOptions,
  type ExerciseSolutions,
  type MulAddSolution,
  type NumberGate,
  type SigmoidSolution,
  type ActivationLayer,
  type AffineSolution,
  type AffineLayer,
  type SoftmaxWithLossSolution,
  type LossLayerSolution,
} from "./lesson";
// Lesson 03 shows the 16-bit pattern of a weight stored as float16.
export { float16Bits } from "./lesson/float16";

// Params: a net's weights saved to a file and loaded back.
export {
  saveParams,
  loadParams,
  readParamsFile,
  type ParamsOwner,
  type ParamsFile,
  type ParamsHeader,
  type ParamsTensorEntry,
} from "./params";
export { ParamsMismatchError } from "./errors";

// Profiling: where a net's time goes, layer by layer.
export { profileLayers, type LayerProfile, type LayerTiming, type ProfileOptions, type ProfiledNet } from "./profile";

// Parallel: one gradient split over worker threads.
export { ParallelNet, type ParallelNetOptions } from "./parallel";
export type { NetSpec } from "./nets";

// Schemas: nets and solvers from Caffe-style prototxt, and fine-tuning by copying params.
export {
  parsePrototxt,
  PrototxtSyntaxError,
  netFromSchema,
  SCHEMA_LAYER_TYPES,
  parseSolver,
  learningRateAt,
  solverOptimizer,
  solve,
  snapshotFiles,
  copyMatchingParams,
  type PrototxtMessage,
  type PrototxtValue,
  type NetFromSchemaOptions,
  type SolverSpec,
  type SolveOptions,
  type SolveResult,
} from "./schema";
