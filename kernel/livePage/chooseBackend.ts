/**
 * Which TensorFlow.js backend a live page's worker runs on. Without a page switch: WebGPU where
 * the browser has `navigator.gpu` and an adapter, else WebGL where an OffscreenCanvas gives a
 * WebGL2 context drawn by a GPU (not a software renderer such as SwiftShader), else wasm. `?backend=webgpu|webgl|wasm|cpu` forces one; a forced WebGPU that
 * the browser lacks fails with a message the page shows, instead of running on something else.
 */

/** The backend a worker should set, and why, in a sentence the page shows. */
export interface BackendChoice {
  readonly name: "webgpu" | "webgl" | "wasm" | "cpu";
  readonly reason: string;
}

const FORCIBLE = ["webgpu", "webgl", "wasm", "cpu"] as const;

interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<unknown> };
}

/** Why WebGPU cannot run here, or undefined when it can. */
async function webgpuMissing(): Promise<string | undefined> {
  const gpu = (navigator as unknown as GpuNavigator).gpu;
  if (gpu === undefined) return "this browser has no WebGPU (navigator.gpu is missing)";
  try {
    if ((await gpu.requestAdapter()) === null) return "this browser has WebGPU but no GPU adapter for it";
  } catch (e) {
    return `navigator.gpu.requestAdapter() failed: ${(e as Error).message}`;
  }
  return undefined;
}

// Renderers that draw WebGL on the CPU: there TF.js's WebGL backend ran lessons 01 and 02 five to
// seven times slower than wasm (README, live section), so the automatic choice skips them.
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software/i;

/** Why WebGL should not be chosen on its own here, or undefined when it should. */
function webglMissing(): string | undefined {
  let gl: WebGL2RenderingContext | null;
  try {
    gl = new OffscreenCanvas(1, 1).getContext("webgl2");
  } catch {
    return "no OffscreenCanvas WebGL";
  }
  if (gl === null) return "no WebGL2 context";
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  const renderer = info === null ? "" : String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL));
  gl.getExtension("WEBGL_lose_context")?.loseContext();
  return SOFTWARE_RENDERER.test(renderer) ? `its WebGL is drawn in software (${renderer}), slower than wasm` : undefined;
}

/**
 * Chooses the worker's backend from the page's `?backend=` switch ("auto" when absent).
 *
 * @example
 * const { name, reason } = await chooseBackend("auto"); // "webgl", "WebGL, because this browser has no WebGPU (...)"
 */
export async function chooseBackend(asked: string): Promise<BackendChoice> {
  if (asked !== "auto") {
    if (!(FORCIBLE as readonly string[]).includes(asked)) {
      throw new RangeError(`?backend= must be one of ${FORCIBLE.join(", ")}, got "${asked}"`);
    }
    if (asked === "webgpu") {
      const missing = await webgpuMissing();
      if (missing !== undefined) {
        throw new Error(
          `?backend=webgpu was asked for, but ${missing}; open the page with ?backend=webgl or ?backend=wasm, or without ?backend`,
        );
      }
    }
    return { name: asked as BackendChoice["name"], reason: `forced by ?backend=${asked}` };
  }
  const noGpu = await webgpuMissing();
  if (noGpu === undefined) return { name: "webgpu", reason: "WebGPU, the browser has an adapter" };
  const noGl = webglMissing();
  if (noGl === undefined) return { name: "webgl", reason: `WebGL, because ${noGpu}` };
  return { name: "wasm", reason: `wasm, because ${noGpu}, and ${noGl}` };
}
