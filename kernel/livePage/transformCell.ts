/**
 * A TypeScript cell to JavaScript that runs with the kernel's semantics in a live page:
 * sucrase strips the types (keeping every line where it was, so errors point at the cell's
 * own lines), then acorn finds the top-level declarations and imports, which become
 * assignments to the session's scope object (names persist from cell to cell), the last
 * expression statement becomes the cell's value, and the whole runs in an async function
 * (top-level await).
 */
import { parse, type Node, type Pattern, type Program } from "acorn";
import { transform } from "sucrase";

/** A cell ready to run: the code for an indirect eval and the names it declares. */
export interface CompiledCell {
  /** Evaluates to a function (scope, modules) => Promise<{ value, hasValue }>. */
  readonly code: string;
  /** The top-level names the cell declares (they must exist in the scope before it runs). */
  readonly names: readonly string[];
}

type AnyNode = Node & Record<string, unknown>;

/**
 * A cell that does not compile, named and worded as the kernel reports its compile errors
 * ("TypeScriptError: 2:7 - <what>"), so both runtimes agree (test/contract/cellSemantics).
 */
export class CellCompileError extends Error {
  override readonly name = "TypeScriptError";
}

/** Sucrase's and acorn's syntax errors end in "(line:column)"; that place goes first, as the kernel's do. */
function compileError(e: unknown): unknown {
  const message = e instanceof Error ? e.message : String(e);
  const at = /\((\d+):(\d+)\)\s*$/.exec(message);
  if (at === null) return e;
  const what = message
    .slice(0, at.index)
    .replace(/^Error transforming [^:]*:\s*/, "")
    .trim();
  return new CellCompileError(`${at[1]}:${at[2]} - ${what}`);
}

function patternNames(pattern: Pattern | null, out: string[]): void {
  if (pattern === null) return;
  const p = pattern as unknown as AnyNode;
  switch (p.type) {
    case "Identifier":
      out.push(p.name as string);
      break;
    case "ObjectPattern":
      for (const prop of p.properties as AnyNode[])
        patternNames((prop.type === "RestElement" ? prop.argument : prop.value) as Pattern, out);
      break;
    case "ArrayPattern":
      for (const el of p.elements as (Pattern | null)[]) patternNames(el, out);
      break;
    case "RestElement":
      patternNames(p.argument as Pattern, out);
      break;
    case "AssignmentPattern":
      patternNames(p.left as Pattern, out);
      break;
  }
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function importEdit(node: AnyNode, source: string, names: string[]): Edit {
  const from = JSON.stringify((node.source as AnyNode).value);
  const parts: string[] = [];
  for (const spec of node.specifiers as AnyNode[]) {
    const local = (spec.local as AnyNode).name as string;
    names.push(local);
    if (spec.type === "ImportNamespaceSpecifier") parts.push(`${local} = __import(${from})`);
    else if (spec.type === "ImportDefaultSpecifier") parts.push(`${local} = __import(${from}).default`);
    else {
      const imported = spec.imported as AnyNode;
      const name = imported.type === "Identifier" ? (imported.name as string) : (imported.value as string);
      parts.push(`${local} = __import(${from}, ${JSON.stringify(name)})`);
    }
  }
  // A side-effect import ("import 'x'") still checks that the module exists.
  const text = parts.length === 0 ? `__import(${from});` : `${parts.join(", ")};`;
  // Keep the line count: the import may span lines.
  const lines = source.slice(node.start, node.end).split("\n").length - 1;
  return { start: node.start, end: node.end, text: text + "\n".repeat(lines) };
}

/**
 * Compiles one cell.
 *
 * @example
 * const { code, names } = compileCell("const a: number = 1;\na + 1");
 * // names: ["a"]; the code assigns a in the scope and returns { value: 2, hasValue: true }
 */
export function compileCell(tsSource: string, cellName: string): CompiledCell {
  let js: string, program: Program;
  try {
    js = transform(tsSource, { transforms: ["typescript"], disableESTransforms: true, keepUnusedImports: true }).code;
    program = parse(js, { ecmaVersion: "latest", sourceType: "module", allowAwaitOutsideFunction: true });
  } catch (e) {
    throw compileError(e);
  }
  const names: string[] = [];
  const edits: Edit[] = [];
  const body = program.body as unknown as AnyNode[];
  body.forEach((node, i) => {
    if (node.type === "ImportDeclaration") {
      edits.push(importEdit(node, js, names));
    } else if (node.type === "VariableDeclaration") {
      const declarations = node.declarations as AnyNode[];
      // "const a = 1, { b } = c;" -> "(a = 1), ({ b } = c);": assignments to the scope's names.
      edits.push({ start: node.start, end: declarations[0].start, text: "" });
      for (const d of declarations) {
        patternNames(d.id as Pattern, names);
        const id = d.id as AnyNode;
        if (d.init === null || d.init === undefined) {
          edits.push({ start: id.end, end: id.end, text: " = undefined" });
        }
        edits.push({ start: id.start, end: id.start, text: "(" });
        edits.push({ start: d.end, end: d.end, text: ")" });
      }
    } else if (node.type === "FunctionDeclaration") {
      // Declarations hoist: the function is usable above its line, and stored in the scope first.
      names.push((node.id as AnyNode).name as string);
    } else if (node.type === "ClassDeclaration") {
      const name = (node.id as AnyNode).name as string;
      names.push(name);
      edits.push({ start: node.start, end: node.start, text: `${name} = ` });
      edits.push({ start: node.end, end: node.end, text: ";" });
    } else if (node.type === "ExportNamedDeclaration" || node.type === "ExportDefaultDeclaration" || node.type === "ExportAllDeclaration") {
      throw new SyntaxError(`${cellName}: export is not supported in a cell (line ${js.slice(0, node.start).split("\n").length})`);
    } else if (node.type === "ExpressionStatement" && i === body.length - 1) {
      const expr = node.expression as AnyNode;
      edits.push({ start: node.start, end: expr.start, text: "return { hasValue: true, value: (" });
      edits.push({ start: expr.end, end: node.end, text: ") };" });
    }
  });
  const functionNames = body.filter((n) => n.type === "FunctionDeclaration").map((n) => (n.id as AnyNode).name as string);
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let at = 0;
  for (const e of edits) {
    out += js.slice(at, e.start) + e.text;
    at = Math.max(at, e.end);
  }
  out += js.slice(at);
  // Function declarations hoist inside the cell; the scope gets them before the first line runs.
  const hoist = functionNames.map((n) => `__scope[${JSON.stringify(n)}] = ${n};`).join(" ");
  // One line of prelude, on the cell's first line, so stack line numbers are the cell's.
  const code =
    `(function (__scope, __import) { with (__scope) { return (async () => { ${hoist} ${out}\n` +
    `return { hasValue: false, value: undefined }; })(); } })\n//# sourceURL=${cellName}`;
  return { code, names: [...new Set(names)] };
}
