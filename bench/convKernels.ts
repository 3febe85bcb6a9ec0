/**
 * Micro-benchmark of DeepConvNet's convolution and pooling shapes (batch 100) on the backend
 * nnlab picks: forward, dx and dW per conv layer, stock TF.js kernels vs nnlab's, and one
 * whole DeepConvNet-shaped training step built from nnlab's layers.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/convKernels.js
 */
import * as tf from "@tensorflow/tfjs-core";
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";
import { initBackend } from "../lib/backend";
import { registerWasmConvGradients } from "../lib/conv";
import { conv2dBackpropFilterNHWC, conv2dBackpropInputNHWC } from "../lib/conv/fastConv";
import type { TapSpec } from "../lib/conv/im2col";
import { Convolution } from "../lib/layers/convolution";
import { Pooling } from "../lib/layers/pooling";

// TF.js's own wasm kernel, saved before nnlab replaces it, to time it side by side.
const stockBackpropInput = getKernel("Conv2DBackpropInput", "wasm") as KernelConfig | undefined;

function ms(f: () => void, reps = 5): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(reps / 2)];
}

const N = 100;
const CONVS: Array<[number, number, number, number]> = [
  // C, H(=W), FN, pad
  [1, 28, 16, 1],
  [16, 28, 16, 1],
  [16, 14, 32, 1],
  [32, 14, 32, 2],
  [32, 8, 64, 1],
  [64, 8, 64, 1],
];
const POOLS: Array<[number, number]> = [
  [16, 28],
  [32, 16],
  [64, 8],
];

function withStock(f: () => void): number {
  unregisterKernel("Conv2DBackpropInput", "wasm");
  registerKernel(stockBackpropInput!);
  try {
    return ms(f, 1);
  } finally {
    registerWasmConvGradients();
  }
}

