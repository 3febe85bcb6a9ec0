import type { SvgFigure } from "../ground/figure";
import { describe } from "./numeric";
import { FORWARD_COLOR, GRADIENT_COLOR } from "./palette";
import { escapeXml, formatNumber } from "./text";

/** A node of a computational graph: an input, a gate ("×", "+", "max", "σ") or an output. */
export interface GraphNode {
  readonly id: string;
  /** What the node shows (default: the id). */
  readonly label?: string;
  /** The forward value at this node (drawn in green above it). */
  readonly value?: number | string;
  /** dL/d(node) (drawn in red below it). */
  readonly grad?: number | string;
}

/** A wire from one node to another, carrying a forward value and a backward gradient. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** The value flowing forward along the wire (green, above the wire). */
  readonly value?: number | string;
  /** The gradient flowing backward along the wire (red, below the wire). */
  readonly grad?: number | string;
}

/** A computational graph for {@link computationalGraph}. */
export interface ComputationalGraphSpec {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly title?: string;
}

const NODE_H = 36;
// A white outline behind value labels keeps them readable where they cross a wire.
const HALO = ' font-size="13" font-weight="bold" stroke="#fff" stroke-width="4" paint-order="stroke"';
const ROW = 92;

/**
 * A computational-graph diagram as SVG, in the CS231n style: nodes left to right in
 * forward order, forward values in green above each wire and gradients in red below it.
 * The layout is layered: a node sits one column right of its deepest input, and an input
 * sits just left of the first node that uses it.
 *
 * @example
 * computationalGraph(appleGraph());          // the book's apple example
 * computationalGraph({
 *   nodes: [{ id: "x", value: 2 }, { id: "y", value: 3 }, { id: "mul", label: "×" }, { id: "f" }],
 *   edges: [{ from: "x", to: "mul", value: 2, grad: 3 }, { from: "y", to: "mul", value: 3, grad: 2 },
 *           { from: "mul", to: "f", value: 6, grad: 1 }],
 * });
 */
export function computationalGraph(graph: ComputationalGraphSpec): SvgFigure {
  const where = "computationalGraph";
  const wiring = checkGraph(where, graph);
  const place = placeNodes(where, graph, wiring);
  const parts: string[] = [
    `<defs><marker id="cg-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
      `<path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>`,
    ...graph.edges.map((e) => edgeSvg(e, wiring, place)),
    ...graph.nodes.map((n, i) => nodeSvg(n, i, wiring, place)),
  ];
  const legendY = place.height - 12;
  parts.push(
    `<text x="10" y="${legendY}" font-size="12" fill="${FORWARD_COLOR}" font-weight="bold">green, above a wire: forward value</text>` +
      `<text x="250" y="${legendY}" font-size="12" fill="${GRADIENT_COLOR}" font-weight="bold">red, below a wire: gradient dL/d(value)</text>`,
  );
  if (graph.title) parts.push(`<text x="10" y="20" font-size="15" font-weight="bold" fill="#222">${escapeXml(graph.title)}</text>`);
  const w = Math.max(place.width, 430);
  const height = place.height;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${height}" viewBox="0 0 ${w} ${height}" font-family="Helvetica, Arial, sans-serif">` +
    `<rect width="100%" height="100%" fill="#fff"/>${parts.join("")}</svg>`;
  return { kind: "svg", svg, alt: altText(graph), width: w, height };
}

/** The graph's wiring by node index: where each id sits, and each node's inputs and users. */
interface Wiring {
  readonly index: ReadonlyMap<string, number>;
  readonly preds: readonly (readonly number[])[];
  readonly succs: readonly (readonly number[])[];
}

function checkGraph(where: string, graph: ComputationalGraphSpec): Wiring {
  if (typeof graph !== "object" || graph === null) throw new TypeError(`${where}: graph must be { nodes, edges }, got ${describe(graph)}`);
  const { nodes, edges } = graph;
  if (!Array.isArray(nodes) || nodes.length === 0)
    throw new TypeError(`${where}: graph.nodes must be a non-empty array, got ${describe(nodes)}`);
  if (!Array.isArray(edges)) throw new TypeError(`${where}: graph.edges must be an array, got ${describe(edges)}`);
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (typeof n !== "object" || n === null || typeof n.id !== "string" || n.id === "") {
      throw new TypeError(`${where}: graph.nodes[${i}] must be { id: string, label?, value?, grad? }, got ${describe(n)}`);
    }
    if (index.has(n.id)) throw new TypeError(`${where}: graph.nodes[${i}] repeats the id "${n.id}"`);
    checkValue(where, `graph.nodes[${i}] ("${n.id}")`, n.value, n.grad);
    index.set(n.id, i);
  });
  const preds: number[][] = nodes.map(() => []);
  const succs: number[][] = nodes.map(() => []);
  edges.forEach((e, i) => {
    if (typeof e !== "object" || e === null)
      throw new TypeError(`${where}: graph.edges[${i}] must be { from, to, value?, grad? }, got ${describe(e)}`);
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined) throw new TypeError(`${where}: graph.edges[${i}].from is ${describe(e.from)}, which is no node id`);
    if (to === undefined) throw new TypeError(`${where}: graph.edges[${i}].to is ${describe(e.to)}, which is no node id`);
    checkValue(where, `graph.edges[${i}] (${e.from} -> ${e.to})`, e.value, e.grad);
    preds[to].push(from);
    succs[from].push(to);
  });
  return { index, preds, succs };
}

