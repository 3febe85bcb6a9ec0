import { PNG } from "pngjs";
import * as tf from "@tensorflow/tfjs-core";
import {
  display,
  mimeBundle,
  plotlyHtml,
  resetPlotlyInlining,
  setDisplayHost,
  show,
  tensorMemory,
  toMimeBundle,
  type DisplayHost,
  type MimeBundle,
} from "../../lib/display";
import type { PlotlyFigure } from "../../lib/ground/figure";

const plot: PlotlyFigure = { kind: "plotly", data: [{ y: [1, 2, 3], type: "scatter" }], layout: { title: { text: "loss" } } };

function recordingHost(): { host: DisplayHost; shown: [string, MimeBundle, string | undefined][] } {
  const shown: [string, MimeBundle, string | undefined][] = [];
  return {
    shown,
    host: {
      display: (bundle, id) => shown.push(["display", bundle, id]),
      update: (bundle, id) => shown.push(["update", bundle, id]),
    },
  };
}

describe("mimeBundle", () => {
  test("a Plotly figure has JSON, offline HTML (plotly.js inlined once) and text", () => {
    resetPlotlyInlining();
    const first = mimeBundle(plot);
    expect(first["application/vnd.plotly.v1+json"]).toEqual({ data: plot.data, layout: plot.layout });
    expect(first["text/plain"]).toBe('Plotly figure "loss" with 1 trace(s)');
    const html = first["text/html"] as string;
    expect(html.length).toBeGreaterThan(1_000_000);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain("Plotly.newPlot");
    const second = plotlyHtml(plot);
    expect(second.length).toBeLessThan(2000);
    expect(second).toContain("window.Plotly");
  });

  test("figure HTML cannot be broken out of by data", () => {
    const html = plotlyHtml({ ...plot, layout: { title: "</script><b>x</b>" } });
    expect(html).not.toContain("</script><b>");
  });

  test("tables render as HTML and aligned text, escaped", () => {
    const b = mimeBundle({
      kind: "table",
      columns: ["layer", "params"],
      rows: [
        ["<Conv1>", 160],
        ["Affine", 0.5],
      ],
    });
    expect(b["text/html"]).toContain("<td>&lt;Conv1&gt;</td>");
    expect(b["text/plain"]).toBe("layer    params\n-------  ------\n<Conv1>  160\nAffine   0.5000");
  });

  test("images and SVG keep their MIME types", () => {
    expect(mimeBundle({ kind: "image", pngBase64: "AAAA", width: 2, height: 3, alt: "digit" })).toEqual({
      "image/png": "AAAA",
      "text/plain": "Image 2x3: digit",
    });
    expect(mimeBundle({ kind: "svg", svg: "<svg/>", alt: "graph" })["image/svg+xml"]).toBe("<svg/>");
  });

  test("an image-shaped tensor is a PNG scaled to 0..255, and a summary", () => {
    const before = tf.memory().numTensors;
    const t = tf.tensor4d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [3, 1, 2, 2]);
    const b = mimeBundle(t);
    expect(b["text/plain"]).toMatch(/^Tensor float32 \[3, 1, 2, 2\]\n/);
    const png = PNG.sync.read(Buffer.from(b["image/png"] as string, "base64"));
    // Three 2x2 images side by side with 2-pixel gaps.
    expect([png.width, png.height]).toEqual([3 * 2 + 2 * 2, 2]);
    expect(png.data[0]).toBe(0);
    expect(png.data[(0 * png.width + 9) * 4]).toBe(Math.round((9 / 11) * 255));
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test("a non-image tensor has text only", () => {
    const t = tf.tensor1d([1, 2, 3]);
    expect(Object.keys(mimeBundle(t))).toEqual(["text/plain"]);
    t.dispose();
  });

  test("objects display themselves through [toMimeBundle]", () => {
    const net = { [toMimeBundle]: () => ({ "text/html": "<table></table>" }) };
    const b = mimeBundle(net);
    expect(b["text/html"]).toBe("<table></table>");
    expect(typeof b["text/plain"]).toBe("string");
    const bad = { [toMimeBundle]: () => 3 };
    expect(() => mimeBundle(bad)).toThrow(TypeError);
  });

  test("tensorMemory reports what TF.js holds", () => {
    const t = tf.ones([4]);
    const r = tensorMemory();
    expect(r.numTensors).toBe(tf.memory().numTensors);
    expect(r[toMimeBundle]()["text/plain"]).toMatch(/TensorFlow.js holds \d+ tensors/);
    t.dispose();
  });
});

describe("show and display", () => {
  test("show hands the bundle to the display host; display updates the same id", () => {
    const rec = recordingHost();
    const previous = setDisplayHost(rec.host);
    try {
      show(5);
      const d = display("epoch 1");
      d.update("epoch 2");
      expect(rec.shown).toEqual([
        ["display", { "text/plain": "5" }, undefined],
        ["display", { "text/plain": "epoch 1" }, d.displayId],
        ["update", { "text/plain": "epoch 2" }, d.displayId],
      ]);
    } finally {
      setDisplayHost(previous);
    }
  });

  test("display rejects an empty id", () => {
    expect(() => display(1, "")).toThrow(/display: displayId must be a non-empty string/);
  });
});
