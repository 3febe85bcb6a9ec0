import { ShapeError } from "../errors";
import type { Layer } from "../layers/layer";
import { describeValue } from "../errors";

/** What {@link netComplexity} reads from a net: its layers and its input shape (a Net has both). */
export interface ComplexityInput {
  readonly name?: string;
  readonly layers: readonly Pick<Layer, "name" | "params" | "outputShape">[];
  readonly inputShape: readonly number[];
}

/** A graph net (GraphNet) says each layer's output shape itself: its layers are not a chain. */
interface GraphInput extends ComplexityInput {
  readonly nodes: readonly { readonly layer: Pick<Layer, "name" | "params"> }[];
  summary(): readonly { readonly type: string; readonly outputShape: readonly (number | null)[] }[];
}

function isGraph(net: ComplexityInput): net is GraphInput {
  return Array.isArray((net as Partial<GraphInput>).nodes) && typeof (net as Partial<GraphInput>).summary === "function";
}

/** One layer's cost for one input sample. */
export interface LayerComplexity {
  readonly name: string;
  readonly type: string;
  /** Output shape for one sample (no batch axis). */
  readonly outputShape: readonly number[];
  readonly params: number;
  /** Forward FLOPs (2 x multiply-adds); undefined for layers without a W (activations, pooling). */
  readonly flops: number | undefined;
  /** Output values (multiply by bytes per value for memory). */
  readonly activations: number;
}

/** A net's per-layer cost for one input sample, and the totals. */
export interface NetComplexity {
  readonly inputShape: readonly number[];
  readonly layers: readonly LayerComplexity[];
  readonly params: number;
  /** Forward FLOPs per sample. A training step costs about three times this (forward, dX, dW). */
  readonly flops: number;
  readonly activations: number;
}

/**
 * Counts parameters, forward FLOPs and activation sizes per layer for one input sample.
 *
 * FLOPs count multiply-adds twice (FLOPs = 2 x MACs), for the layers that dominate:
 * a Convolution with W [FN, C, FH, FW] and output [FN, OH, OW] costs 2*OH*OW*FN*C*FH*FW,
 * an Affine with W [in, out] costs 2*in*out. Bias adds, activations and pooling are left
 * out (they are a few percent at most). Layers are recognised by their W's rank, so any
 * layer following lib/layers/layer.ts works.
 *
 * @example
 * netComplexity(new DeepConvNet()).flops; // 17,544,680 (about 52.6 MFLOP per training image)
 */
export function netComplexity(net: ComplexityInput, where = "netComplexity"): NetComplexity {
  if (typeof net !== "object" || net === null || !Array.isArray(net.layers) || !Array.isArray(net.inputShape)) {
    throw new TypeError(`${where}: net must have layers (an array) and inputShape (e.g. [1, 28, 28]), got ${describeValue(net)}`);
  }
  const layers = isGraph(net) ? graphLayers(net) : chainLayers(net, where);
  const sum = (f: (l: LayerComplexity) => number) => layers.reduce((a, l) => a + f(l), 0);
  return {
    inputShape: [...net.inputShape],
    layers,
    params: sum((l) => l.params),
    flops: sum((l) => l.flops ?? 0),
    activations: sum((l) => l.activations),
  };
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function paramCount(params: Record<string, { size: number }> | undefined): number {
  return Object.values(params ?? {}).reduce((a, p) => a + p.size, 0);
}

/** A chain: each layer's output shape follows from the one before. */
function chainLayers(net: ComplexityInput, where: string): LayerComplexity[] {
  let shape: number[] = [1, ...net.inputShape];
  return net.layers.map((layer, i): LayerComplexity => {
    if (typeof layer !== "object" || layer === null || typeof layer.outputShape !== "function") {
      throw new TypeError(`${where}: net.layers[${i}] must be a Layer with outputShape(), got ${describeValue(layer)}`);
    }
    const inShape = shape;
    let outShape: number[];
    try {
      outShape = layer.outputShape(inShape);
    } catch (err) {
      throw new ShapeError(
        `${where} at layer ${i} "${layer.name}"`,
        "its input",
        `a shape it accepts (${(err as Error).message})`,
        inShape,
      );
    }
    shape = outShape;
    return {
      name: layer.name,
      type: (layer.constructor as { name?: string } | undefined)?.name ?? "Layer",
      outputShape: outShape.slice(1),
      params: paramCount(layer.params),
      flops: forwardFlops(layer.params?.W, outShape),
      activations: size(outShape.slice(1)),
    };
  });
}

/** A graph: the net resolved every blob's shape when it was built. */
function graphLayers(net: GraphInput): LayerComplexity[] {
  const rows = net.summary();
  return net.nodes.map(({ layer }, i): LayerComplexity => {
    const outShape = [1, ...(rows[i].outputShape.slice(1) as number[])];
    return {
      name: layer.name,
      type: rows[i].type,
      outputShape: outShape.slice(1),
      params: paramCount(layer.params),
      flops: forwardFlops(layer.params?.W, outShape),
      activations: size(outShape.slice(1)),
    };
  });
}

function forwardFlops(W: { rank: number; shape: number[] } | undefined, outShape: readonly number[]): number | undefined {
  if (W && W.rank === 4 && outShape.length === 4) {
    const [FN, C, FH, FW] = W.shape;
    const [, , OH, OW] = outShape;
    return 2 * OH * OW * FN * C * FH * FW;
  }
  if (W && W.rank === 2) {
    const [inSize, outSize] = W.shape;
    return 2 * inSize * outSize;
  }
  return undefined;
}
