/**
 * The platform seam, proven the hard way: esbuild bundles lib/index.ts for the browser (no Node
 * polyfills, nothing marked external), which only succeeds when nothing reachable imports a Node
 * builtin; and a scan of lib/ finds no Node import, `process.`, or other Node global outside
 * the seam's Node side (lib/platform/node.ts).
 */
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import * as esbuild from "esbuild";

const ROOT = path.resolve(__dirname, "../..");
const NODE_SIDE = "lib/platform/node.ts";

/**
 * esbuild's browser build of lib/index.ts, in memory; the metafile lists every input it bundled.
 * `plugins` can change how imports resolve (the control test puts the Node side back).
 */
function bundleForBrowser(plugins: esbuild.Plugin[] = []): Promise<esbuild.BuildResult<{ write: false; metafile: true }>> {
  return esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ["lib/index.ts"],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    outdir: "out",
    logLevel: "silent",
    plugins,
  });
}

function libFiles(dir = "lib"): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return libFiles(rel);
    return e.name.endsWith(".ts") ? [rel] : [];
  });
}

describe("lib/ bundled for the browser", () => {
  test("lib/index.ts bundles with the seam's browser side, without tfjs-node, pngjs or the Node side", async () => {
    const result = await bundleForBrowser();
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain("lib/platform/browser.ts");
    expect(inputs).not.toContain(NODE_SIDE);
    expect(inputs.filter((f) => /node_modules\/(@tensorflow\/tfjs-node|pngjs)\//.test(f))).toEqual([]);
    // The wasm backend's browser build comes along (the Node side would have required its .node.js).
    expect(inputs.some((f) => f.startsWith("node_modules/@tensorflow/tfjs-backend-wasm/"))).toBe(true);
  });

  test("the same build fails with the seam's Node side in place of its browser side: no Node polyfills", async () => {
    // The control that makes the test above mean something: resolve lib/platform's "./node"
    // to the Node side itself (bypassing package.json's "browser" map), and its imports of
    // "fs", "zlib", "worker_threads", ... are errors, not silently emptied modules.
    const nodeSide: esbuild.Plugin = {
      name: "node-side",
      setup(build) {
        build.onResolve({ filter: /^\.\/node$/ }, (args) =>
          args.importer.endsWith(path.join("lib", "platform", "index.ts")) ? { path: path.join(ROOT, NODE_SIDE) } : undefined,
        );
      },
    };
    const failure = await bundleForBrowser([nodeSide]).then(
      () => "the build succeeded",
      (e: esbuild.BuildFailure) => e.errors.map((m) => `${m.location?.file}: ${m.text}`).join("\n"),
    );
    for (const builtin of ["crypto", "fs", "path", "util", "worker_threads", "zlib"]) {
      expect(failure).toContain(`${NODE_SIDE}: Could not resolve "${builtin}"`);
    }
  });
});

describe("no Node outside the seam", () => {
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/g;
  // Node globals a browser lacks; each has a counterpart on the platform object.
  const GLOBALS = /\bprocess\.|\b__dirname\b|\b__filename\b|\brequire\s*[.(]|\bBuffer\b|\bsetImmediate\b|\bNodeJS\./;

  test("the Node side is the only file in lib/ that imports a Node builtin or uses Node globals", () => {
    const files = libFiles().filter((f) => f !== NODE_SIDE);
    expect(files.length).toBeGreaterThan(50);
    const offences: string[] = [];
    for (const file of files) {
      fs.readFileSync(path.join(ROOT, file), "utf8")
        .split("\n")
        .forEach((line, i) => {
          for (const m of line.matchAll(IMPORT)) if (builtins.has(m[1])) offences.push(`${file}:${i + 1} imports "${m[1]}"`);
          const global = GLOBALS.exec(line);
          if (global) offences.push(`${file}:${i + 1} uses ${global[0]} (go through lib/platform instead)`);
        });
    }
    expect(offences).toEqual([]);
  });

  test("the scan sees what it looks for: the Node side itself is full of it", () => {
    const text = fs.readFileSync(path.join(ROOT, NODE_SIDE), "utf8");
    expect([...text.matchAll(IMPORT)].map((m) => m[1]).filter((m) => builtins.has(m))).toEqual(
      expect.arrayContaining(["crypto", "fs", "path", "util", "worker_threads", "zlib"]),
    );
    expect(GLOBALS.test(text)).toBe(true);
  });
});