/** Where each node is drawn (its centre and box width) and the drawing's size. */
interface Placement {
  readonly cx: (i: number) => number;
  readonly cy: (i: number) => number;
  readonly boxW: readonly number[];
  readonly width: number;
  readonly height: number;
}

// Longest-path layering; a cycle shows up as a node never reaching in-degree zero. Then each
// input moves next to its first user, and each column is ordered to keep wires from crossing.
function placeNodes(where: string, graph: ComputationalGraphSpec, { preds, succs }: Wiring): Placement {
  const { nodes, edges } = graph;
  const layer = new Array<number>(nodes.length).fill(0);
  const indeg = preds.map((p) => p.length);
  const queue = nodes.map((_, i) => i).filter((i) => indeg[i] === 0);
  const order: number[] = [];
  for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
    order.push(i);
    for (const j of succs[i]) {
      layer[j] = Math.max(layer[j], layer[i] + 1);
      if (--indeg[j] === 0) queue.push(j);
    }
  }
  if (order.length !== nodes.length) {
    const stuck = nodes.filter((_, i) => indeg[i] > 0).map((n) => n.id);
    throw new TypeError(`${where}: the graph has a cycle through ${stuck.join(", ")}; a computational graph must be acyclic`);
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k];
    if (preds[i].length === 0 && succs[i].length > 0) layer[i] = Math.min(...succs[i].map((j) => layer[j])) - 1;
  }
  const L = Math.max(...layer) + 1;
  const columns: number[][] = Array.from({ length: L }, () => []);
  order.forEach((i) => columns[layer[i]].push(i));
  const rank = orderColumns(columns, preds, succs, nodes.length);
  const boxW = nodes.map((n) => Math.max(40, (n.label ?? n.id).length * 8 + 18));
  const edgeLabelW = Math.max(60, ...edges.map((e) => 7 * Math.max(text(e.value).length, text(e.grad).length) + 24));
  const colW = Math.max(...boxW) + edgeLabelW;
  const maxRows = Math.max(...columns.map((c) => c.length));
  const titleH = graph.title ? 30 : 8;
  return {
    cx: (i) => 20 + layer[i] * colW + Math.max(...boxW) / 2,
    cy: (i) => titleH + ((maxRows - columns[layer[i]].length) * ROW) / 2 + rank[i] * ROW + ROW / 2 + 4,
    boxW,
    width: L * colW + 20,
    height: titleH + maxRows * ROW + 40,
  };
}

/** Sorts each column (in place) by the mean row of its nodes' neighbours; returns each node's row. */
function orderColumns(columns: number[][], preds: Wiring["preds"], succs: Wiring["succs"], n: number): number[] {
  const rank = new Array<number>(n).fill(0);
  columns.forEach((col) => col.forEach((i, r) => (rank[i] = r)));
  for (let pass = 0; pass < 2; pass++) {
    for (const col of columns) {
      const key = (i: number): number => {
        const nb = [...preds[i], ...succs[i]];
        return nb.length ? nb.reduce((a, j) => a + rank[j], 0) / nb.length : rank[i];
      };
      const keys = new Map(col.map((i) => [i, key(i)]));
      col.sort((a, b) => (keys.get(a) ?? 0) - (keys.get(b) ?? 0));
      col.forEach((i, r) => (rank[i] = r));
    }
  }
  return rank;
}

