import { appleGraph, computationalGraph } from "../../lib/viz";
import { svgTexts } from "./vizHelpers";

const FORWARD = "#007A5A";
const GRADIENT = "#C0392B";

/** The texts drawn in a colour, in document order. */
function textsIn(svg: string, color: string): string[] {
  return [...svg.matchAll(new RegExp(`<text[^>]*fill="${color}"[^>]*>(.*?)</text>`, "g"))].map((m) => m[1]);
}

/** x, y of the element drawing `label` as a node. */
function nodeCenter(svg: string, label: string): { x: number; y: number } {
  const m = new RegExp(`<text x="([\\d.]+)" y="([\\d.]+)" text-anchor="middle" font-size="1[36]" fill="#111">${label}</text>`).exec(svg);
  if (!m) throw new Error(`no node ${label}`);
  return { x: Number(m[1]), y: Number(m[2]) };
}

describe("appleGraph", () => {
  it("computes the book's apple example: 100 * 2 * 1.1 = 220, d/dapple = 2.2, d/dcount = 110, d/dtax = 200", () => {
    const g = appleGraph();
    const edge = (from: string, to: string) => g.edges.find((e) => e.from === from && e.to === to)!;
    expect(edge("mulTax", "price").value).toBeCloseTo(220, 10);
    expect(edge("apple", "mulApple").grad).toBeCloseTo(2.2, 10);
    expect(edge("appleCount", "mulApple").grad).toBeCloseTo(110, 10);
    expect(edge("tax", "mulTax").grad).toBeCloseTo(200, 10);
    expect(edge("mulApple", "mulTax")).toMatchObject({ value: 200 });
    expect(edge("mulApple", "mulTax").grad).toBeCloseTo(1.1, 10);
  });

  it("computes apples and oranges: 715, d/dorange = 3.3, d/dorangeCount = 165, d/dtax = 650", () => {
    const g = appleGraph({ orange: 150, orangeCount: 3 });
    const edge = (from: string, to: string) => g.edges.find((e) => e.from === from && e.to === to)!;
    expect(edge("mulTax", "price").value).toBeCloseTo(715, 10);
    expect(edge("orange", "mulOrange").grad).toBeCloseTo(3.3, 10);
    expect(edge("orangeCount", "mulOrange").grad).toBeCloseTo(165, 10);
    expect(edge("tax", "mulTax").grad).toBeCloseTo(650, 10);
    expect(edge("add", "mulTax").value).toBe(650);
    expect(() => appleGraph({ apple: NaN })).toThrow(/appleGraph: apple must be a finite number, got NaN/);
  });
});

describe("computationalGraph", () => {
  it("draws forward values in green above the wires and gradients in red below, as short numbers", () => {
    const fig = computationalGraph(appleGraph({ orange: 150, orangeCount: 3 }));
    expect(fig.kind).toBe("svg");
    expect(fig.svg.startsWith("<svg")).toBe(true);
    const values = textsIn(fig.svg, FORWARD).filter((t) => !t.includes("<"));
    const grads = textsIn(fig.svg, GRADIENT).filter((t) => !t.includes("<"));
    // 1.1 * 650 is 715.0000000000001 in floating point; the label says 715.
    expect(values).toEqual(expect.arrayContaining(["100", "2", "150", "3", "200", "450", "650", "1.1", "715"]));
    expect(grads).toEqual(expect.arrayContaining(["2.2", "110", "3.3", "165", "1.1", "650", "1"]));
    expect(svgTexts(fig.svg)).toContain("Buying apples and oranges: forward prices, backward derivatives");
    expect(fig.alt).toContain("tax -> mulTax value 1.1 grad 650");
  });

  it("lays out left to right in forward order; inputs sit just before their gate", () => {
    const fig = computationalGraph(appleGraph({ orange: 150, orangeCount: 3 }));
    const apple = nodeCenter(fig.svg, "apple");
    const plus = nodeCenter(fig.svg, "\\+");
    const tax = nodeCenter(fig.svg, "tax");
    const price = nodeCenter(fig.svg, "price");
    expect(apple.x).toBeLessThan(plus.x);
    expect(plus.x).toBeLessThan(price.x);
    // tax feeds the last multiply, so it sits in the add's column, not the inputs' column.
    expect(tax.x).toBe(plus.x);
    // Every value label lies above a gradient label of the same wire (green y < red y).
    const ys = (color: string) =>
      [...fig.svg.matchAll(new RegExp(`<text x="[\\d.]+" y="([\\d.]+)" fill="${color}"`, "g"))].map((m) => Number(m[1]));
    const vy = ys(FORWARD);
    const gy = ys(GRADIENT);
    expect(vy).toHaveLength(gy.length);
    vy.forEach((y, i) => expect(y).toBeLessThan(gy[i]));
  });

  it("escapes labels and draws node values too", () => {
    const fig = computationalGraph({
      nodes: [
        { id: "x", label: "x<0?", value: -2, grad: "dx" },
        { id: "f", label: "max" },
      ],
      edges: [{ from: "x", to: "f", value: -2 }],
    });
    expect(fig.svg).toContain("x&lt;0?");
    expect(textsIn(fig.svg, GRADIENT)).toContain("dx");
  });

  it("rejects graphs that are not DAGs or refer to missing nodes", () => {
    expect(() => computationalGraph({ nodes: [], edges: [] })).toThrow(/computationalGraph: graph.nodes must be a non-empty array/);
    expect(() => computationalGraph({ nodes: [{ id: "a" }, { id: "a" }], edges: [] })).toThrow(/graph.nodes\[1\] repeats the id "a"/);
    expect(() => computationalGraph({ nodes: [{ id: "a" }], edges: [{ from: "a", to: "b" }] })).toThrow(
      /graph.edges\[0\].to is the string "b", which is no node id/,
    );
    expect(() =>
      computationalGraph({
        nodes: [{ id: "a" }, { id: "b" }],
        edges: [
          { from: "a", to: "b" },
          { from: "b", to: "a" },
        ],
      }),
    ).toThrow(/cycle through a, b/);
    expect(() => computationalGraph({ nodes: [{ id: "a", value: {} as never }], edges: [] })).toThrow(
      /graph.nodes\[0\] \("a"\).value must be a number or a string/,
    );
  });
});
