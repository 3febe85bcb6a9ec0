/**
 * Parses and binds, ahead, the declaration files a learner's first `import ... from "nnlab"`
 * needs (nnlab's and TF.js's, about 750 files), into the startup snapshot's cache of parsed
 * files (buildSnapshot.ts), so that cell compiles in a fraction of the time.
 *
 * Why: the first cell that imports nnlab makes the compiler read, parse and bind those files,
 * well over a second, where a kernel from the snapshot is ready in under one. They do not go in
 * the snapshot itself: a larger blob slows every kernel's start (Node reads all of it). So the
 * kernel does this once, when it has been idle after loading the library (kernelMain.ts). The
 * snapshot's rule keeps it safe: the compiler takes a cached file only for the same name and the
 * very same text, parsed with the same settings; any other file is parsed as before.
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "@tslab/typescript-for-tslab";
import { ts } from "../engine/tslabCompiler";
import { parsedFiles } from "./snapshotGlobals";
import { tslabOptions } from "./tslabOptions";

/** What a lesson's first cell imports. */
const FIRST_IMPORTS = 'import * as nn from "nnlab";\nimport * as tf from "@tensorflow/tfjs";\nexport const modules = [nn, tf];\n';

/** The @types folder tslab's converter takes for `cwd`: the first with Node's types, else tslab's own. */
function typeRootFor(cwd: string): string {
  const roots = ts.getDefaultTypeRoots(cwd, ts.sys) ?? [];
  const withNode = roots.find((root) => fs.existsSync(path.join(root, "node", "package.json")));
  return withNode ?? path.join(path.dirname(require.resolve("tslab/package.json")), "node_modules", "@types");
}

/**
 * Adds nnlab's and TF.js's parsed declaration files to the cache, as a cell in `cwd` would
 * resolve them; returns how many it added, or undefined when there is no cache (the kernel did
 * not start from the snapshot, or not with the compiler it was built for).
 *
 * @example
 * warmLibraryTypes(process.cwd()); // 746
 */
export function warmLibraryTypes(cwd: string): number | undefined {
  const cache = parsedFiles<TS.SourceFile>();
  if (cache === undefined) return undefined;
  const options = tslabOptions(ts, typeRootFor(cwd));
  // Never written: the program only needs a root that imports what a first cell does.
  const root = path.join(cwd, "[nnlab first imports].ts");
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName === root ? ts.createSourceFile(fileName, FIRST_IMPORTS, languageVersion) : read(fileName, languageVersion, ...rest);
  // As tslab's converter does: a notebook's folder has a node_modules, if only a pretended one,
  // where nnlab's patched sys finds nnlab and TF.js (nnlabModule.ts). The files then get the
  // names a cell's import gives them.
  const modulesDir = path.join(cwd, "node_modules");
  host.directoryExists = (dir) => ts.sys.directoryExists(dir) || path.resolve(dir) === modulesDir;
  const program = ts.createProgram([root], options, host);
  program.getTypeChecker(); // binds every file, as the snapshot's are
  let added = 0;
  for (const file of program.getSourceFiles()) {
    if (!file.isDeclarationFile || cache.has(file.fileName)) continue;
    cache.set(file.fileName, file);
    added++;
  }
  return added;
}
