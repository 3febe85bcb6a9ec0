/**
 * The written contract of cell semantics: what running cells means, in the kernel (tslab's
 * engine under kernel/engine) and in the live page's worker (kernel/livePage) alike. Each case
 * is a short session: its cells run in order, and each cell's outcome is written beside it.
 * cellSemantics.test.ts runs every case through both runtimes and requires these outcomes from
 * both. Cells are valid TypeScript: the kernel type-checks, the page only strips types, so a type
 * error is a kernel-only outcome and stays out of the contract. Names are unique per case
 * because all cases share one session in each runtime. A string value shows without quotes
 * (text/plain of a string is the string), an error's line is the line in its cell.
 */

/** What one cell must produce. */
export interface CellOutcome {
  /** The cell's value as text/plain; absent when the cell shows no value. */
  readonly value?: string;
  /** All it printed on stdout. */
  readonly stdout?: string;
  /** The error that ends the cell: its name, a part of its message, and its line in the cell. */
  readonly error?: { readonly ename: string; readonly evalue: string; readonly line?: number };
}

/** One case: cells run in order, each with the outcome it must have. */
export interface CellCase {
  readonly name: string;
  readonly cells: readonly (readonly [source: string, outcome: CellOutcome])[];
}

const ok: CellOutcome = {};

