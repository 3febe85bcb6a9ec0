/**
 * nnlab's API as a list: the names "nnlab" exports and the names "nnlab/hooks" exports, each
 * written out here, so any change to either is a visible diff in this file. Plus the rules
 * around them: every name a lesson imports from "nnlab" is exported (types included), the
 * package's "exports" map points at both entry points, and only kernel/ imports the hooks.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the runtime names are the point, so load the module as a script would
const runtimeNames = (file: string): string[] => Object.keys(require(file) as object).sort();

/** Every name a module exports, types included, as the compiler sees it. */
function declaredNames(file: string): Set<string> {
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return new Set(checker.getExportsOfModule(symbol).map((s) => s.name));
}

function filesUnder(dir: string, ext: RegExp): string[] {
  if (!fs.existsSync(path.join(ROOT, dir))) return [];
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === "node_modules" ? [] : filesUnder(rel, ext);
    return ext.test(e.name) ? [rel] : [];
  });
}

describe('"nnlab", the public face', () => {
  test("exports exactly these values, grouped in lib/index.ts as a learner meets them", () => {
    expect(runtimeNames("../../lib")).toEqual([
      "AdaGrad",
      "Adam",
      "AddLayer",
      "Affine",
      "BaseOptimizer",
      "BatchNormalization",
      "Concat",
      "Convolution",
      "DataFileError",
      "DeepConvNet",
      "Dropout",
      "EXERCISE_MIME",
      "Eltwise",
      "FASHION_MNIST_CLASS_NAMES",
      "Flatten",
      "GradientCheckReport",
      "GraphNet",
      "History",
      "InterruptedError",
      "LessonCheckError",
      "MNIST_CLASS_NAMES",
      "Momentum",
      "MulLayer",
      "MultiLayerNet",
      "Nesterov",
      "NonFiniteLossError",
      "ParallelNet",
      "ParamsMismatchError",
      "Pooling",
      "PrototxtSyntaxError",
      "RMSprop",
      "Relu",
      "Rng",
      "SCHEMA_LAYER_TYPES",
      "SGD",
      "Sequential",
      "ShapeError",
      "Sigmoid",
      "SimpleConvNet",
      "SoftmaxWithLoss",
      "Tanh",
      "Trainer",
      "TwoLayerNet",
      "accuracy",
      "activationHistograms",
      "appleGraph",
      "augmentDataset",
      "backendInfo",
      "batchTensors",
      "check",
      "clearIdxCache",
      "clearOutput",
      "col2im",
      "computationalGraph",
      "confusionMatrix",
      "confusionMatrixFigure",
      "convOutputSize",
      "convolutionStepper",
      "copyMatchingParams",
      "createOptimizer",
      "crossEntropyError",
      "cutout",
      "defineGrader",
      "diagnoseNumber",
      "diagnoseTensor",
      "display",
      "elasticDistortion",
      "exercise",
      "exerciseIds",
      "featureMaps",
      "filterGrid",
      "flipHorizontal",
      "float16Bits",
      "gaussianNoise",
      "gradeExercise",
      "gradientCheck",
      "gradientCheckReport",
      "gradientNorms",
      "he",
      "heatmap",
      "im2col",
      "imageGrid",
      "initBackend",
      "isQuick",
      "learningRateAt",
      "lineChart",
      "loadFashionMnist",
      "loadMnist",
      "loadParams",
      "makeDataset",
      "netComplexity",
      "netFromSchema",
      "netSummary",
      "normalStd",
      "numericalGradient",
      "parsePrototxt",
      "parseSolver",
      "predictClasses",
      "profileLayers",
      "quickOr",
      "randomCrop",
      "readParamsFile",
      "registerGrader",
      "rotate",
      "roundToFloat16",
      "saveParams",
      "scale",
      "scatter",
      "setSeed",
      "shift",
      "show",
      "sigmoid",
      "snapshotFiles",
      "softmax",
      "solve",
      "solverOptimizer",
      "subset",
      "svmLoss",
      "take",
      "tensorMemory",
      "tf",
      "tfjsDeepConvNet",
      "throwIfInterrupted",
      "toMimeBundle",
      "trainingCurves",
      "watchInterrupts",
      "weightInit",
      "xavier",
      "zeros",
    ]);
  });

  test("every name a lesson imports from nnlab is exported, types included", () => {
    const exported = declaredNames(path.join(ROOT, "lib/index.ts"));
    const notebooks = filesUnder("notebooks", /\.ipynb$/);
    expect(notebooks.length).toBeGreaterThan(0);
    const missing: string[] = [];
    let imported = 0;
    for (const file of notebooks) {
      const nb = JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as {
        cells: { cell_type: string; source: string[] | string }[];
      };
      const code = nb.cells
        .filter((c) => c.cell_type === "code")
        .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source))
        .join("\n");
      for (const m of code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*"nnlab"/g)) {
        for (const spec of m[1].split(",")) {
          const name = spec
            .trim()
            .replace(/^type\s+/, "")
            .split(/\s+as\s+/)[0];
          if (name === "") continue;
          imported++;
          if (!exported.has(name)) missing.push(`${file} imports ${name}`);
        }
      }
    }
    expect(imported).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  test("every name a folder's index exports is public or listed here as internal, so a new export is a decision", () => {
    const publicNames = new Set(runtimeNames("../../lib"));
    const internal: string[] = [];
    for (const dir of fs.readdirSync(path.join(ROOT, "lib")).sort()) {
      if (!fs.existsSync(path.join(ROOT, "lib", dir, "index.ts"))) continue;
      for (const name of runtimeNames(`../../lib/${dir}`)) if (!publicNames.has(name)) internal.push(`${dir}: ${name}`);
    }
    expect(internal.sort()).toEqual([
      "conv: registerWasmConvGradients",
      "data: FASHION_MNIST_SYSTEM_DIR",
      "data: IDX_IMAGES_MAGIC",
      "data: IDX_LABELS_MAGIC",
      "data: fashionMnistDir",
      "data: mnistDataDir",
      "data: parseIdx",
      "data: readIdx",
      "display: clearInterrupt", // the hooks
      "display: displayHost",
      "display: figureBundle",
      "display: isDisplayable",
      "display: mimeBundle",
      "display: plotlyHtml",
      "display: requestInterrupt",
      "display: resetPlotlyInlining",
      "display: setDisplayHost",
      "display: tableHtml",
      "display: tableText",
      "display: tensorBundle",
      "functions: CROSS_ENTROPY_DELTA",
      "layers: toVariable",
      "lesson: NUMERIC_TOLERANCE", // helpers for graders, imported from lib/lesson
      "lesson: allClose",
      "lesson: dotWith",
      "lesson: exerciseBundle",
      "lesson: firstMismatch",
      "lesson: graderFor",
      "lesson: numericalGradientOf",
      "lesson: sampleTensor",
      "lesson: unravelIndex",
      "nets: NET_SPEC_NAMES",
      "nets: buildNet",
      "nets: layerNamer",
      "optimizers: checkUpdateArgs",
      "options: checkOptions",
      "options: nearestName",
      "options: optionKeys",
      "params: PARAMS_FORMAT",
      "params: PARAMS_MAGIC",
      "params: PARAMS_VERSION",
      "platform: notAvailable",
      "platform: platform",
      "random: defaultRng",
      "tslab: isBrowser", // the kernel's "tslab" module, its own entry
      "tslab: isNode",
      "tslab: newDisplay",
      "tslab: versions",
      "viz: PALETTE",
      "viz: isFigure",
    ]);
  });

  test("internals stay internal: no kernel hook and no helper of the library's own", () => {
    const names = new Set(runtimeNames("../../lib"));
    for (const internal of [
      "requestInterrupt",
      "clearInterrupt",
      "setDisplayHost",
      "displayHost",
      "resetPlotlyInlining",
      "toVariable",
      "registerWasmConvGradients",
      "layerNamer",
      "formatShape",
    ]) {
      expect({ internal, exported: names.has(internal) }).toEqual({ internal, exported: false });
    }
  });
});

