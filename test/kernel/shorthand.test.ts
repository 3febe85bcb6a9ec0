import Module from "module";
import type * as TS from "@tslab/typescript-for-tslab";
import { declaredNames, expandShorthands } from "../../kernel/engine/shorthand";

// tslab's own TypeScript, as the engine uses it.
const ts = Module.createRequire(require.resolve("tslab/package.json"))("@tslab/typescript-for-tslab") as typeof TS;

describe("declaredNames", () => {
  test("reads values, functions, classes, enums, namespaces and imports from tslab's declarations", () => {
    const decl = [
      "declare const apple = 100;",
      "declare let a1: number, b1: number;",
      'import { show, display as d } from "nnlab";',
      'import * as nn from "nnlab";',
      'import def from "x";',
      "declare function f(): void;",
      "declare class K {\n}",
      "declare enum E {\n    A = 0\n}",
      "declare namespace NS {\n    const q = 1;\n}",
      "interface OnlyAType { x: number }",
    ].join("\n");
    expect([...declaredNames(ts, decl)].sort()).toEqual(["E", "K", "NS", "a1", "apple", "b1", "d", "def", "f", "nn", "show"]);
    expect(declaredNames(ts, "").size).toBe(0);
  });

  test("reads a cell's own top-level names from its source, not the names inside its blocks and functions", () => {
    const cell =
      'let a2 = 1, { b2 } = { b2: 2 };\nvar c2 = await Promise.resolve(3);\nimport { join as j2 } from "path";\nfunction f2(x: number) {\n  let inner = x;\n  return inner;\n}\n{\n  const hidden = 1;\n}';
    expect([...declaredNames(ts, cell, "cell.ts")].sort()).toEqual(["a2", "b2", "c2", "f2", "j2"]);
  });
});

describe("expandShorthands", () => {
  const earlier = new Set(["apple", "pear"]);

  test("writes out shorthands that name an earlier cell's variable, and only those", () => {
    const cell = expandShorthands(ts, "const own = 1;\nconsole.log({ apple, own }, { pear });", earlier);
    expect(cell.code).toBe("const own = 1;\nconsole.log({ apple: apple, own }, { pear: pear });");
  });

  test("covers destructuring assignment with a default; binding patterns are left alone", () => {
    const cell = expandShorthands(ts, "({ apple = 5 } = {});\nconst { pear } = { pear: 1 };", earlier);
    expect(cell.code).toBe("({ apple: apple = 5 } = {});\nconst { pear } = { pear: 1 };");
  });

  test("a cell without such shorthands is returned as is and never parses the declarations", () => {
    const names = jest.fn(() => earlier);
    expect(expandShorthands(ts, "const x = 1 + 2;", names).code).toBe("const x = 1 + 2;");
    expect(names).not.toHaveBeenCalled();
    expect(expandShorthands(ts, "const o = { other };", names).code).toBe("const o = { other };");
  });

  test("maps diagnostic positions back to the cell's columns", () => {
    //              0         1         2         3
    //              0123456789012345678901234567890123456
    const code = "f({ apple }, { pear }, zz);\nnext";
    const cell = expandShorthands(ts, code, earlier);
    expect(cell.code).toBe("f({ apple: apple }, { pear: pear }, zz);\nnext");
    const at = (character: number, line = 0) => cell.toOriginal({ offset: 1000 + character, line, character });
    // Before the first insertion: unchanged.
    expect(at(2)).toEqual({ offset: 1002, line: 0, character: 2 });
    // Inside inserted text "apple: ": the start of the name.
    expect(at(5)).toEqual({ offset: 1004, line: 0, character: 4 });
    // The value identifier "apple" (expanded column 11) is the name at column 4.
    expect(at(11).character).toBe(4);
    // "zz" is at expanded column 36, original 23.
    expect(at(code.indexOf("zz") + 13)).toEqual({ offset: 1000 + code.indexOf("zz"), line: 0, character: code.indexOf("zz") });
    // Another line: only the offset shifts.
    expect(at(2, 1)).toEqual({ offset: 1002 - 13, line: 1, character: 2 });
  });
});
