import type { ComputationalGraphSpec, GraphEdge, GraphNode } from "./computationalGraph";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Prices for {@link appleGraph}; leave out `orange` for the book's first (apples only) example. */
export interface AppleGraphOptions {
  readonly apple?: number;
  readonly appleCount?: number;
  /** With an orange price the graph is the book's apples-and-oranges example. */
  readonly orange?: number;
  readonly orangeCount?: number;
  readonly tax?: number;
  /** The upstream gradient dL/dprice (default 1). */
  readonly dprice?: number;
}

// The option names of AppleGraphOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const APPLE_GRAPH_KEYS = optionKeys<AppleGraphOptions>({
  apple: true,
  appleCount: true,
  orange: true,
  orangeCount: true,
  tax: true,
  dprice: true,
});

/**
 * The book's shopping example (Deep Learning from Scratch, 5.3-5.4) as a graph spec for
 * {@link computationalGraph}, with every forward value and gradient computed here by the
 * multiply and add gates' rules: `price = (apple * appleCount [+ orange * orangeCount]) * tax`.
 * Change a price and draw it again.
 *
 * @example
 * computationalGraph(appleGraph());                          // 100 * 2 * 1.1 = 220
 * computationalGraph(appleGraph({ orange: 150, orangeCount: 3 }));
 */
export function appleGraph(opts: AppleGraphOptions = {}): ComputationalGraphSpec {
  checkOptions("appleGraph", opts, APPLE_GRAPH_KEYS);
  const { apple = 100, appleCount = 2, orange, orangeCount = 3, tax = 1.1, dprice = 1 } = opts;
  for (const [name, v] of Object.entries({ apple, appleCount, orangeCount, tax, dprice, ...(orange === undefined ? {} : { orange }) })) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`appleGraph: ${name} must be a finite number, got ${String(v)}`);
  }
  // Forward: multiply gate z = x * y; add gate z = x + y.
  const applePrice = apple * appleCount;
  const orangePrice = orange === undefined ? 0 : orange * orangeCount;
  const sum = applePrice + orangePrice;
  const price = sum * tax;
  // Backward: multiply swaps its inputs, add passes the gradient through unchanged.
  const dsum = dprice * tax;
  const dtax = dprice * sum;
  const dApplePrice = dsum; // the add gate (or, without oranges, the identity)
  const dOrangePrice = dsum;
  // Values and gradients ride on the wires (CS231n style), so the nodes carry only labels.
  const nodes: GraphNode[] = [
    { id: "apple", label: "apple" },
    { id: "appleCount", label: "apples (count)" },
    { id: "mulApple", label: "×" },
    { id: "tax", label: "tax" },
    { id: "mulTax", label: "×" },
    { id: "price", label: "price" },
  ];
  const edges: GraphEdge[] = [
    { from: "apple", to: "mulApple", value: apple, grad: dApplePrice * appleCount },
    { from: "appleCount", to: "mulApple", value: appleCount, grad: dApplePrice * apple },
    { from: "tax", to: "mulTax", value: tax, grad: dtax },
    { from: "mulTax", to: "price", value: price, grad: dprice },
  ];
  if (orange === undefined) {
    edges.push({ from: "mulApple", to: "mulTax", value: applePrice, grad: dsum });
  } else {
    nodes.push(
      { id: "orange", label: "orange" },
      { id: "orangeCount", label: "oranges (count)" },
      { id: "mulOrange", label: "×" },
      { id: "add", label: "+" },
    );
    edges.push(
      { from: "orange", to: "mulOrange", value: orange, grad: dOrangePrice * orangeCount },
      { from: "orangeCount", to: "mulOrange", value: orangeCount, grad: dOrangePrice * orange },
      { from: "mulApple", to: "add", value: applePrice, grad: dApplePrice },
      { from: "mulOrange", to: "add", value: orangePrice, grad: dOrangePrice },
      { from: "add", to: "mulTax", value: sum, grad: dsum },
    );
  }
  return {
    nodes,
    edges,
    title:
      orange === undefined
        ? "Buying apples: forward prices, backward derivatives"
        : "Buying apples and oranges: forward prices, backward derivatives",
  };
}
