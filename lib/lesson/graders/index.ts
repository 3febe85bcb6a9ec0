import type { Grader } from "../grader";
import { affineForwardBackward, type AffineSolution } from "./affineForwardBackward";
import { mulAddBackward, type MulAddSolution } from "./mulAddBackward";
import { sigmoidBackward, type SigmoidSolution } from "./sigmoidBackward";
import { softmaxWithLossBackward, type SoftmaxWithLossSolution } from "./softmaxWithLossBackward";

export { affineForwardBackward, mulAddBackward, sigmoidBackward, softmaxWithLossBackward };
export type { AffineSolution, AffineLayer } from "./affineForwardBackward";
export type { MulAddSolution, NumberGate } from "./mulAddBackward";
export type { SigmoidSolution, ActivationLayer } from "./sigmoidBackward";
export type { SoftmaxWithLossSolution, LossLayerSolution } from "./softmaxWithLossBackward";

/** The graders nnlab ships, by lesson. A new exercise: one file here, one line below and one in ExerciseSolutions. */
export const builtInGraders: readonly Grader<never>[] = [
  // Lesson 01
  mulAddBackward,
  sigmoidBackward,
  affineForwardBackward,
  softmaxWithLossBackward,
] as readonly Grader<never>[];

/** The solution type of each built-in exercise id, so `exercise(id, solution)` type-checks the solution. */
export interface ExerciseSolutions {
  "mul-add-backward": MulAddSolution;
  "sigmoid-backward": SigmoidSolution;
  "affine-forward-backward": AffineSolution;
  "softmax-with-loss-backward": SoftmaxWithLossSolution;
}
