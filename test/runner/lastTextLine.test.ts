import { lastTextLine } from "../../kernel/runner/lastTextLine";
import type { Output } from "../../kernel/nbformat";

describe("lastTextLine", () => {
  it("takes the last non-empty line of the latest text output, as a terminal would show it", () => {
    const outputs: Output[] = [
      { output_type: "stream", name: "stdout", text: ["epoch 1/5\n", "epoch 2/5\n"] },
      { output_type: "display_data", data: { "image/png": "iVBOR" }, metadata: {} },
      { output_type: "stream", name: "stderr", text: "\u001b[33mwarning\u001b[0m: slow\n\n" },
      {
        output_type: "display_data",
        data: { "text/plain": "epoch 3/5  batch 20/600  loss 0.41", "text/html": "<b>...</b>" },
        metadata: {},
      },
    ];
    expect(lastTextLine(outputs)).toBe("epoch 3/5  batch 20/600  loss 0.41");
    expect(lastTextLine(outputs.slice(0, 3))).toBe("warning: slow");
    expect(lastTextLine(outputs.slice(0, 2))).toBe("epoch 2/5"); // an image has no text: look further back
  });

  it("is undefined before any text is shown", () => {
    expect(lastTextLine([])).toBeUndefined();
    expect(lastTextLine([{ output_type: "stream", name: "stdout", text: "\n  \n" }])).toBeUndefined();
  });
});
