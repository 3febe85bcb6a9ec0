import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import type { ForwardOptions } from "./layer";

/**
 * A layer with several bottoms (Caffe's word for inputs), such as Concat and Eltwise: the
 * layer protocol with arrays. `forward(xs)` keeps what backward needs, `backward(dout)`
 * returns one dx per bottom, in the bottoms' order. Ownership as for {@link Layer}: the
 * returned tensors belong to the caller.
 *
 * A GraphNet tells the two protocols apart by `multiInput`.
 */
export interface MultiInputLayer {
  /** A stable name, unique in its net. */
  readonly name: string;
  /** Always true: marks the array protocol. */
  readonly multiInput: true;
  forward(xs: readonly Tensor[], opts?: ForwardOptions): Tensor;
  backward(dout: Tensor): Tensor[];
  /** Trainable parameters (`{}` for Concat and Eltwise). */
  readonly params: Readonly<Record<string, Variable>>;
  /** Gradients of the last backward, same keys as `params`. */
  readonly grads: Readonly<Record<string, Tensor>>;
  /** Persistent non-trained tensors (`{}` for Concat and Eltwise). */
  readonly state: Readonly<Record<string, Variable>>;
  /** The output shape for the bottoms' shapes, without computing. */
  outputShape(inputShapes: readonly (readonly number[])[]): number[];
  /** Frees cached tensors and grads. */
  dispose(): void;
}

/** True when `layer` follows the several-bottoms protocol. */
export function isMultiInputLayer(layer: unknown): layer is MultiInputLayer {
  return typeof layer === "object" && layer !== null && (layer as Partial<MultiInputLayer>).multiInput === true;
}
