/**
 * Top-level `let`/`var` are one binding for every cell (kernel/engine/sharedBindings.ts): a
 * closure defined in one cell sees a later cell's assignment. The contract test (test/contract)
 * runs the plain case through the kernel and the live page; these are the engine's own edges
 * (redeclaration, imports, errors), through the real kernel (dist/, installed with
 * `nnlab kernel install` into a temporary JUPYTER_DATA_DIR).
 */
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { KernelClient, readKernelSpec } from "../../kernel/runner";

const ROOT = resolve(__dirname, "..", "..");
const CLI = join(ROOT, "dist", "kernel", "cli.js");

describe("shared top-level bindings", () => {
  let dataDir = "";
  let kernel: KernelClient;

  /** Runs a cell; its value as text/plain, or "(none)"; an error fails with the cell named. */
  async function value(code: string): Promise<string> {
    const { outputs } = await kernel.execute(code, { stopOnError: false, timeoutMs: 60_000 });
    let text = "(none)";
    for (const o of outputs) {
      if (o.output_type === "error") throw new Error(`cell ${JSON.stringify(code)} failed: ${o.ename}: ${o.evalue}`);
      if (o.output_type === "execute_result") text = String(o.data["text/plain"]);
    }
    return text;
  }

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build before this test`);
    dataDir = mkdtempSync(join(tmpdir(), "nnlab-shared-bindings-"));
    execFileSync(process.execPath, [CLI, "kernel", "install"], { env: { ...process.env, JUPYTER_DATA_DIR: dataDir } });
    kernel = await KernelClient.start(readKernelSpec(join(dataDir, "kernels", "nnlab")), { cwd: ROOT });
  }, 120_000);
  afterAll(async () => {
    await kernel?.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("let, var, destructured and await-declared names: a function sees later cells' writes", async () => {
    await value(
      "let v1 = 1, w1 = 2;\nvar u1 = 3;\nlet { p1, q1: [r1] } = { p1: 4, q1: [5] };\nlet t1 = await Promise.resolve(6);\n" +
        "function sum1() {\n  return v1 + w1 + u1 + p1 + r1 + t1;\n}",
    );
    expect(await value("sum1()")).toBe("21");
    // 10 + 3 + 103 + 1000 + 10000 + 0
    expect(await value("v1 = 10;\nw1++;\nu1 += 100;\n[p1, r1] = [1000, 10000];\nt1 = 0;\nsum1()")).toBe("11116");
  });

  test("a function's write is seen by later cells", async () => {
    await value("let z2 = 0;\nfunction setZ2(n: number) {\n  z2 = n;\n}");
    expect(await value("setZ2(7);\nz2")).toBe("7");
  });

  test("a name redeclared later is a new binding: the earlier closure keeps its own", async () => {
    await value("let c3 = 1;\nconst get3 = () => c3;");
    await value("c3 = 5;");
    expect(await value('let c3 = "x";\nc3')).toBe("x");
    expect(await value('c3 = "y";\nget3()')).toBe("5");
  });

  test("an import of the same name replaces the binding without writing into the earlier cell's", async () => {
    await value("let j4 = 1;\nconst get4 = () => j4;");
    expect(await value('import { join as j4 } from "path";\ntypeof j4')).toBe("function");
    expect(await value("get4()")).toBe("1");
  });

  test("a cell that throws after its declaration still shares it", async () => {
    const { outputs } = await kernel.execute('let e5 = 1;\nconst get5 = () => e5;\nthrow new Error("x");', { stopOnError: false });
    expect(outputs.some((o) => o.output_type === "error")).toBe(true);
    expect(await value("e5 = 7;\nget5()")).toBe("7");
  });
});