async function main(): Promise<void> {
  const info = await initBackend();
  console.log(`backend ${info.name}, nnlab kernels ${info.nnlabKernels}`);
  const rows: string[] = ["layer                      fwd  | dx stock  dx nnlab | dW stock  dW conv  dW matmul   (ms, batch 100)"];
  for (const [C, H, FN, P] of CONVS) {
    const x = tf.randomNormal<tf.Rank.R4>([N, H, H, C]);
    const f = tf.randomNormal<tf.Rank.R4>([3, 3, C, FN]);
    const OH = H + 2 * P - 2;
    const t: TapSpec = { FH: 3, FW: 3, sh: 1, sw: 1, dh: 1, dw: 1, top: P, bottom: P, left: P, right: P, OH, OW: OH };
    const dy = tf.randomNormal<tf.Rank.R4>([N, OH, OH, FN]);
    const pads: [[number, number], [number, number], [number, number], [number, number]] = [
      [0, 0],
      [P, P],
      [P, P],
      [0, 0],
    ];
    const fwd = ms(() => tf.conv2d(x, f, 1, pads).dispose());
    const dxStock =
      C === 1 ? NaN : withStock(() => tf.conv2dTranspose(dy, f, [N, H, H, C], 1, P === 1 ? "same" : (pads as never)).dispose());
    const dxOurs = ms(() => tf.tidy(() => conv2dBackpropInputNHWC(dy, f, x.shape, t)).dispose());
    const dwConv = ms(() => tf.tidy(() => conv2dBackpropFilterNHWC(x, dy, t, "conv")).dispose());
    const dwMat = ms(() => tf.tidy(() => conv2dBackpropFilterNHWC(x, dy, t, "matmul")).dispose());
    rows.push(
      `conv ${C}->${FN} ${H}x${H} pad ${P}`.padEnd(24) +
        `${fwd.toFixed(1).padStart(6)} | ${C === 1 ? "  (none)" : dxStock.toFixed(1).padStart(8)} ${dxOurs.toFixed(1).padStart(8)} |  missing ${dwConv.toFixed(1).padStart(8)} ${dwMat.toFixed(1).padStart(9)}`,
    );
    tf.dispose([x, f, dy]);
  }
  rows.push("", "pool 2x2 s2 (NCHW in/out)   fwd+bwd: TF.js maxPool+MaxPoolGrad with transposes | block reshape (fast) | windows (im2col)");
  for (const [C, H] of POOLS) {
    const x = tf.randomNormal<tf.Rank.R4>([N, C, H, H]);
    const dout = tf.randomNormal<tf.Rank.R4>([N, C, H / 2, H / 2]);
    const stock = ms(() =>
      tf.tidy(() => {
        const xh = tf.transpose(x, [0, 2, 3, 1]);
        const yh = tf.maxPool(xh, 2, 2, 0);
        tf.transpose(yh, [0, 3, 1, 2]);
        const dxh = tf
          .engine()
          .runKernel<tf.Tensor4D>(
            "MaxPoolGrad",
            { dy: tf.transpose(dout, [0, 2, 3, 1]), input: xh, output: yh },
            { filterSize: [2, 2], strides: [2, 2], pad: 0 },
          );
        tf.transpose(dxh, [0, 3, 1, 2]);
      }),
    );
    const layer = (impl: "fast" | "im2col") => {
      const pool = new Pooling({ poolH: 2, poolW: 2, stride: 2, impl });
      const r = ms(() => tf.dispose([pool.forward(x), pool.backward(dout)]));
      pool.dispose();
      return r;
    };
    rows.push(
      `pool ${C}x${H}x${H}`.padEnd(28) +
        `${stock.toFixed(1).padStart(8)} | ${layer("fast").toFixed(1).padStart(8)} | ${layer("im2col").toFixed(1).padStart(8)}`,
    );
    tf.dispose([x, dout]);
  }
  console.log(rows.join("\n"));

  // One DeepConvNet-shaped step from nnlab's Convolution/Pooling (relu, affine and the loss
  // written inline), to see the conv/pool share of a training step.
  const convs = CONVS.map(
    ([C, , FN, P], i) =>
      new Convolution(tf.mul(tf.randomNormal([FN, C, 3, 3]), Math.sqrt(2 / (9 * C))), tf.zeros([FN]), { pad: P, name: `Conv${i + 1}` }),
  );
  const pools = [0, 1, 2].map((i) => new Pooling({ poolH: 2, poolW: 2, stride: 2, name: `Pool${i + 1}` }));
  const W1 = tf.mul(tf.randomNormal([64 * 4 * 4, 50]), 0.05);
  const W2 = tf.mul(tf.randomNormal([50, 10]), 0.1);
  const x = tf.randomUniform([N, 1, 28, 28]);
  const labels = tf.oneHot(tf.randomUniform([N], 0, 10, "int32"), 10);
  const step = () =>
    tf.tidy(() => {
      const relus: tf.Tensor[] = [];
      let h: tf.Tensor = x;
      for (let i = 0; i < 6; i++) {
        h = convs[i].forward(h);
        relus.push(tf.step(h));
        h = tf.relu(h);
        if (i % 2 === 1) h = pools[(i - 1) / 2].forward(h);
      }
      const flat = tf.reshape(h, [N, -1]);
      const a1 = tf.relu(tf.matMul(flat, W1));
      const logits = tf.matMul(a1, W2);
      const dlogits = tf.div(tf.sub(tf.softmax(logits), labels), N);
      const da1 = tf.mul(tf.matMul(dlogits, W2, false, true), tf.step(a1));
      tf.matMul(a1, dlogits, true);
      tf.matMul(flat, da1, true);
      let d: tf.Tensor = tf.reshape(tf.matMul(da1, W1, false, true), h.shape);
      for (let i = 5; i >= 0; i--) {
        if (i % 2 === 1) d = pools[(i - 1) / 2].backward(d);
        d = convs[i].backward(tf.mul(d, relus[i]));
      }
    });
  const stepMs = ms(step, 5);
  console.log(
    `\nDeepConvNet-shaped training step (nnlab layers, batch ${N}): ${stepMs.toFixed(0)} ms = ${((N * 1000) / stepMs).toFixed(0)} images/s`,
  );
  const fwdOnly = ms(() =>
    tf.tidy(() => {
      let h: tf.Tensor = x;
      for (let i = 0; i < 6; i++) {
        h = tf.relu(convs[i].forward(h));
        if (i % 2 === 1) h = pools[(i - 1) / 2].forward(h);
      }
    }),
  );
  console.log(`  of which the conv/pool forward: ${fwdOnly.toFixed(0)} ms`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
