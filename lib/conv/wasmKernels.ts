import * as tf from "@tensorflow/tfjs-core";
import {
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  backend_util,
  getKernel,
  registerKernel,
  unregisterKernel,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { conv2dBackpropFilterNHWC, conv2dBackpropInputNHWC } from "./fastConv";
import type { TapSpec } from "./im2col";

type Conv2DInfo = ReturnType<typeof backend_util.computeConv2DInfo>;

function tapSpecOf(info: Conv2DInfo): TapSpec {
  return {
    FH: info.filterHeight,
    FW: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    dh: info.dilationHeight,
    dw: info.dilationWidth,
    top: info.padInfo.top,
    bottom: info.padInfo.bottom,
    left: info.padInfo.left,
    right: info.padInfo.right,
    OH: info.outHeight,
    OW: info.outWidth,
  };
}

/** A Tensor view of a kernel input; disposing it gives back the reference it took. */
function view(backend: unknown, info: TensorInfo): tf.Tensor4D {
  (backend as KernelBackend).incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor4D;
}

/** Hands a computed tensor's data to the kernel's caller, who then owns its one reference. */
function output(backend: unknown, t: tf.Tensor): TensorInfo {
  const info = { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
  (backend as KernelBackend).incRef(t.dataId);
  t.dispose();
  return info;
}

function toNHWC(t: tf.Tensor4D, channelsLast: boolean): tf.Tensor4D {
  return channelsLast ? t : tf.transpose(t, [0, 2, 3, 1]);
}

function fromNHWC(t: tf.Tensor4D, channelsLast: boolean): tf.Tensor4D {
  return channelsLast ? t : tf.transpose(t, [0, 3, 1, 2]);
}

const backpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  const channelsLast = info.dataFormat === "channelsLast";
  const xt = view(backend, x);
  const dyt = view(backend, dy);
  const dW = tf.tidy(() => conv2dBackpropFilterNHWC(toNHWC(xt, channelsLast), toNHWC(dyt, channelsLast), tapSpecOf(info)));
  xt.dispose();
  dyt.dispose();
  return output(backend, dW);
};

const backpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  const channelsLast = info.dataFormat === "channelsLast";
  const dyt = view(backend, dy);
  const ft = view(backend, filter);
  const xShapeNHWC = [info.batchSize, info.inHeight, info.inWidth, info.inChannels];
  const dx = tf.tidy(() => fromNHWC(conv2dBackpropInputNHWC(toNHWC(dyt, channelsLast), ft, xShapeNHWC, tapSpecOf(info)), channelsLast));
  dyt.dispose();
  ft.dispose();
  return output(backend, dx);
};

/** nnlab's Conv2DBackpropFilter for the wasm backend (TF.js 4.22 has none). */
export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: "wasm",
  kernelFunc: backpropFilter,
};

/** nnlab's Conv2DBackpropInput for the wasm backend (TF.js 4.22's is a plain loop). */
export const wasmConv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: "wasm",
  kernelFunc: backpropInput,
};

/**
 * Registers nnlab's fast convolution-gradient kernels for the wasm backend, replacing any
 * registered before, so TF.js's own tf.grad and tfjs-layers models train on wasm at
 * XNNPACK speed. lib/backend's initBackend calls it when it picks wasm; safe to call again.
 *
 * @example
 * registerWasmConvGradients();
 * tf.grad((w) => tf.conv2d(x, w, 1, "same").sum())(w); // runs on wasm
 */
export function registerWasmConvGradients(): void {
  for (const config of [wasmConv2DBackpropFilterConfig, wasmConv2DBackpropInputConfig]) {
    if (getKernel(config.kernelName, config.backendName) !== undefined) {
      unregisterKernel(config.kernelName, config.backendName);
    }
    registerKernel(config);
  }
}