/** A wire with its arrow, its value (green, above) and its gradient (red, below). */
function edgeSvg(e: GraphEdge, { index }: Wiring, { cx, cy, boxW }: Placement): string {
  const a = index.get(e.from) ?? 0;
  const b = index.get(e.to) ?? 0;
  const x1 = cx(a) + boxW[a] / 2;
  const y1 = cy(a);
  const x2 = cx(b) - boxW[b] / 2;
  const y2 = cy(b);
  let svg = `<line x1="${x1}" y1="${y1}" x2="${x2 - 2}" y2="${y2}" stroke="#444" stroke-width="1.6" marker-end="url(#cg-arrow)"/>`;
  // Labels sit near the start of the wire, where wires into the same node are still apart.
  const t = Math.min(0.5, 70 / Math.max(1, Math.hypot(x2 - x1, y2 - y1)));
  const mx = x1 + (x2 - x1) * t + 6;
  const my = y1 + (y2 - y1) * t;
  if (e.value !== undefined) svg += `<text x="${mx}" y="${my - 6}" fill="${FORWARD_COLOR}"${HALO}>${escapeXml(text(e.value))}</text>`;
  if (e.grad !== undefined) svg += `<text x="${mx}" y="${my + 17}" fill="${GRADIENT_COLOR}"${HALO}>${escapeXml(text(e.grad))}</text>`;
  return svg;
}

/** A node's box (round for a gate, square for an input or output) with its value and gradient. */
function nodeSvg(n: GraphNode, i: number, { preds, succs }: Wiring, { cx, cy, boxW }: Placement): string {
  const x = cx(i) - boxW[i] / 2;
  const y = cy(i) - NODE_H / 2;
  const gate = preds[i].length > 0 && succs[i].length > 0;
  let svg =
    `<rect x="${x}" y="${y}" width="${boxW[i]}" height="${NODE_H}" rx="${gate ? NODE_H / 2 : 6}" ` +
    `fill="${gate ? "#eef4fb" : "#f5f5f5"}" stroke="#333" stroke-width="1.4"/>` +
    `<text x="${cx(i)}" y="${cy(i) + 5}" text-anchor="middle" font-size="${gate ? 16 : 13}" fill="#111">${escapeXml(n.label ?? n.id)}</text>`;
  if (n.value !== undefined)
    svg += `<text x="${cx(i)}" y="${y - 6}" text-anchor="middle" fill="${FORWARD_COLOR}"${HALO}>${escapeXml(text(n.value))}</text>`;
  if (n.grad !== undefined)
    svg += `<text x="${cx(i)}" y="${y + NODE_H + 16}" text-anchor="middle" fill="${GRADIENT_COLOR}"${HALO}>${escapeXml(text(n.grad))}</text>`;
  return svg;
}

/** The figure's text for screen readers: every wire with its value and gradient. */
function altText(graph: ComputationalGraphSpec): string {
  return (
    (graph.title ? graph.title + ": " : "Computational graph: ") +
    graph.edges
      .map(
        (e) =>
          `${e.from} -> ${e.to}` +
          (e.value !== undefined ? ` value ${text(e.value)}` : "") +
          (e.grad !== undefined ? ` grad ${text(e.grad)}` : ""),
      )
      .join("; ")
  );
}

function text(v: number | string | undefined): string {
  if (v === undefined) return "";
  return typeof v === "number" ? formatNumber(v) : v;
}

function checkValue(where: string, what: string, value: unknown, grad: unknown): void {
  for (const [name, v] of [
    ["value", value],
    ["grad", grad],
  ] as const) {
    if (v !== undefined && typeof v !== "number" && typeof v !== "string") {
      throw new TypeError(`${where}: ${what}.${name} must be a number or a string, got ${describe(v)}`);
    }
  }
}
