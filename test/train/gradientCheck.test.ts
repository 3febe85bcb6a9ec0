import * as tf from "@tensorflow/tfjs-core";
import { toMimeBundle } from "../../lib/host";
import { Affine } from "../../lib/layers/affine";
import { Relu } from "../../lib/layers/relu";
import { SoftmaxWithLoss } from "../../lib/layers/softmaxWithLoss";
import { Sequential } from "../../lib/nets/sequential";
import { gradientCheck } from "../../lib/train/gradientCheck";
import { gradientCheckReport } from "../../lib/viz/gradientCheckReport";
import { seededArray } from "../helpers/numericalGradient";

/** An Affine whose backward forgets to sum db over the batch: the kind of bug a check must catch. */
class WrongBiasAffine extends Affine {
  override backward(dout: tf.Tensor): tf.Tensor {
    const dx = super.backward(dout);
    const g = this.grads as { W: tf.Tensor; b: tf.Tensor };
    const wrong = tf.tidy(() => tf.mul(g.b, 0.5)); // should be sum over N, is half of it
    g.b.dispose();
    g.b = wrong;
    return dx;
  }
}

/** An Affine whose dW is transposed-and-back through the wrong operand order (x^T dout scaled). */
class WrongWeightAffine extends Affine {
  override backward(dout: tf.Tensor): tf.Tensor {
    const dx = super.backward(dout);
    const g = this.grads as { W: tf.Tensor; b: tf.Tensor };
    const wrong = tf.tidy(() => tf.add(g.W, tf.mul(tf.sign(g.W), tf.abs(g.W).max().mul(0.3))));
    g.W.dispose();
    g.W = wrong;
    return dx;
  }
}

function make(A: typeof Affine, B: typeof Affine = Affine): Sequential {
  const W1 = tf.tensor2d(Float32Array.from(seededArray(6 * 8, 11, -0.5, 0.5)), [6, 8]);
  const b1 = tf.tensor1d(Float32Array.from(seededArray(8, 12, -0.1, 0.1)));
  const W2 = tf.tensor2d(Float32Array.from(seededArray(8 * 4, 13, -0.5, 0.5)), [8, 4]);
  const b2 = tf.tensor1d(Float32Array.from(seededArray(4, 14, -0.1, 0.1)));
  const net = new Sequential([new A(W1, b1, "Affine1"), new Relu("Relu1"), new B(W2, b2, "Affine2")], new SoftmaxWithLoss(), {
    name: "Checked",
    inputShape: [6],
  });
  tf.dispose([W1, b1, W2, b2]);
  return net;
}

const data = () => ({
  x: tf.tensor2d(Float32Array.from(seededArray(5 * 6, 21)), [5, 6]),
  t: tf.tensor1d([0, 1, 2, 3, 1], "int32"),
});

describe("gradientCheck", () => {
  test("a correct backward passes with a small relative error, the params unchanged", () => {
    const net = make(Affine);
    const { x, t } = data();
    const before = Object.fromEntries(Object.entries(net.params()).map(([k, v]) => [k, Array.from(v.dataSync())]));
    const report = gradientCheck(net, x, t, { maxEntries: Infinity });
    expect(report.pass).toBe(true);
    expect(Object.keys(report.params)).toEqual(["Affine1.W", "Affine1.b", "Affine2.W", "Affine2.b"]);
    for (const p of Object.values(report.params)) {
      expect(p.relativeError).toBeLessThan(1e-2);
      expect(p.checked).toBe(p.size);
    }
    for (const [k, v] of Object.entries(net.params())) expect(Array.from(v.dataSync())).toEqual(before[k]);
    tf.dispose([x, t]);
    net.dispose();
  });

  test("a wrong db fails on that param only", () => {
    const net = make(WrongBiasAffine);
    const { x, t } = data();
    const report = gradientCheck(net, x, t);
    expect(report.pass).toBe(false);
    expect(report.get("Affine1.b")?.pass).toBe(false);
    expect(report.get("Affine1.b")?.relativeError).toBeGreaterThan(0.1);
    expect(report.get("Affine1.W")?.pass).toBe(true);
    expect(report.get("Affine2.W")?.pass).toBe(true);
    tf.dispose([x, t]);
    net.dispose();
  });

  test("a wrong dW fails, and the report displays FAIL in its table", () => {
    const net = make(Affine, WrongWeightAffine);
    const { x, t } = data();
    const report = gradientCheck(net, x, t, { params: ["Affine2.W", "Affine2.b"] });
    expect(Object.keys(report.params)).toEqual(["Affine2.W", "Affine2.b"]);
    expect(report.get("Affine2.W")?.pass).toBe(false);
    expect(report.get("Affine2.b")?.pass).toBe(true);
    const text = report[toMimeBundle]()["text/plain"] as string;
    expect(text.split("\n")[0]).toBe("gradient check: FAIL (tolerance 0.02, atol 0.0001, h 0.0003)");
    expect(text).toMatch(/^Affine2\.W\s+32\s+\S+\s+\S+\s+FAIL$/m);
    expect(text).toMatch(/^Affine2\.b\s+4\s+\S+\s+\S+\s+pass$/m);
    expect(report[toMimeBundle]()["text/html"]).toContain('<td style="text-align:left">FAIL</td>');
    // the viz table builder takes the report as it is
    expect(gradientCheckReport(report).kind).toBe("table");
    tf.dispose([x, t]);
    net.dispose();
  });

  test("leaks no tensor; unknown param names and bad options are errors", () => {
    const net = make(Affine);
    const { x, t } = data();
    net.gradient(x, t);
    const before = tf.memory().numTensors;
    gradientCheck(net, x, t, { maxEntries: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(() => gradientCheck(net, x, t, { params: ["Conv1.W"] })).toThrow(
      /params names "Conv1.W", which the net does not have \(it has: Affine1.W, /,
    );
    expect(() => gradientCheck(net, x, t, { h: -1 })).toThrow(/h must be a finite number > 0, got -1/);
    expect(() => gradientCheck(net, x, t, { maxEntries: 0 })).toThrow(/maxEntries must be/);
    tf.dispose([x, t]);
    net.dispose();
  });
});
