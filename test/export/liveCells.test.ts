/**
 * The live page's cell compiler run in Node (the worker runs the same code): top-level names
 * persist from cell to cell, imports resolve to the modules given, top-level await works, the last
 * expression is the cell's value, and an error's stack points at the cell's own line.
 */
import { compileCell } from "../../kernel/livePage/transformCell";

type Run = (scope: object, load: (name: string, member?: string) => unknown) => Promise<{ hasValue: boolean; value: unknown }>;

function session(modules: Record<string, Record<string, unknown>>) {
  const scope: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const load = (name: string, member?: string) => (member === undefined ? modules[name] : modules[name][member]);
  return async (source: string, cellName: string) => {
    const compiled = compileCell(source, cellName);
    for (const name of compiled.names) if (!(name in scope)) scope[name] = undefined;
    const run = (0, eval)(compiled.code) as Run;
    return run(scope, load);
  };
}

describe("live cells", () => {
  test("names persist, imports resolve, await works, the last expression is the value", async () => {
    const run = session({ nnlab: { double: (x: number) => 2 * x } });
    const first = await run(
      'import { double as twice } from "nnlab";\nconst a: number = twice(2), [b, c] = [5, 6];\nfunction f(x: number): number { return x + a; }\nclass K { v = 7 }\nlet z;',
      "cell-1.ts",
    );
    expect(first).toEqual({ hasValue: false, value: undefined });
    const second = await run(
      "await new Promise((r) => setTimeout(r, 1));\nconst k = new K();\n[a, b, c, f(1), k.v, z, twice(10)]",
      "cell-2.ts",
    );
    expect(second).toEqual({ hasValue: true, value: [4, 5, 6, 5, 7, undefined, 20] });
  });

  test("an error's stack names the cell and its own line", async () => {
    const run = session({});
    const error = await run("const q = 1;\n\n(null as any).x;", "cell-3.ts").catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).stack).toMatch(/cell-3\.ts:3:\d+/);
  });

  test("export in a cell is refused with the line", () => {
    expect(() => compileCell("const a = 1;\nexport const b = 2;", "cell-4.ts")).toThrow(
      "cell-4.ts: export is not supported in a cell (line 2)",
    );
  });
});
