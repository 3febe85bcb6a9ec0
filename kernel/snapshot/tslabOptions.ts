/**
 * The compiler options of tslab's cell converter, for the compiler programs nnlab builds beside
 * it to parse declaration files ahead (the startup snapshot, warmTypes.ts). Imports nothing at
 * run time: the snapshot builder's loader takes only Node's builtins and sibling modules.
 */
import type * as TS from "@tslab/typescript-for-tslab";

/**
 * The compiler options tslab's converter uses (tslab/dist/converter.js), with the automatic
 * type packages narrowed to node as the kernel narrows them (nnlabModule.ts): whatever changes
 * how a file is parsed or bound must match, or the cache would never be hit.
 */
export function tslabOptions(ts: typeof TS, typeRoot: string): TS.CompilerOptions {
  return {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    declaration: true,
    newLine: ts.NewLineKind.LineFeed,
    noImplicitUseStrict: true,
    experimentalDecorators: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.React,
    typeRoots: [typeRoot],
    types: ["node"],
    allowJs: true,
    checkJs: true,
    disableTopLevelAwait: true,
    skipLibCheck: true,
  };
}
