/**
 * Imports point down. The TypeScript imports of lib/ and kernel/ (import, export ... from,
 * import type, require, dynamic import(), as the TypeScript compiler's own scanner reads them)
 * must show: no import circle among lib/ files, none among lib/'s folders either, the kernel
 * reaching the library only through its entry points (lib/index.ts "nnlab", lib/hooks.ts
 * "nnlab/hooks", lib/host.ts "nnlab/host"), and the light entry loading no TensorFlow.js.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");

/** The kernel may import these lib/ files, and no other. */
const ENTRY_POINTS = ["lib/index.ts", "lib/hooks.ts", "lib/host.ts"];

interface Import {
  /** "lib/nets/sequential.ts:3" */
  readonly site: string;
  /** The specifier as written: "../layers/layer", "@tensorflow/tfjs-core". */
  readonly specifier: string;
  /** The repository file it resolves to, for a relative specifier. */
  readonly target?: string;
  /** "load": when the file loads; "lazy": when a function runs (require or import() inside it); "type": erased. */
  readonly loads: "load" | "lazy" | "type";
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(rel);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** The file a relative specifier names, as Node and tsc resolve it (x.ts, x/index.ts). */
function resolveRelative(from: string, specifier: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)).replace(/\.js$/, "");
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    const full = path.join(ROOT, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
  }
  throw new Error(`${from} imports "${specifier}", which resolves to no file (tried ${base}.ts and ${base}/index.ts)`);
}

/** The module specifiers a file names, each with how it loads. */
function importsOf(file: string): Import[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: Import[] = [];
  const add = (literal: ts.Expression | undefined, loads: Import["loads"]): void => {
    if (literal === undefined || !ts.isStringLiteralLike(literal)) return;
    const specifier = literal.text;
    const site = `${file}:${source.getLineAndCharacterOfPosition(literal.getStart()).line + 1}`;
    const target = specifier.startsWith(".") ? resolveRelative(file, specifier) : undefined;
    found.push({ site, specifier, target, loads });
  };
  const visit = (node: ts.Node, inFunction: boolean): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, node.importClause?.isTypeOnly ? "type" : "load");
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node.isTypeOnly ? "type" : "load");
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node.moduleReference.expression, "load");
    else if (ts.isImportTypeNode(node)) add(ts.isLiteralTypeNode(node.argument) ? node.argument.literal : undefined, "type");
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      if (isImport || isRequire) add(node.arguments[0], inFunction ? "lazy" : "load");
    }
    ts.forEachChild(node, (child) => visit(child, inFunction || ts.isFunctionLike(node)));
  };
  visit(source, false);
  return found;
}

type Graph = ReadonlyMap<string, readonly string[]>;

/**
 * Every import circle, one per strongly connected group (Tarjan), each written as a path that
 * ends where it starts: "a.ts -> b.ts -> a.ts". Empty when the graph has none.
 */
function importCircles(graph: Graph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || (graph.get(v) ?? []).includes(v)) groups.push(group);
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  // In each group, walk from its first member along edges inside the group until a node repeats.
  return groups.map((group) => {
    const inside = new Set(group);
    const start = [...group].sort()[0];
    const walk = [start];
    for (;;) {
      const last = walk[walk.length - 1];
      const next = [...(graph.get(last) ?? [])].sort().find((w) => inside.has(w))!;
      const seen = walk.indexOf(next);
      if (seen >= 0) return [...walk.slice(seen), next].join(" -> ");
      walk.push(next);
    }
  });
}

const libFiles = tsFiles("lib");
const kernelFiles = tsFiles("kernel");
const libImports = new Map(libFiles.map((f) => [f, importsOf(f)]));

/** lib/ file -> the lib/ files it imports. */
const fileGraph: Graph = new Map(
  libFiles.map((f) => [f, [...new Set(libImports.get(f)!.flatMap((i) => (i.target?.startsWith("lib/") ? [i.target] : [])))]]),
);

/** A lib/ file's floor for the folder graph: its folder, or itself for a file directly in lib/. */
function folderOf(file: string): string {
  const parts = file.split("/");
  return parts.length > 2 ? `lib/${parts[1]}/` : file;
}

describe("imports point down", () => {
  test("the scan reads the tree and sees every kind of import", () => {
    expect(libFiles.length).toBeGreaterThan(100);
    expect(kernelFiles.length).toBeGreaterThan(50);
    // import type, export ... from, and the kernel's lazy import() of the hooks are all seen.
    expect(fileGraph.get("lib/nets/net.ts")).toContain("lib/layers/layer.ts");
    expect(fileGraph.get("lib/index.ts")).toContain("lib/nets/index.ts");
    expect(importsOf("kernel/engine/library.ts").map((i) => i.target)).toContain("lib/hooks.ts");
  });

  test("the circle finder names a circle as a path, and finds none in a tree", () => {
    const withCircle = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts", "d.ts"]],
      ["d.ts", []],
      ["e.ts", ["e.ts"]],
    ]);
    expect(importCircles(withCircle)).toEqual(expect.arrayContaining(["a.ts -> b.ts -> c.ts -> a.ts", "e.ts -> e.ts"]));
    expect(
      importCircles(
        new Map([
          ["a.ts", ["b.ts", "c.ts"]],
          ["b.ts", ["c.ts"]],
          ["c.ts", []],
        ]),
      ),
    ).toEqual([]);
  });

  test("no import circle among lib/ files", () => {
    expect(importCircles(fileGraph)).toEqual([]);
  });

  test("no import circle among lib/'s folders (each file directly in lib/ counts as its own)", () => {
    const edges = new Map<string, Set<string>>();
    const example = new Map<string, string>();
    for (const [file, targets] of fileGraph) {
      for (const target of targets) {
        const [from, to] = [folderOf(file), folderOf(target)];
        if (from === to) continue;
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)!.add(to);
        if (!example.has(`${from} ${to}`)) example.set(`${from} ${to}`, `${file} imports ${target}`);
      }
    }
    const circles = importCircles(new Map([...edges].map(([k, v]) => [k, [...v]])));
    // Each step of a circle with one import that makes it, so the message says what to move.
    const explained = circles.map((c) => {
      const steps = c.split(" -> ");
      return `${c} (${steps
        .slice(1)
        .map((to, i) => example.get(`${steps[i]} ${to}`))
        .join("; ")})`;
    });
    expect(explained).toEqual([]);
  });

  test("kernel/ imports lib/ only through lib/index.ts, lib/hooks.ts and lib/host.ts", () => {
    const offending = kernelFiles
      .flatMap(importsOf)
      .filter((i) => i.target?.startsWith("lib/") && !ENTRY_POINTS.includes(i.target))
      .map((i) => `${i.site} imports ${i.target} ("${i.specifier}"); use lib/index.ts, lib/hooks.ts or lib/host.ts`);
    expect(offending).toEqual([]);
  });

  test("the light entry lib/host.ts loads no TensorFlow.js, however deep (a require inside a function loads when called)", () => {
    const reached = new Set<string>();
    const tfImports: string[] = [];
    const visit = (file: string): void => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const i of libImports.get(file) ?? []) {
        if (i.loads !== "load") continue;
        if (i.specifier.startsWith("@tensorflow/")) tfImports.push(`${i.site} imports ${i.specifier}`);
        if (i.target !== undefined) visit(i.target);
      }
    };
    visit("lib/host.ts");
    expect(reached.size).toBeGreaterThan(3);
    expect(tfImports).toEqual([]);
  });
});
