/**
 * The entry of the kernel's startup snapshot, run as
 * `node --snapshot-blob <out> --build-snapshot buildSnapshot.js <spec.json>` (see kernelSnapshot.ts).
 *
 * Why: building tslab's compiler program at kernel start parses and binds about 2.7 MB of
 * declaration files (ES2022's lib and @types/node) and takes over a second of CPU, the largest
 * part of a kernel's start. A V8 startup snapshot holds those parsed and bound files, and the
 * compiler module itself, in the heap the kernel process starts with; the compiler takes a
 * cached file whenever the file it reads has the very same text, so a changed or different
 * file is parsed as before and results never depend on the cache.
 *
 * A snapshot builder's own `require` takes Node's builtins only: this file imports nothing but
 * those and its sibling modules (./snapshotGlobals, ./tslabOptions), which the entry
 * kernelSnapshot.ts writes loads for it.
 */
import * as fs from "fs";
import Module from "module";
import * as path from "path";
import * as v8 from "v8";
import * as vm from "vm";
import type * as TS from "@tslab/typescript-for-tslab";
import { PARSED_FILES_GLOBAL, STARTED_FROM_GLOBAL } from "./snapshotGlobals";
import { tslabOptions } from "./tslabOptions";

/** What kernelSnapshot.ts asks for (written to a JSON file whose path is the builder's argument). */
export interface SnapshotSpec {
  /** The compiler tslab loads (its resolved file). */
  readonly typescriptFile: string;
  /** `@types` folders whose `node` package the kernel's compiler program may take. */
  readonly typeRoots: readonly string[];
}

/** The start of the compiler's createSourceFile, where the cache lookup goes. */
const CREATE_SOURCE_FILE =
  "function createSourceFile(fileName, sourceText, languageVersionOrOptions, setParentNodes = false, scriptKind) {";

/**
 * A cached file is taken only for the same name, the same text and the same parse settings
 * (language version and module format; tslab sets neither parent nodes nor a script kind).
 */
const CACHE_LOOKUP = `
    {
      const cached = globalThis.${PARSED_FILES_GLOBAL} && globalThis.${PARSED_FILES_GLOBAL}.get(fileName);
      if (cached !== undefined && cached.text === sourceText && !setParentNodes && scriptKind === undefined) {
        const o = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
        if (cached.languageVersion === o.languageVersion && cached.impliedNodeFormat === o.impliedNodeFormat) {
          globalThis.${PARSED_FILES_GLOBAL}.hits = (globalThis.${PARSED_FILES_GLOBAL}.hits || 0) + 1;
          return cached;
        }
      }
    }`;

/** Loads the compiler from its source with the cache lookup added to createSourceFile. */
function loadPatchedTypescript(file: string): typeof TS {
  const source = fs.readFileSync(file, "utf8");
  const parts = source.split(CREATE_SOURCE_FILE);
  if (parts.length !== 2) throw new Error(`nnlab snapshot: createSourceFile not found exactly once in ${file}`);
  const mod = { exports: {} as typeof TS };
  const wrapped = vm.runInThisContext(Module.wrap(parts[0] + CREATE_SOURCE_FILE + CACHE_LOOKUP + parts[1]), { filename: file }) as (
    ...args: unknown[]
  ) => void;
  wrapped.call(mod.exports, mod.exports, require, mod, file, path.dirname(file));
  return mod.exports;
}

/** Parses and binds the declaration files a kernel's program starts with, once per type root. */
function parseStartFiles(ts: typeof TS, typeRoots: readonly string[]): Map<string, TS.SourceFile> {
  const files = new Map<string, TS.SourceFile>();
  // Never written: the program only needs a root to start from.
  const root = path.join(path.dirname(typeRoots[0] ?? "/"), "__nnlab_snapshot__.ts");
  for (const typeRoot of typeRoots) {
    const program = ts.createProgram([root], tslabOptions(ts, typeRoot));
    program.getTypeChecker(); // binds every file, so a kernel skips that too
    for (const file of program.getSourceFiles()) if (file.isDeclarationFile) files.set(file.fileName, file);
  }
  return files;
}

function build(): void {
  const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8")) as SnapshotSpec;
  const ts = loadPatchedTypescript(spec.typescriptFile);
  const files = parseStartFiles(ts, spec.typeRoots);
  (globalThis as Record<string, unknown>)[PARSED_FILES_GLOBAL] = files;
  v8.startupSnapshot.setDeserializeMainFunction(() => startFromSnapshot(ts, spec.typescriptFile));
}

/**
 * Runs in the kernel process started from the snapshot: `node --snapshot-blob <blob> cli.js ...`
 * starts here with argv[1] = cli.js. The patched compiler stands in for tslab's when tslab
 * would load the very same file; otherwise the cache is dropped and tslab loads its own.
 */
function startFromSnapshot(ts: typeof TS, typescriptFile: string): void {
  // A snapshot drops Error.stackTraceLimit and Node has not put it back when this runs: without
  // it no error gets a stack. TypeScript raises it to 100 when it loads, so a kernel has 100.
  if (!(typeof Error.stackTraceLimit === "number" && Error.stackTraceLimit >= 100)) Error.stackTraceLimit = 100;
  const cli = path.resolve(process.argv[1]);
  process.argv[1] = cli;
  // A child process a cell forks inherits execArgv: it must start as plain Node, not from this blob.
  const flag = process.execArgv.indexOf("--snapshot-blob");
  if (flag >= 0) (globalThis as Record<string, unknown>)[STARTED_FROM_GLOBAL] = process.execArgv.splice(flag, 2)[1];
  const requireFromCli = Module.createRequire(cli);
  let resolved: string | undefined;
  try {
    resolved = fs.realpathSync(Module.createRequire(requireFromCli.resolve("tslab/package.json")).resolve("@tslab/typescript-for-tslab"));
  } catch {
    resolved = undefined;
  }
  if (resolved === typescriptFile) {
    const M = Module as unknown as { _cache: Record<string, unknown>; _nodeModulePaths: (dir: string) => string[] };
    const mod = new Module(resolved);
    mod.filename = resolved;
    mod.loaded = true;
    mod.exports = ts;
    mod.paths = M._nodeModulePaths(path.dirname(resolved));
    M._cache[resolved] = mod;
    // The compiler's sys remembers the first working directory it was asked for: the builder's.
    let cwd: string | undefined;
    ts.sys.getCurrentDirectory = () => (cwd ??= process.cwd());
  } else {
    delete (globalThis as Record<string, unknown>)[PARSED_FILES_GLOBAL];
  }
  (requireFromCli(cli) as { runCli: (argv: string[]) => void }).runCli(process.argv.slice(2));
}

// Only the snapshot builder runs it; elsewhere (tsc, a test reading its types) it does nothing.
if (v8.startupSnapshot.isBuildingSnapshot()) build();
