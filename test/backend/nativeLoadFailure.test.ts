import { createRequire } from "node:module";
import { backendInfo, initBackend } from "../../lib/backend";
import { nativeLoadFailure } from "../../lib/platform/node";

/** The error Node gives for requiring @tensorflow/tfjs-node here, or undefined where it loads. */
function tfjsNodeError(): unknown {
  try {
    createRequire(__filename)("@tensorflow/tfjs-node");
    return undefined;
  } catch (e) {
    return e;
  }
}

describe("why tfjs-node did not load", () => {
  const error = tfjsNodeError();
  const missing = (error as { code?: string } | undefined)?.code === "MODULE_NOT_FOUND";

  (missing && !process.env.NNLAB_BACKEND ? it : it.skip)(
    "backendInfo().reason says 'not installed' and what to run (a machine where npm dropped the package)",
    async () => {
      await initBackend();
      const reason = backendInfo()?.reason ?? "";
      expect(reason).toContain("node did not load (not installed (npm drops this optional package");
      expect(reason).toContain("with network access: npm install @tensorflow/tfjs-node)");
      expect(reason).not.toContain("Require stack");
    },
  );

  it("turns Node's 'Cannot find module' for the package into 'not installed' with the command", () => {
    const e = Object.assign(new Error("Cannot find module '@tensorflow/tfjs-node'\nRequire stack:\n- /x/node.js"), {
      code: "MODULE_NOT_FOUND",
    });
    expect(nativeLoadFailure(e)).toBe(
      "not installed (npm drops this optional package when its install cannot download libtensorflow; with network access: npm install @tensorflow/tfjs-node)",
    );
  });

  it("keeps the first line of any other load error (a missing native addon is not 'not installed')", () => {
    const e = Object.assign(new Error("Cannot find module '/x/tfjs-node/lib/napi-v8/tfjs_binding.node'\nRequire stack:\n- a"), {
      code: "MODULE_NOT_FOUND",
    });
    expect(nativeLoadFailure(e)).toBe("Cannot find module '/x/tfjs-node/lib/napi-v8/tfjs_binding.node'");
    expect(nativeLoadFailure(new Error("libtensorflow.so.2: cannot open shared object file\nmore"))).toBe(
      "libtensorflow.so.2: cannot open shared object file",
    );
  });
});
