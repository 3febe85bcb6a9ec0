/**
 * One binding per top-level `let`/`var`, shared by every cell. tslab's converter compiles each
 * cell as its own module: `let c = 1;` stays a local of that cell's function and is copied out
 * (`exports.c = c;`), while a later cell's `c = 5` becomes `exports.c = 5`. A closure defined in
 * the first cell (`() => c`) reads the local, so it never saw the later assignment. Here, right
 * after each top-level `let`/`var` statement, the cell's JavaScript gets a call that makes
 * `exports.c` an accessor of that local (read and write), so later cells read and write the one
 * binding the closures see, as in a REPL. Only a name some function or class in the cell mentions
 * is shared: no other code can read the local once the cell has run, and the accessor keeps the
 * cell's scope (all its captured names) alive. `const`, functions and classes cannot be
 * assigned, so they stay plain copies. A later cell that declares the name again gets a binding of its own:
 * the engine first turns the accessor back into a plain value (see `detachDeclared`), so the
 * earlier cell's closures keep their own binding, as they did before.
 */
import type * as TS from "@tslab/typescript-for-tslab";
import { RUNTIME_NAME } from "./instrument";
import { insertText, type Insertion } from "./insertText";

/** The setter's parameter: a name no cell's variable would have (a `v` would shadow the cell's own `v`). */
const VALUE = "__nnlab_value__";

function bindingNames(ts: typeof TS, name: TS.BindingName, out: string[]): void {
  if (ts.isIdentifier(name)) {
    out.push(name.text);
    return;
  }
  for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(ts, el.name, out);
}

/** Every identifier written inside a function or class of the file (shadowing ignored: more is safe). */
function namesInClosures(ts: typeof TS, sf: TS.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: TS.Node, inside: boolean): void => {
    if (inside && ts.isIdentifier(node)) names.add(node.text);
    const nested = inside || ts.isFunctionLike(node) || ts.isClassLike(node);
    ts.forEachChild(node, (child) => visit(child, nested));
  };
  visit(sf, false);
  return names;
}

/**
 * Inserts `__nnlab__.b("c", () => c, (value) => { c = value; });` after each top-level `let`/`var`
 * statement of a cell's compiled JavaScript, for the names the cell itself declares (`declared`:
 * not the helpers TypeScript emits, such as `var __importStar`) that a function or class in the
 * cell mentions. Only text on the statement's own
 * line is added, never a newline, so stack line numbers stay those of `js`.
 */
export function shareTopLevelBindings(ts: typeof TS, js: string, declared: ReadonlySet<string>): string {
  const sf = ts.createSourceFile("cell.js", js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const inserts: Insertion[] = [];
  let captured: Set<string> | undefined;
  for (const stmt of sf.statements) {
    if (ts.isVariableStatement(stmt)) {
      const names: string[] = [];
      if (stmt.declarationList.flags & ts.NodeFlags.Const) continue;
      for (const d of stmt.declarationList.declarations) bindingNames(ts, d.name, names);
      const text = names
        .filter((n) => declared.has(n) && (captured ??= namesInClosures(ts, sf)).has(n))
        .map((n) => ` ${RUNTIME_NAME}.b(${JSON.stringify(n)}, () => ${n}, (${VALUE}) => { ${n} = ${VALUE}; });`)
        .join("");
      if (text) inserts.push({ pos: stmt.end, text });
    }
  }
  return insertText(js, inserts);
}

/**
 * Before a cell that declares these names (any kind, imports too) runs: an earlier cell's shared
 * binding of any of them becomes a plain value again, so the new declaration (and tslab's
 * `exports.c = void 0` before it) does not write into the earlier cell's variable.
 */
export function detachDeclared(scope: Record<string, unknown>, names: Iterable<string>): void {
  for (const name of names) {
    const d = Object.getOwnPropertyDescriptor(scope, name);
    if (d?.get) Object.defineProperty(scope, name, { value: d.get(), writable: true, enumerable: true, configurable: true });
  }
}

/** Makes `scope[name]` read and write a cell's own variable through `get` and `set`. */
export function shareBinding(scope: Record<string, unknown>, name: string, get: () => unknown, set: (v: unknown) => void): void {
  Object.defineProperty(scope, name, { get, set, enumerable: true, configurable: true });
}
