import { collapseCarriageReturns, stripAnsi, stripControlChars } from "../../kernel/terminal";

describe("collapseCarriageReturns", () => {
  test("both modes overwrite a line at each \\r and erase at each backspace", () => {
    for (const mode of ["streaming", "final"] as const) {
      expect(collapseCarriageReturns("10%\r50%\r100%\ndone\n", mode)).toBe("100%\ndone\n");
      expect(collapseCarriageReturns("abc\x08\x08d\n", mode)).toBe("ad\n");
      expect(collapseCarriageReturns("\x08a\n", mode)).toBe("a\n");
    }
  });

  test("streaming keeps a \\r nothing has overwritten yet, so the next chunk still can", () => {
    const first = collapseCarriageReturns("epoch 1 loss 2.3\r", "streaming");
    expect(first).toBe("epoch 1 loss 2.3\r");
    expect(collapseCarriageReturns(first + "epoch 2 loss 1.1\n", "streaming")).toBe("epoch 2 loss 1.1\n");
    expect(collapseCarriageReturns("line\r\n", "streaming")).toBe("line\r\n");
  });

  test("final text reads \\r\\n as a newline and keeps what the last \\r left", () => {
    expect(collapseCarriageReturns("line\r\nnext", "final")).toBe("line\nnext");
    expect(collapseCarriageReturns("epoch 1\r", "final")).toBe("");
  });
});

describe("stripAnsi", () => {
  test("removes colours, cursor moves, links and a lone ESC", () => {
    expect(stripAnsi("\x1b[0;31mValueError\x1b[0m: x\x1b]8;;http://a\x07link\x1b]8;;\x07")).toBe("ValueError: xlink");
    expect(stripAnsi("a\x1b[2Kb\x1b")).toBe("ab");
  });
});

describe("stripControlChars", () => {
  test("keeps tab, newline and carriage return, drops the rest", () => {
    expect(stripControlChars("a\tb\r\nc\x00\x07\x1b\x7f")).toBe("a\tb\r\nc");
  });
});
