/**
 * Adds interrupt checks to a cell's compiled JavaScript without moving any line: a check at the
 * top of every loop body, and one after every `await` resumes. So a sync loop (even one that runs
 * after an await, where no signal handler or vm timeout can reach it) and an async loop stop at
 * their next iteration once an interrupt is requested.
 */
import type * as TS from "@tslab/typescript-for-tslab";

/** The name the instrumented code calls; the executor passes it in as a parameter. */
export const RUNTIME_NAME = "__nnlab__";

interface Insertion {
  pos: number;
  order: number;
  text: string;
}

/**
 * Returns `js` with checks inserted: `__nnlab__.c()` in loop bodies and
 * `__nnlab__.r(cellId, await x)` around awaits. Only text is inserted, never a newline, so stack
 * line numbers stay those of `js`.
 */
export function instrument(ts: typeof TS, js: string, cellId: number): string {
  const sf = ts.createSourceFile("cell.js", js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const inserts: Insertion[] = [];
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
  let out = "";
  let at = 0;
  for (const ins of inserts) {
    out += js.slice(at, ins.pos) + ins.text;
    at = ins.pos;
  }
  return out + js.slice(at);
}
