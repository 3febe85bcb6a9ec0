/**
 * Adds interrupt checks to a cell's compiled JavaScript without moving any line: a check at the
 * top of every loop body, and one after every `await` resumes. So a sync loop (even one that runs
 * after an await, where no signal handler or vm timeout can reach it) and an async loop stop at
 * their next iteration once an interrupt is requested.
 */
import type * as TS from "@tslab/typescript-for-tslab";
import { insertText, type Insertion } from "./insertText";

/** The name the instrumented code calls; the executor passes it in as a parameter. */
export const RUNTIME_NAME = "__nnlab__";

/** At one offset, lower `order` goes first: what closes an expression before what opens one. */
interface OrderedInsertion extends Insertion {
  readonly order: number;
}

/**
 * Returns `js` with checks inserted: `__nnlab__.c()` in loop bodies and
 * `__nnlab__.r(cellId, await x)` around awaits. Only text is inserted, never a newline, so stack
 * line numbers stay those of `js`.
 */
export function instrument(ts: typeof TS, js: string, cellId: number): string {
  const sf = ts.createSourceFile("cell.js", js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const inserts: OrderedInsertion[] = [];
  const check = `${RUNTIME_NAME}.c();`;

  function loopBody(body: TS.Statement): void {
    if (ts.isBlock(body)) {
      inserts.push({ pos: body.getStart(sf) + 1, order: 1, text: check });
    } else {
      inserts.push({ pos: body.getStart(sf), order: 1, text: "{" + check });
      inserts.push({ pos: body.end, order: -1, text: "}" });
    }
  }

  function visit(node: TS.Node): void {
    if (
      ts.isForStatement(node) ||
      ts.isForInStatement(node) ||
      ts.isForOfStatement(node) ||
      ts.isWhileStatement(node) ||
      ts.isDoStatement(node)
    ) {
      loopBody(node.statement);
    } else if (ts.isAwaitExpression(node)) {
      inserts.push({ pos: node.getStart(sf), order: 2, text: `${RUNTIME_NAME}.r(${cellId}, ` });
      inserts.push({ pos: node.end, order: -2, text: ")" });
    }
    ts.forEachChild(node, visit);
  }
  visit(sf);

  inserts.sort((a, b) => a.pos - b.pos || a.order - b.order);
  return insertText(js, inserts);
}
