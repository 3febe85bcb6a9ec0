import { OutputRecorder, toNotebookBundle } from "../../kernel/runner";
import { collapseCarriageReturns, stripAnsi } from "../../kernel/terminal";
import type { JupyterMessage } from "../../kernel/protocol";
import { makeMessage } from "../../kernel/protocol";

function msg(type: string, content: object): JupyterMessage {
  return { ...makeMessage(type, content, "s"), buffers: [] } as JupyterMessage;
}

describe("OutputRecorder", () => {
  it("updates a display in an earlier cell, and every copy of that display_id", () => {
    const r = new OutputRecorder();
    const first = r.startCell([]);
    r.handle(msg("display_data", { data: { "text/plain": "0" }, metadata: {}, transient: { display_id: "d" } }));
    const second = r.startCell([]);
    r.handle(msg("display_data", { data: { "text/plain": "0" }, metadata: {}, transient: { display_id: "d" } }));
    expect(r.handle(msg("update_display_data", { data: { "text/plain": "1" }, metadata: { m: 1 }, transient: { display_id: "d" } }))).toBe(
      true,
    );
    expect(first).toEqual([{ output_type: "display_data", data: { "text/plain": "1" }, metadata: { m: 1 } }]);
    expect(second).toEqual(first);
    expect(r.handle(msg("update_display_data", { data: { "text/plain": "x" }, metadata: {}, transient: { display_id: "unknown" } }))).toBe(
      false,
    );
  });

  it("clear_output clears now, or with wait just before the next output, and forgets cleared displays", () => {
    const r = new OutputRecorder();
    const outs = r.startCell([]);
    r.handle(msg("display_data", { data: { "text/plain": "a" }, metadata: {}, transient: { display_id: "d" } }));
    r.handle(msg("clear_output", { wait: true }));
    expect(outs.length).toBe(1);
    r.handle(msg("stream", { name: "stdout", text: "b\n" }));
    expect(outs).toEqual([{ output_type: "stream", name: "stdout", text: "b\n" }]);
    r.handle(msg("update_display_data", { data: { "text/plain": "z" }, metadata: {}, transient: { display_id: "d" } }));
    expect(outs).toEqual([{ output_type: "stream", name: "stdout", text: "b\n" }]);
    r.handle(msg("clear_output", { wait: false }));
    expect(outs).toEqual([]);
  });

  it("merges consecutive streams of one name only, and takes execution counts from execute_input/result", () => {
    const r = new OutputRecorder();
    const outs = r.startCell([]);
    r.handle(msg("execute_input", { code: "", execution_count: 7 }));
    for (const [name, text] of [
      ["stdout", "a"],
      ["stdout", "b\n"],
      ["stderr", "e\n"],
      ["stdout", "c\n"],
    ])
      r.handle(msg("stream", { name, text }));
    r.handle(msg("execute_result", { execution_count: 7, data: { "text/plain": "1" }, metadata: {} }));
    r.handle(msg("error", { ename: "E", evalue: "v", traceback: ["t"] }));
    expect(outs.map((o) => (o.output_type === "stream" ? o.text : o.output_type))).toEqual([
      "ab\n",
      "e\n",
      "c\n",
      "execute_result",
      "error",
    ]);
    expect(r.executionCount).toBe(7);
  });

  it("stores bundles as nbformat wants: JSON types as JSON, everything else as text", () => {
    expect(
      toNotebookBundle({
        "application/json": { a: 1 },
        "application/vnd.plotly.v1+json": { data: [] },
        "text/plain": ["a", "b"],
        "text/x-num": 3,
      }),
    ).toEqual({
      "application/json": { a: 1 },
      "application/vnd.plotly.v1+json": { data: [] },
      "text/plain": "ab",
      "text/x-num": "3",
    });
  });

  it("collapses \\r and \\b like a terminal, and strips ANSI", () => {
    expect(collapseCarriageReturns("10%\r50%\r100%\ndone\n", "streaming")).toBe("100%\ndone\n");
    expect(collapseCarriageReturns("ab\bc\n", "streaming")).toBe("ac\n");
    expect(collapseCarriageReturns("line\r\n", "streaming")).toBe("line\r\n");
    expect(stripAnsi("\u001b[0;31mValueError\u001b[0m: x\u001b]8;;http://a\u0007link\u001b]8;;\u0007")).toBe("ValueError: xlink");
  });
});