describe('"nnlab/hooks", the kernel\'s entry point', () => {
  test("exports exactly the display host and interrupt hooks, and the live worker's platform and site files", () => {
    expect(runtimeNames("../../lib/hooks")).toEqual([
      "clearInterrupt",
      "displayHost",
      "mimeBundle",
      "platform",
      "requestInterrupt",
      "resetPlotlyInlining",
      "setDisplayHost",
      "siteFiles",
      "stopLayersFitOnInterrupt",
    ]);
  });

  test("package.json maps the three entry points (nnlab, nnlab/hooks, nnlab/host), with types, and keeps main/types", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
    expect(pkg.main).toBe("dist/lib/index.js");
    expect(pkg.types).toBe("dist/lib/index.d.ts");
    expect(pkg.exports).toMatchObject({
      ".": { types: "./dist/lib/index.d.ts", default: "./dist/lib/index.js" },
      "./hooks": { types: "./dist/lib/hooks.d.ts", default: "./dist/lib/hooks.js" },
      "./host": { types: "./dist/lib/host.d.ts", default: "./dist/lib/host.js" },
    });
  });

  test("an installed nnlab resolves its entry points through the exports map (needs npm run build)", () => {
    // A project elsewhere on disk with nnlab in its node_modules, as npm would install it.
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-exports-"));
    try {
      fs.mkdirSync(path.join(project, "node_modules"));
      fs.symlinkSync(ROOT, path.join(project, "node_modules", "nnlab"), "dir");
      // The light entry goes first: loading it must load no TensorFlow.js.
      const script = `const host = require("nnlab/host");
        const tfLoaded = Object.keys(require.cache).some((k) => k.includes("@tensorflow"));
        const api = require("nnlab"), hooks = require("nnlab/hooks");
        console.log(JSON.stringify([require.resolve("nnlab"), require.resolve("nnlab/hooks"), require.resolve("nnlab/host"), typeof api.loadMnist, typeof hooks.setDisplayHost, typeof host.plainMimeBundle, tfLoaded, "setDisplayHost" in api]));`;
      const out = execFileSync(process.execPath, ["-e", script], {
        cwd: project,
        encoding: "utf8",
        env: { ...process.env, NNLAB_QUIET_BACKEND: "1" },
      });
      expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual([
        path.join(ROOT, "dist/lib/index.js"),
        path.join(ROOT, "dist/lib/hooks.js"),
        path.join(ROOT, "dist/lib/host.js"),
        "function",
        "function",
        "function",
        false,
        false,
      ]);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  test("no file outside kernel/ and test/ imports the hooks", () => {
    const importsHooks = /(?:from\s*|require\s*\(\s*|import\s*\(\s*)["'](?:[./]*lib\/hooks|nnlab\/hooks|(?:\.\.?\/)+hooks)["']/;
    const offenders = ["lib", "bench", "notebooks"]
      .flatMap((dir) => filesUnder(dir, /\.(ts|js|ipynb)$/))
      .filter((file) => importsHooks.test(fs.readFileSync(path.join(ROOT, file), "utf8").replace(/\\"/g, '"')));
    expect(offenders).toEqual([]);
    // The check can see an import: the kernel's own (loaded on first use) is one.
    expect(importsHooks.test(fs.readFileSync(path.join(ROOT, "kernel/engine/library.ts"), "utf8"))).toBe(true);
  });
});
