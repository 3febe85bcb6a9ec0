/**
 * Object shorthand that names an earlier cell's variable (`{ apple }` after `const apple = 100`
 * in a previous cell). tslab's converter turns every reference to an earlier cell's name into
 * `exports.name`, but it asks the type checker for the symbol at the identifier, and at a
 * shorthand property that is the new property, not the variable; so `{ apple }` is emitted as is
 * and fails with "apple is not defined". Before compiling, such shorthands are written out
 * (`{ apple: apple }`, always the same meaning); the converter then rewrites the value like any
 * other reference. Diagnostics' columns are mapped back to the cell as the learner wrote it.
 */
import type * as TS from "@tslab/typescript-for-tslab";

/** A position as tslab's diagnostics give it (0-based line and character, offset in the text). */
export interface TextPos {
  offset: number;
  line: number;
  character: number;
}

/** A cell with its earlier-cell shorthands written out, and the way back to the cell's columns. */
export interface ExpandedCell {
  /** The code to compile. */
  code: string;
  /** Maps a position in `code` back to the cell as written (same line, column shifted). */
  toOriginal(pos: TextPos): TextPos;
}

interface Insertion {
  /** Offset in the original code where the text goes. */
  pos: number;
  line: number;
  /** Column in the original line. */
  character: number;
  text: string;
}

/**
 * The names an earlier cell declared, read from tslab's declaration text (values and imports);
 * with `fileName` "cell.ts", the top-level names a cell's own source declares.
 */
export function declaredNames(ts: typeof TS, declarations: string, fileName = "decl.d.ts"): Set<string> {
  const names = new Set<string>();
  if (declarations.trim() === "") return names;
  const sf = ts.createSourceFile(fileName, declarations, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const addBinding = (name: TS.BindingName): void => {
    if (ts.isIdentifier(name)) {
      names.add(name.text);
      return;
    }
    for (const el of name.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name);
  };
  for (const stmt of sf.statements) {
    if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) addBinding(d.name);
    } else if (
      (ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt) || ts.isEnumDeclaration(stmt) || ts.isModuleDeclaration(stmt)) &&
      stmt.name &&
      ts.isIdentifier(stmt.name)
    ) {
      names.add(stmt.name.text);
    } else if (ts.isImportDeclaration(stmt) && stmt.importClause) {
      const clause = stmt.importClause;
      if (clause.name) names.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) names.add(el.name.text);
    } else if (ts.isImportEqualsDeclaration(stmt)) {
      names.add(stmt.name.text);
    }
  }
  return names;
}

/**
 * Writes out every shorthand property assignment (`{ x }`, also in a destructuring assignment
 * `({ x } = o)` and with a default `({ x = 1 } = o)`) whose name is in `earlier`. No newline is
 * added, so line numbers are unchanged.
 *
 * @example
 * const cell = expandShorthands(ts, "console.log({ apple })", new Set(["apple"]));
 * cell.code; // "console.log({ apple: apple })"
 */
export function expandShorthands(ts: typeof TS, code: string, earlier: ReadonlySet<string> | (() => ReadonlySet<string>)): ExpandedCell {
  const identity: ExpandedCell = { code, toOriginal: (pos) => pos };
  // Most cells have no shorthand at all: skip the parse of earlier declarations for them.
  if (!code.includes("{")) return identity;
  const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: TS.ShorthandPropertyAssignment[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (found.length === 0) return identity;
  const names = typeof earlier === "function" ? earlier() : earlier;
  const inserts: Insertion[] = [];
  for (const node of found) {
    if (!names.has(node.name.text)) continue;
    const pos = node.name.getStart(sf);
    const { line, character } = sf.getLineAndCharacterOfPosition(pos);
    inserts.push({ pos, line, character, text: `${code.slice(pos, node.name.end)}: ` });
  }
  if (inserts.length === 0) return identity;
  inserts.sort((a, b) => a.pos - b.pos);
  let out = "";
  let at = 0;
  for (const ins of inserts) {
    out += code.slice(at, ins.pos) + ins.text;
    at = ins.pos;
  }
  out += code.slice(at);
  return {
    code: out,
    toOriginal(pos: TextPos): TextPos {
      // Compare by line and column (tslab's offsets may count text before the cell); a
      // position inside inserted text maps to the start of the name it was made from.
      let shiftTotal = 0;
      let shiftLine = 0;
      for (const ins of inserts) {
        if (ins.line > pos.line) break;
        const len = ins.text.length;
        if (ins.line === pos.line) {
          const expandedColumn = ins.character + shiftLine;
          if (pos.character < expandedColumn) break;
          if (pos.character < expandedColumn + len) {
            return { offset: pos.offset - shiftTotal - (pos.character - expandedColumn), line: pos.line, character: ins.character };
          }
          shiftLine += len;
        }
        shiftTotal += len;
      }
      return { offset: pos.offset - shiftTotal, line: pos.line, character: pos.character - shiftLine };
    },
  };
}
