import * as path from "path";
import { mapModulePath, packageRoot, tslabModuleDir } from "../../kernel/engine/nnlabModule";

const root = packageRoot();
const tfjsDir = path.dirname(require.resolve("@tensorflow/tfjs/package.json", { paths: [root] }));

describe("mapModulePath (what a cell's imports see for types)", () => {
  test("maps a folder's own @tensorflow/tfjs and its parts to nnlab's copy", () => {
    expect(mapModulePath("/home/me/project/node_modules/@tensorflow/tfjs/package.json", root)).toBe(path.join(tfjsDir, "package.json"));
    const core = mapModulePath("/home/me/project/node_modules/@tensorflow/tfjs-core/dist/index.d.ts", root);
    expect(core).toBe(path.join(path.dirname(require.resolve("@tensorflow/tfjs-core/package.json")), "dist/index.d.ts"));
  });

  test("leaves other @tensorflow packages and other modules alone", () => {
    expect(mapModulePath("/p/node_modules/@tensorflow/tfjs-node/package.json", root)).toBe(
      "/p/node_modules/@tensorflow/tfjs-node/package.json",
    );
    expect(mapModulePath("/p/node_modules/lodash/index.d.ts", root)).toBe("/p/node_modules/lodash/index.d.ts");
  });

  test("maps node_modules/tslab to nnlab's tslab module, but not tslab's own dependencies", () => {
    expect(mapModulePath("/p/node_modules/tslab/index.d.ts", root, "/nnlab/lib/tslab")).toBe("/nnlab/lib/tslab/index.d.ts");
    expect(mapModulePath("/p/node_modules/tslab", root, "/nnlab/lib/tslab")).toBe("/nnlab/lib/tslab");
    expect(mapModulePath("/p/node_modules/tslab/node_modules/@types/node/index.d.ts", root, "/nnlab/lib/tslab")).toBe(
      "/p/node_modules/tslab/node_modules/@types/node/index.d.ts",
    );
    expect(mapModulePath("/p/node_modules/tslabx/index.d.ts", root, "/nnlab/lib/tslab")).toBe("/p/node_modules/tslabx/index.d.ts");
  });

  test("still maps node_modules/nnlab to this package", () => {
    expect(mapModulePath("/p/node_modules/nnlab/package.json", root)).toBe(path.join(root, "package.json"));
  });

  test("nnlab's tslab module is where the resolver points", () => {
    expect(require.resolve(tslabModuleDir())).toMatch(/lib[\\/]tslab[\\/]index\.(ts|js)$/);
  });
});