/** The contract. */
export const CELL_CASES: readonly CellCase[] = [
  // Declarations persist across cells.
  {
    name: "a const persists into later cells",
    cells: [
      ["const a1 = 2;", ok],
      ["a1 * 3", { value: "6" }],
    ],
  },
  {
    name: "a let persists and stays assignable",
    cells: [
      ["let b1 = 1;", ok],
      ["b1 += 4;\nb1", { value: "5" }],
    ],
  },
  {
    name: "a var persists",
    cells: [
      ["var w1 = 3;", ok],
      ["w1", { value: "3" }],
    ],
  },
  {
    name: "a function declaration persists",
    cells: [
      ["function f1(x: number) {\n  return x + 1;\n}", ok],
      ["f1(2)", { value: "3" }],
    ],
  },
  {
    name: "a class persists",
    cells: [
      ["class C1 {\n  v = 7;\n}", ok],
      ["new C1().v", { value: "7" }],
    ],
  },
  {
    name: "a closure sees a later cell's assignment",
    cells: [
      ["let c2 = 1;\nconst get2 = () => c2;", ok],
      ["c2 = 5;\nget2()", { value: "5" }],
    ],
  },
  {
    name: "a function sees a later cell's assignment to a var",
    cells: [
      ["var c3 = 1;\nfunction get3() {\n  return c3;\n}", ok],
      ["c3 += 2;\nget3()", { value: "3" }],
    ],
  },
  {
    name: "types and interfaces compile away, the values stay",
    cells: [
      ["interface P2 {\n  x: number;\n}\nconst p2: P2 = { x: 3 };", ok],
      ["p2.x", { value: "3" }],
    ],
  },
  // Redeclaration in a later cell replaces the earlier binding.
  {
    name: "const redeclared in a later cell",
    cells: [
      ["const r1 = 1;", ok],
      ["const r1 = 2;\nr1", { value: "2" }],
    ],
  },
  {
    name: "let redeclared with another type",
    cells: [
      ["let r2 = 1;", ok],
      ['let r2 = "x";\nr2', { value: "x" }],
    ],
  },
  {
    name: "function redeclared in a later cell",
    cells: [
      ["function r3() {\n  return 1;\n}", ok],
      ["function r3() {\n  return 2;\n}\nr3()", { value: "2" }],
    ],
  },
  {
    name: "class redeclared in a later cell",
    cells: [
      ["class R4 {\n  n = 1;\n}", ok],
      ["class R4 {\n  n = 2;\n}\nnew R4().n", { value: "2" }],
    ],
  },
  // The last expression is the cell's value.
  { name: "the last expression is the value", cells: [["1 + 2", { value: "3" }]] },
  { name: "an expression after declarations", cells: [["const v1 = 5;\nv1 * 2", { value: "10" }]] },
  { name: "a trailing semicolon keeps the value", cells: [["2 * 21;", { value: "42" }]] },
  { name: "a declaration last shows no value", cells: [["const n1 = 1;", ok]] },
  { name: "undefined shows no value", cells: [["undefined", ok]] },
  { name: "a string value is shown without quotes", cells: [['"hi"', { value: "hi" }]] },
  { name: "an object value", cells: [["({ a: 1, b: [1, 2] })", { value: "{ a: 1, b: [ 1, 2 ] }" }]] },
  { name: "a loop's result", cells: [["let s1 = 0;\nfor (let i = 0; i < 4; i++) s1 += i;\ns1", { value: "6" }]] },
  // Top-level await.
  { name: "top-level await in a declaration", cells: [["const t1 = (await Promise.resolve(41)) + 1;\nt1", { value: "42" }]] },
  {
    name: "await as the last expression",
    cells: [['await new Promise((resolve) => setTimeout(() => resolve("done"), 5))', { value: "done" }]],
  },
  // Output.
  { name: "console.log writes to stdout", cells: [['console.log("hello", 1 + 1);', { stdout: "hello 2\n" }]] },
  // Errors, at the cell's own lines; the names defined before the error stay.
  {
    name: "a throw, at its line",
    cells: [['const e1 = 1;\nthrow new Error("boom");', { error: { ename: "Error", evalue: "boom", line: 2 } }]],
  },
  {
    name: "a throw inside a function defined in the cell, at the throw's line",
    cells: [
      ['function e2() {\n  throw new RangeError("too big");\n}\ne2();', { error: { ename: "RangeError", evalue: "too big", line: 2 } }],
    ],
  },
  {
    name: "a runtime TypeError, at its line",
    cells: [
      [
        'const e3: { x: number } | null = JSON.parse("null");\ne3!.x;',
        { error: { ename: "TypeError", evalue: "Cannot read properties of null", line: 2 } },
      ],
    ],
  },
  {
    name: "a rejected await, at its line",
    cells: [['const e4 = 1;\nawait Promise.reject(new Error("rejected"));', { error: { ename: "Error", evalue: "rejected", line: 2 } }]],
  },
  {
    name: "names defined before an error stay",
    cells: [
      ["const k1 = 9;", ok],
      ['throw new Error("x");', { error: { ename: "Error", evalue: "x", line: 1 } }],
      ["k1", { value: "9" }],
    ],
  },
  {
    name: "a syntax error is a compile error, at its line",
    cells: [["const y1 = 1;\nconst = 2;", { error: { ename: "TypeScriptError", evalue: "2:7 - ", line: 2 } }]],
  },
  // Errors from asynchronous code after the cell ended are shown with the next cell (at their
  // line in the cell that made them), and the session goes on. The next cell awaits the timer
  // that follows the error, so the error has happened when it ends.
  {
    name: "an error thrown by a timer after the cell ends",
    cells: [
      [
        'const l1 = 1;\nconst l1Thrown = new Promise((resolve) => setTimeout(() => {\n  setTimeout(resolve, 20);\n  throw new Error("late");\n}, 0));',
        ok,
      ],
      ["await l1Thrown;\nl1 + 1", { value: "2", error: { ename: "Error", evalue: "late", line: 4 } }],
    ],
  },
  {
    name: "a promise rejected after the cell ends, that nothing awaits",
    cells: [
      [
        'const l2 = 1;\nconst l2Rejected = new Promise((resolve) => setTimeout(() => {\n  setTimeout(resolve, 20);\n  void Promise.reject(new Error("unawaited"));\n}, 0));',
        ok,
      ],
      ["await l2Rejected;\nl2 + 1", { value: "2", error: { ename: "Error", evalue: "unawaited", line: 4 } }],
    ],
  },
  // Imports of the library and TF.js.
  { name: "a named import from nnlab", cells: [['import { Relu } from "nnlab";\ntypeof Relu', { value: "function" }]] },
  {
    name: "a namespace import of @tensorflow/tfjs",
    cells: [['import * as tf from "@tensorflow/tfjs";\ntf.tensor([1, 2, 3]).shape', { value: "[ 3 ]" }]],
  },
  {
    name: "an imported name persists",
    cells: [
      ['import { Affine } from "nnlab";', ok],
      ["typeof Affine", { value: "function" }],
    ],
  },
  // Destructuring and shadowing.
  {
    name: "object destructuring declares each name",
    cells: [
      ["const { p3, q3 } = { p3: 1, q3: 2 };", ok],
      ["p3 + q3", { value: "3" }],
    ],
  },
  {
    name: "array destructuring with a rest",
    cells: [
      ["const [h1, ...t2] = [1, 2, 3];", ok],
      ["t2", { value: "[ 2, 3 ]" }],
    ],
  },
  {
    name: "a block's shadowing name does not leak",
    cells: [
      ['const s2 = "outer";', ok],
      ['{\n  const s2 = "inner";\n}\ns2', { value: "outer" }],
    ],
  },
  {
    name: "a function's parameter shadows a cell name",
    cells: [
      ["const s3 = 1;\nfunction sh3(s3: number) {\n  return s3 * 10;\n}", ok],
      ["sh3(4) + s3", { value: "41" }],
    ],
  },
];
