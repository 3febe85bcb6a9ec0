export { isQuick, quickOr } from "./quick";
export { check, LessonCheckError } from "./check";
export { roundToFloat16 } from "./float16";
export { exercise, gradeExercise, exerciseBundle, EXERCISE_MIME, type ExerciseResult } from "./exercise";
export { registerGrader, graderFor, exerciseIds } from "./exerciseRegistry";
export { defineGrader, type Grader, type GradeRun, type ExerciseCheck } from "./grader";
export { diagnoseTensor, diagnoseNumber, allClose, firstMismatch, unravelIndex, type DiagnoseOptions, type Tolerance } from "./diagnose";
export { numericalGradientOf, dotWith, NUMERIC_TOLERANCE } from "./numericalCheck";
export { sampleTensor } from "./samples";
export type {
  ExerciseSolutions,
  MulAddSolution,
  NumberGate,
  SigmoidSolution,
  ActivationLayer,
  AffineSolution,
  AffineLayer,
  SoftmaxWithLossSolution,
  LossLayerSolution,
} from "./graders";
