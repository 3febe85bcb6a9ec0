import { lastStreamLine } from "../../kernel/runner/lastStreamLine";
import type { Output } from "../../kernel/nbformat";

describe("lastStreamLine", () => {
  it("takes the last non-empty line of the latest stream, as a terminal would show it", () => {
    const outputs: Output[] = [
      { output_type: "stream", name: "stdout", text: ["epoch 1/5\n", "epoch 2/5\n"] },
      { output_type: "display_data", data: { "text/plain": "a chart" }, metadata: {} },
      { output_type: "stream", name: "stderr", text: "\u001b[33mwarning\u001b[0m: slow\n\n" },
    ];
    expect(lastStreamLine(outputs)).toBe("warning: slow");
    expect(lastStreamLine(outputs.slice(0, 2))).toBe("epoch 2/5");
  });

  it("is undefined before anything is printed", () => {
    expect(lastStreamLine([])).toBeUndefined();
    expect(lastStreamLine([{ output_type: "stream", name: "stdout", text: "\n  \n" }])).toBeUndefined();
  });
});
