/**
 * nnlab's library and TensorFlow.js in the kernel, loaded on first use instead of at start.
 *
 * Why: loading them (nnlab's ~120 modules and 7 MB of TF.js) and starting the backend takes a
 * third of a second, about as long as the rest of a kernel's start after Node itself. A cell
 * that loads no module (`1 + 1`, a function, a type) does not need them. So the kernel is ready
 * without them; a cell whose compiled code can load a module (`require(` or `import(` anywhere
 * in it, which every import compiles to) waits for them before any of its code runs; and the
 * kernel loads them by itself once it has been idle for a moment, so a learner's first import
 * seldom waits. Values can still be shown before: without TF.js there is no tensor or figure.
 */
import { AsyncLocalStorage } from "async_hooks";
import type { BackendInfo } from "../../lib";
import type { MimeBundle } from "../../lib/host";

/** What the kernel uses of the loaded library. */
export interface LoadedLibrary {
  /** The backend picked, and why. */
  readonly backend: BackendInfo;
  /** nnlab's full renderer (tensors and figures included). */
  readonly mimeBundle: (value: unknown) => MimeBundle;
}

/**
 * Whether compiled cell code can load a module: then the library must be there before it runs.
 *
 * @example
 * mayLoadModules('const nn = require("nnlab");'); // true
 * mayLoadModules("exports.x = 1 + 1;"); // false
 */
export function mayLoadModules(compiled: string): boolean {
  return /\b(?:require|import)\s*\(/.test(compiled);
}

/** Loads the library once, on demand; tells those who asked when it has. */
export class KernelLibrary {
  private loading: Promise<LoadedLibrary> | undefined;
  private done: LoadedLibrary | undefined;
  private readonly loadContext = new AsyncLocalStorage<true>();
  private readonly loadHooks: Array<(loaded: LoadedLibrary) => void | Promise<void>> = [];

  /** The library, once loaded. */
  get loaded(): LoadedLibrary | undefined {
    return this.done;
  }

  /**
   * True in the load's own code, synchronous or in its async continuations: what TF.js and the
   * backend print there belongs to the kernel's log, not to a cell (one may run meanwhile).
   */
  get inLoad(): boolean {
    return this.loadContext.getStore() === true;
  }

  /** Runs `hook` once the library is loaded, before {@link load} resolves. */
  onLoad(hook: (loaded: LoadedLibrary) => void | Promise<void>): void {
    this.loadHooks.push(hook);
  }

  /** Loads the library and picks the backend, once; a failure stays the answer (it would fail again). */
  load(): Promise<LoadedLibrary> {
    this.loading ??= this.loadContext
      .run(true, () => this.loadOnce())
      .finally(() => {
        // Tracking async contexts puts a hook on every promise; nothing needs it after the load.
        this.loadContext.disable();
      });
    return this.loading;
  }

  private async loadOnce(): Promise<LoadedLibrary> {
    const lib = await import("../../lib");
    const hooks = await import("../../lib/hooks");
    const backend = await lib.initBackend();
    hooks.stopLayersFitOnInterrupt();
    const loaded: LoadedLibrary = { backend, mimeBundle: hooks.mimeBundle };
    for (const hook of this.loadHooks) await hook(loaded);
    this.done = loaded;
    return loaded;
  }
}
