import * as tf from "@tensorflow/tfjs-core";
import type { Layer } from "../../lib/layers/layer";
import { Convolution, Pooling } from "../../lib/layers";
import { gradientCheckReport, netSummary } from "../../lib/viz";

/**
 * A fully connected layer's outside (W [in, out], b [out], flattening its input), enough for
 * netSummary, which only reads params and outputShape. lib/layers' Affine replaces it once merged.
 */
function affineLike(name: string, inSize: number, outSize: number): Pick<Layer, "name" | "params" | "outputShape"> {
  return {
    name,
    params: { W: tf.variable(tf.zeros([inSize, outSize])), b: tf.variable(tf.zeros([outSize])) },
    outputShape: (s: readonly number[]) => [s[0], outSize],
  };
}

describe("netSummary", () => {
  it("lists output shape, params, FLOPs (2 x MACs) and activation bytes per layer, with totals", () => {
    const conv = new Convolution(tf.zeros([4, 1, 3, 3]), tf.zeros([4]), { pad: 1, name: "Conv1" });
    const pool = new Pooling({ poolH: 2, poolW: 2, stride: 2, name: "Pool1" });
    const fig = netSummary({ name: "Tiny", inputShape: [1, 8, 8], layers: [conv, pool, affineLike("Affine1", 64, 10)] });
    expect(fig.kind).toBe("table");
    expect(fig.columns).toEqual(["Layer", "Type", "Output shape (per sample)", "Params", "FLOPs (2 x MACs)", "Activation memory"]);
    // Conv: 2*OH*OW*FN*C*FH*FW = 2*8*8*4*1*3*3 = 4608; Affine: 2*64*10 = 1280.
    expect(fig.rows).toEqual([
      ["input", "", "[1, 8, 8]", "0", "", "256 B"],
      ["Conv1", "Convolution", "[4, 8, 8]", "40", "4,608", "1.0 KB"],
      ["Pool1", "Pooling", "[4, 4, 4]", "0", "", "256 B"],
      ["Affine1", "Object", "[10]", "650", "1,280", "40 B"],
      ["total", "", "", "690", "5,888", "1.3 KB"],
    ]);
    expect(fig.rowClasses![4]).toBe("total");
    expect(fig.title).toMatch(/^Tiny: 690 parameters, 0.01 MFLOPs per sample \(FLOPs = 2 x multiply-adds/);
    conv.dispose();
    tf.disposeVariables();
  });

  it("names the layer whose input does not fit", () => {
    const conv = new Convolution(tf.zeros([4, 3, 3, 3]), tf.zeros([4]), { name: "Conv1" });
    expect(() => netSummary({ inputShape: [1, 8, 8], layers: [conv] })).toThrow(
      /netSummary at layer 0 "Conv1": its input must be a shape it accepts/,
    );
    expect(() => netSummary({} as never)).toThrow(/netSummary: net must have layers \(an array\) and inputShape/);
    tf.disposeVariables();
  });
});

describe("gradientCheckReport", () => {
  const report = {
    params: {
      "Affine1.W": { relativeError: 3.2e-9, maxAbsDiff: 1.1e-7, pass: true },
      "Affine1.b": { relativeError: 0.21, maxAbsDiff: 0.05, pass: false },
    },
    tolerance: 1e-6,
    pass: false,
  };

  it("tabulates every parameter with pass/fail row classes and an overall verdict", () => {
    const fig = gradientCheckReport(report);
    expect(fig.kind).toBe("table");
    expect(fig.columns).toEqual(["Parameter", "Relative error", "Max |analytic - numerical|", "Tolerance", "Result"]);
    expect(fig.rows).toEqual([
      ["Affine1.W", "3.2e-9", "1.1e-7", "1e-6", "pass"],
      ["Affine1.b", "0.21", "0.05", "1e-6", "FAIL"],
    ]);
    expect(fig.rowClasses).toEqual(["pass", "fail"]);
    expect(fig.title).toBe("Gradient check FAILED for 1 of 2 parameters: Affine1.b");
    const ok = gradientCheckReport({ ...report, params: { "Affine1.W": report.params["Affine1.W"] }, pass: true });
    expect(ok.title).toBe("Gradient check passed: all 1 parameters within relative error 1e-6");
  });

  it("rejects reports of the wrong shape", () => {
    expect(() => gradientCheckReport({} as never)).toThrow(/gradientCheckReport: report must be \{ params/);
    expect(() => gradientCheckReport({ ...report, tolerance: 0 })).toThrow(/report.tolerance must be a number > 0, got number 0/);
    expect(() => gradientCheckReport({ ...report, params: { a: { relativeError: 1 } as never } })).toThrow(
      /report.params\["a"\] must be \{ relativeError/,
    );
  });
});
