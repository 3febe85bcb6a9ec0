import * as tf from "@tensorflow/tfjs-core";
import { im2col } from "../../lib/conv";
import { ShapeError } from "../../lib/errors";
import { convolutionStepper } from "../../lib/viz";
import { expectClose } from "../helpers/expectClose";
import { rng } from "./vizHelpers";

type Step = { label: string; args: [{ z: number[][][] }, Record<string, unknown>, number[]] };

describe("convolutionStepper", () => {
  const rand = rng(5);
  const x = Array.from({ length: 2 }, () => Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => Math.round(rand() * 8 - 4))));
  const W = Array.from({ length: 2 }, () => Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => Math.round(rand() * 4 - 2))));

  it("has a step per output position whose im2col row matches lib/conv's im2col, and the right output", () => {
    const fig = convolutionStepper(x, W, { stride: 2, pad: 1 });
    // OH = (5 + 2 - 3) / 2 + 1 = 3
    const steps = (fig.layout.sliders as { steps: Step[] }[])[0].steps;
    expect(steps).toHaveLength(9);
    expect(steps[4].label).toBe("(1, 1)");
    const xt = tf.tensor4d(x.flat(2), [1, 2, 5, 5]);
    const cols = im2col(xt, { filterH: 3, filterW: 3, stride: 2, pad: 1 });
    const rows = cols.arraySync();
    steps.forEach((s, k) => {
      expect(s.args[0].z[0][0]).toEqual(rows[k]);
      expect(s.args[2]).toEqual([3]);
    });
    // The output trace equals the convolution (tf.conv2d as the oracle, NHWC/HWIO).
    const y = tf.conv2d(
      tf.transpose<tf.Tensor4D>(xt, [0, 2, 3, 1]),
      tf.transpose<tf.Tensor4D>(tf.tensor4d(W.flat(2), [1, 2, 3, 3]), [2, 3, 1, 0]),
      2,
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
    );
    expectClose((fig.data[2].z as number[][]).flat(), Array.from(y.dataSync()), { atol: 1e-5 });
    tf.dispose([xt, cols, y]);
    // Trace order: input, filter, output, im2col strip.
    expect(fig.data.map((d) => [d.type, d.name])).toEqual([
      ["heatmap", "input"],
      ["heatmap", "filter W"],
      ["heatmap", "output"],
      ["heatmap", "im2col row and W"],
    ]);
    // The padded input is 7x7 per channel, channels side by side with a gap column.
    expect((fig.data[0].z as unknown[][]).length).toBe(7);
    expect((fig.data[0].z as unknown[][])[0].length).toBe(15);
  });

  it("moves the receptive-field rectangles and the output cell with the slider", () => {
    const fig = convolutionStepper(x, W, { stride: 2, pad: 1 });
    const steps = (fig.layout.sliders as { steps: Step[] }[])[0].steps;
    const u = steps[5].args[1]; // output (1, 2): input rows 2..4, columns 4..6 of the padded input
    expect([u["shapes[0].x0"], u["shapes[0].x1"], u["shapes[0].y0"], u["shapes[0].y1"]]).toEqual([3.5, 6.5, 1.5, 4.5]);
    // Channel 1 sits one padded width + 1 further right.
    expect(u["shapes[1].x0"]).toBe(3.5 + 8);
    expect([u["shapes[2].x0"], u["shapes[2].y0"]]).toEqual([1.5, 0.5]);
    expect(u["annotations[0].text"]).toMatch(/^out\[1, 2\] = im2col row 5 · W = .* = <b>-?\d/);
    const shapes = fig.layout.shapes as { xref: string; line: { dash?: string } }[];
    // 2 receptive fields + the output cell + 2 dotted outlines of the unpadded input.
    expect(shapes).toHaveLength(5);
    expect(shapes[2].xref).toBe("x3");
    expect(shapes.slice(3).every((s) => s.line.dash === "dot")).toBe(true);
    const layout = fig.layout as Record<string, { text?: string; title?: { text: string } }>;
    expect(layout.title.text).toBe("Convolution step by step: input 2x5x5, filter 3x3, stride 2, pad 1 -> output 3x3");
    for (const a of ["xaxis", "yaxis", "xaxis2", "yaxis2", "xaxis3", "yaxis3", "xaxis4"])
      expect(layout[a].title!.text.length).toBeGreaterThan(3);
  });

  it("writes the dot product out term by term for small filters", () => {
    const fig = convolutionStepper(
      [
        [1, 2],
        [3, 4],
      ],
      [
        [1, -1],
        [0, 2],
      ],
    );
    const ann = (fig.layout.annotations as { text: string }[])[0].text;
    expect(ann).toBe("out[0, 0] = im2col row 0 · W = 1·1 + 2·(-1) + 3·0 + 4·2 = <b>7</b>");
  });

  it("rejects shapes that do not fit, with the output-size formula", () => {
    expect(() =>
      convolutionStepper(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
      ),
    ).toThrow(/convolutionStepper: .*does not fit the input of size 2/);
    expect(() => convolutionStepper(x, W[0])).toThrow(ShapeError);
    expect(() => convolutionStepper(x, W[0])).toThrow(/W must be 2 channels like x \(\[2, FH, FW\]\), got shape \[3, 3\]/);
    expect(() => convolutionStepper([1, 2, 3], [[1]])).toThrow(/x must be \[H, W\] or \[C, H, W\], got shape \[3\]/);
    expect(() => convolutionStepper(x, W, { pad: -1 })).toThrow(/pad must be an integer >= 0, got number -1/);
    const big = Array.from({ length: 40 }, () => new Array(40).fill(0));
    expect(() => convolutionStepper(big, [[1]])).toThrow(/1600 output positions is more than maxSteps \(1024\)/);
  });

  it("stays small for a 28x28 digit with a 3x3 filter and pad 1 (784 steps)", () => {
    const digit = Array.from({ length: 28 }, (_, i) => Array.from({ length: 28 }, (_, j) => ((i * 7 + j * 3) % 11) / 10));
    const fig = convolutionStepper(
      digit,
      [
        [1, 0, -1],
        [2, 0, -2],
        [1, 0, -1],
      ],
      { pad: 1 },
    );
    expect((fig.layout.sliders as { steps: unknown[] }[])[0].steps).toHaveLength(784);
    expect(JSON.stringify(fig).length).toBeLessThan(700 * 1024);
  });
});
