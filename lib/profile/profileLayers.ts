import * as tf from "@tensorflow/tfjs-core";
import { ShapeError, describeValue } from "../errors";
import { toMimeBundle, type MimeBundle } from "../ground/displaySeam";
import type { Layer, LossLayer } from "../layers/layer";
import { platform } from "../platform";
import { htmlTable } from "../ground/html";
import { textTable, type Align } from "../nets/table";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** A net {@link profileLayers} can time: its layers in order and the loss layer on top. */
export interface ProfiledNet {
  readonly name: string;
  readonly layers: readonly Layer[];
  readonly lossLayer: LossLayer;
}

/** Options of {@link profileLayers}. */
export interface ProfileOptions {
  /** Timed forward + backward passes; each figure is the median over them (default 5). */
  readonly repeats?: number;
  /** Untimed passes first, so one-time setup (kernel compilation, allocation) is not counted (default 1). */
  readonly warmup?: number;
}

const PROFILE_KEYS = optionKeys<ProfileOptions>({ repeats: true, warmup: true });

/** One layer's time per pass, in milliseconds (median over the repeats). */
export interface LayerTiming {
  readonly name: string;
  /** The layer's class name: "Convolution", "Relu". */
  readonly type: string;
  readonly forwardMs: number;
  readonly backwardMs: number;
}

/** What {@link profileLayers} measured; plain data that also displays itself as a table. */
export interface LayerProfile {
  readonly net: string;
  /** Batch size of the timed input. */
  readonly batch: number;
  readonly repeats: number;
  /** One row per layer, in forward order, then the loss layer. */
  readonly layers: readonly LayerTiming[];
  /** Sum of every layer's forward median. */
  readonly forwardMs: number;
  /** Sum of every layer's backward median. */
  readonly backwardMs: number;
  /** Images per second of forward + backward alone (no optimizer update). */
  readonly imagesPerSecond: number;
  [toMimeBundle](): MimeBundle;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function now(): number {
  return platform.now();
}

/**
 * Makes sure the work queued so far has run before the clock is read. nnlab's backends
 * (wasm, cpu, tfjs-node) run every op before it returns; a backend that queues work (WebGL)
 * is forced to finish by reading one value back.
 */
function settle(t: tf.Tensor): void {
  const name = tf.getBackend();
  if (name !== "wasm" && name !== "cpu" && name !== "tensorflow") t.dataSync();
}

function ms(v: number): string {
  return v.toFixed(v < 10 ? 2 : 1);
}

function typeName(value: object): string {
  return value.constructor?.name ?? "Layer";
}

function render(p: Omit<LayerProfile, typeof toMimeBundle>): MimeBundle {
  const total = p.forwardMs + p.backwardMs;
  const headers = ["layer", "type", "forward ms", "backward ms", "share"];
  const align: Align[] = ["left", "left", "right", "right", "right"];
  const rows = p.layers.map((l) => [
    l.name,
    l.type,
    ms(l.forwardMs),
    ms(l.backwardMs),
    `${(((l.forwardMs + l.backwardMs) / total) * 100).toFixed(1)}%`,
  ]);
  rows.push(["total", "", ms(p.forwardMs), ms(p.backwardMs), "100%"]);
  const title =
    `${p.net}: time per layer, batch ${p.batch}, median of ${p.repeats} passes on ${tf.getBackend()} ` +
    `(${p.imagesPerSecond.toFixed(0)} images/s forward + backward)`;
  return {
    "text/plain": `${title}\n${textTable(headers, rows, align)}`,
    "text/html": htmlTable(headers, rows, align, title),
  };
}

/**
 * Times every layer of a net, forward (train mode) and backward, on one batch: "where does
 * the time go?" The net's params are not changed. Each figure is the median of `repeats`
 * passes in milliseconds; the result is plain data and displays itself as a table.
 *
 * @example
 * const profile = profileLayers(new DeepConvNet({ seed: 1 }), x, t, { repeats: 3 });
 * profile.layers[0];  // { name: "Conv1", type: "Convolution", forwardMs: 9.1, backwardMs: 20.4 }
 * show(profile);      // a table with each layer's share of the step
 */
export function profileLayers(net: ProfiledNet, x: tf.Tensor, t: tf.Tensor, options: ProfileOptions = {}): LayerProfile {
  const where = "profileLayers";
  checkOptions(where, options, PROFILE_KEYS);
  const { repeats = 5, warmup = 1 } = options;
  if (net === null || typeof net !== "object" || !Array.isArray(net.layers) || net.lossLayer === undefined) {
    throw new TypeError(`${where}: net must have layers and a lossLayer (a Sequential such as DeepConvNet), got ${describeValue(net)}`);
  }
  if (!(x instanceof tf.Tensor)) throw new TypeError(`${where}: x must be a tf.Tensor, got ${typeof x}`);
  if (!(t instanceof tf.Tensor)) throw new TypeError(`${where}: t must be a tf.Tensor of labels, got ${typeof t}`);
  if (x.rank < 2) throw new ShapeError(where, "x", "a batch [N, ...]", x.shape);
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`${where}: repeats must be an integer >= 1, got ${String(repeats)}`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`${where}: warmup must be an integer >= 0, got ${String(warmup)}`);
  const layers = net.layers;
  const n = layers.length + 1;
  const fwd: number[][] = Array.from({ length: n }, () => []);
  const bwd: number[][] = Array.from({ length: n }, () => []);
  for (let pass = 0; pass < warmup + repeats; pass++) {
    const timed = pass >= warmup;
    let h = x;
    for (let i = 0; i < layers.length; i++) {
      const start = now();
      const next = layers[i].forward(h, { train: true });
      settle(next);
      if (timed) fwd[i].push(now() - start);
      if (h !== x && next !== h) h.dispose();
      h = next;
    }
    let start = now();
    const L = net.lossLayer.forward(h, t);
    settle(L);
    if (timed) fwd[n - 1].push(now() - start);
    L.dispose();
    if (h !== x) h.dispose();
    start = now();
    let dout = net.lossLayer.backward(1);
    settle(dout);
    if (timed) bwd[n - 1].push(now() - start);
    for (let i = layers.length - 1; i >= 0; i--) {
      start = now();
      // As Sequential.gradient does: the first layer's unused dx is skipped where it can be.
      const skipDx = (layers[i] as Partial<{ backwardParams(dout: tf.Tensor): void }>).backwardParams;
      if (i === 0 && typeof skipDx === "function") {
        skipDx.call(layers[i], dout);
        if (timed) bwd[i].push(now() - start);
        break;
      }
      const dx = layers[i].backward(dout);
      settle(dx);
      if (timed) bwd[i].push(now() - start);
      if (dx !== dout) dout.dispose();
      dout = dx;
    }
    dout.dispose();
  }
  const all = [...layers, net.lossLayer];
  const rows: LayerTiming[] = all.map((l, i) => ({
    name: l.name,
    type: typeName(l),
    forwardMs: median(fwd[i]),
    backwardMs: median(bwd[i]),
  }));
  const forwardMs = rows.reduce((s, r) => s + r.forwardMs, 0);
  const backwardMs = rows.reduce((s, r) => s + r.backwardMs, 0);
  const data = {
    net: net.name,
    batch: x.shape[0],
    repeats,
    layers: rows,
    forwardMs,
    backwardMs,
    imagesPerSecond: (x.shape[0] * 1000) / (forwardMs + backwardMs),
  };
  return { ...data, [toMimeBundle]: () => render(data) };
}
