import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
// tfjs-core's CommonJS build registers neither gradients nor chained ops, so tf.grad and
// tf.layers training fail ("gradient function not found") and a learner's x.reshape(...) is
// "not a function". Its registration modules are ESM only; the full @tensorflow/tfjs bundle
// registers both into tfjs-core's global registries when loaded. It used to arrive only with
// the optional tfjs-node, which a fresh offline install drops.
import "@tensorflow/tfjs";
import { registerWasmConvGradients } from "../conv/wasmKernels";
import { platform } from "../platform";

/** The TensorFlow.js backends nnlab knows how to pick. */
export type BackendName = "node" | "wasm" | "cpu" | "webgl" | "webgpu";

/** Which backend nnlab runs on, and why: reported once, never hidden. */
export interface BackendInfo {
  /** nnlab's name for it. */
  readonly name: BackendName;
  /** TF.js's own name for it ("tensorflow", "wasm", "cpu"). */
  readonly tfName: string;
  /** Why this one was picked, in a sentence. */
  readonly reason: string;
  /** Whether nnlab registered its own convolution-gradient kernels on it. */
  readonly nnlabKernels: boolean;
}

const BACKEND_NAMES: readonly BackendName[] = ["node", "wasm", "cpu"];
// WebGL and WebGPU only when forced: a live lesson page picks one (its worker registers WebGPU); Node has neither.
const FORCIBLE: readonly BackendName[] = [...BACKEND_NAMES, "webgl", "webgpu"];

let picked: Promise<BackendInfo> | undefined;
let info: BackendInfo | undefined;

async function tryNode(): Promise<string | undefined> {
  try {
    platform.loadNativeBackend();
  } catch (e) {
    return (e as Error).message.split("\n")[0];
  }
  return (await tf.setBackend("tensorflow")) ? undefined : "tf.setBackend('tensorflow') failed";
}

async function tryWasm(): Promise<string | undefined> {
  try {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(platform.wasmPaths());
  } catch (e) {
    return (e as Error).message.split("\n")[0];
  }
  return (await tf.setBackend("wasm")) ? undefined : "tf.setBackend('wasm') failed to initialize";
}

async function tryCpu(): Promise<string | undefined> {
  return (await tf.setBackend("cpu")) ? undefined : "tf.setBackend('cpu') failed";
}

async function tryWebgl(): Promise<string | undefined> {
  return (await tf.setBackend("webgl")) ? undefined : "tf.setBackend('webgl') failed to initialize";
}

async function tryWebgpu(): Promise<string | undefined> {
  return (await tf.setBackend("webgpu")) ? undefined : "tf.setBackend('webgpu') failed to initialize";
}

const TRY: Record<BackendName, () => Promise<string | undefined>> = {
  node: tryNode,
  wasm: tryWasm,
  cpu: tryCpu,
  webgl: tryWebgl,
  webgpu: tryWebgpu,
};
const TF_NAME: Record<BackendName, string> = { node: "tensorflow", wasm: "wasm", cpu: "cpu", webgl: "webgl", webgpu: "webgpu" };

async function pick(): Promise<BackendInfo> {
  const forced = platform.env("NNLAB_BACKEND")?.trim();
  if (forced) {
    if (!(FORCIBLE as readonly string[]).includes(forced)) {
      throw new RangeError(`NNLAB_BACKEND must be one of ${FORCIBLE.join(", ")}, got "${forced}"`);
    }
    const name = forced as BackendName;
    const failure = await TRY[name]();
    if (failure !== undefined) {
      throw new Error(`NNLAB_BACKEND=${name} was asked for, but it cannot load: ${failure}`);
    }
    return finish(name, `forced by NNLAB_BACKEND=${name}`);
  }
  const skipped: string[] = [];
  for (const name of BACKEND_NAMES) {
    const failure = await TRY[name]();
    if (failure === undefined) {
      const reason = skipped.length === 0 ? `${name} loaded first` : `${name}, because ${skipped.join("; ")}`;
      return finish(name, reason);
    }
    skipped.push(`${name} did not load (${failure})`);
  }
  throw new Error(`no TensorFlow.js backend could load: ${skipped.join("; ")}`);
}

function finish(name: BackendName, reason: string): BackendInfo {
  // The wasm backend has no fast convolution gradients: nnlab's are registered once it is set,
  // before anyone computes on it (lib/conv/wasmKernels.ts).
  const nnlabKernels = name === "wasm";
  if (nnlabKernels) registerWasmConvGradients();
  info = { name, tfName: TF_NAME[name], reason, nnlabKernels };
  if (platform.env("NNLAB_QUIET_BACKEND") !== "1") {
    platform.writeStderr(`nnlab: TensorFlow.js backend "${name}" (${reason})\n`);
  }
  return info;
}

/**
 * Picks the TensorFlow.js backend once: tfjs-node where it loads, else wasm, else cpu;
 * `NNLAB_BACKEND=node|wasm|cpu` forces one and fails clearly when it cannot load.
 * Later calls return the same answer.
 *
 * @example
 * const info = await initBackend();
 * console.log(info.name, info.reason); // "wasm", "wasm, because node did not load (...)"
 */
export function initBackend(): Promise<BackendInfo> {
  picked ??= pick();
  return picked;
}

/** The backend picked by {@link initBackend}, or undefined before it finished. */
export function backendInfo(): BackendInfo | undefined {
  return info;
}
