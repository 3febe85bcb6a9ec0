import { insertText } from "../../kernel/engine/insertText";

describe("insertText (the cell rewriters' one way to put code into compiled JS)", () => {
  test("puts each piece at its offset of the original text, in the order given", () => {
    expect(insertText("a;b;", [{ pos: 2, text: "c();" }])).toBe("a;c();b;");
    expect(
      insertText("x", [
        { pos: 0, text: "(" },
        { pos: 1, text: ")" },
        { pos: 1, text: ";" },
      ]),
    ).toBe("(x);");
  });

  test("no insertions leaves the text as it is", () => {
    expect(insertText("let a = 1;", [])).toBe("let a = 1;");
  });
});
