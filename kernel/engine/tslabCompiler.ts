/**
 * The TypeScript compiler tslab's converter uses, resolved from tslab's own folder so it is the
 * very same module (the startup snapshot puts a pre-loaded copy in the module cache there).
 * Its own module, so the kernel can name the version before it loads the engine.
 */
import Module from "module";
import type * as TS from "@tslab/typescript-for-tslab";

export const ts = Module.createRequire(require.resolve("tslab/package.json"))("@tslab/typescript-for-tslab") as typeof TS;

/** The TypeScript version tslab's compiler is. */
export const typescriptVersion: string = ts.version;
