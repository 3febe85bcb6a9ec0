/**
 * The cell-semantics contract (cellSemantics.cases.ts) against both runtimes: the real nnlab
 * kernel (dist/, installed with `nnlab kernel install` into a temporary JUPYTER_DATA_DIR, driven
 * by the runner's Jupyter client) and the live page's worker (the cases exported as one live
 * page, served, and run cell by cell in headless Chromium through window.nnlab.run). Every cell's
 * outcome must be the one the table writes down, in both.
 */
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, rmSync } from "fs";
import type { Server } from "http";
import { tmpdir } from "os";
import { join, resolve } from "path";
import type { Browser, Page } from "playwright-core";
import { exportSite } from "../../kernel/export";
import { serveSite } from "../../kernel/export/live/serve";
import type { Notebook, Output } from "../../kernel/nbformat";
import { KernelClient, readKernelSpec } from "../../kernel/runner";
import { stripAnsi } from "../../kernel/terminal";
import { launchChromium } from "../helpers/chromium";
import { CELL_CASES, type CellOutcome } from "./cellSemantics.cases";

const ROOT = resolve(__dirname, "..", "..");
const CLI = join(ROOT, "dist", "kernel", "cli.js");
const SOURCES = CELL_CASES.flatMap((c) => c.cells.map(([source]) => source));

/** What the contract compares of a cell's outputs. */
function outcome(outputs: readonly Output[]): CellOutcome {
  const result: { value?: string; stdout?: string; error?: { ename: string; evalue: string; line?: number } } = {};
  for (const o of outputs) {
    if (o.output_type === "execute_result") result.value = String(o.data["text/plain"]);
    else if (o.output_type === "stream" && o.name === "stdout") result.stdout = (result.stdout ?? "") + String(o.text);
    else if (o.output_type === "error") result.error = { ename: o.ename, evalue: o.evalue, line: errorLine(o.evalue, o.traceback) };
  }
  return result;
}

// The cell's line in a traceback: "cell-3.ts:2:5" in the page, "<cell>:2:5" / "line 2" in the kernel.
function cellLine(traceback: readonly string[]): number | undefined {
  const text = stripAnsi(traceback.join("\n"));
  const m = /(?:cell-\d+\.ts|<cell>|\[cell\]|cell):(\d+)(?::\d+)?/.exec(text) ?? /\bline (\d+)\b/.exec(text);
  return m ? Number(m[1]) : undefined;
}

// A compile error's place leads its message in both runtimes: "2:7 - Variable declaration expected".
function errorLine(evalue: string, traceback: readonly string[]): number | undefined {
  const at = /^(\d+):\d+ - /.exec(evalue);
  return at ? Number(at[1]) : cellLine(traceback);
}

/** Checks a runtime's outcomes against the table, naming each case and cell that differs. */
function differences(got: readonly CellOutcome[]): string[] {
  const problems: string[] = [];
  let i = 0;
  for (const c of CELL_CASES) {
    for (const [source, want] of c.cells) {
      const have = got[i++];
      const same =
        have.value === want.value &&
        have.stdout === want.stdout &&
        (have.error === undefined) === (want.error === undefined) &&
        (want.error === undefined ||
          (have.error!.ename === want.error.ename &&
            have.error!.evalue.includes(want.error.evalue) &&
            (want.error.line === undefined || have.error!.line === want.error.line)));
      if (!same) problems.push(`${c.name}: ${JSON.stringify(source)} wanted ${JSON.stringify(want)}, got ${JSON.stringify(have)}`);
    }
  }
  return problems;
}

describe("cell semantics: one contract, two runtimes", () => {
  test(`the kernel gives every outcome of the ${CELL_CASES.length} cases`, async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build before this test`);
    const dataDir = mkdtempSync(join(tmpdir(), "nnlab-contract-"));
    execFileSync(process.execPath, [CLI, "kernel", "install"], { env: { ...process.env, JUPYTER_DATA_DIR: dataDir } });
    const kernel = await KernelClient.start(readKernelSpec(join(dataDir, "kernels", "nnlab")), { cwd: ROOT });
    try {
      const got: CellOutcome[] = [];
      for (const source of SOURCES) got.push(outcome((await kernel.execute(source, { stopOnError: false, timeoutMs: 60_000 })).outputs));
      expect(differences(got)).toEqual([]);
    } finally {
      await kernel.shutdown();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);

  test(`the live page's worker gives every outcome of the ${CELL_CASES.length} cases`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnlab-contract-live-"));
    let server: Server | undefined;
    let browser: Browser | undefined;
    try {
      const notebook: Notebook = {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: SOURCES.map((source, i) => ({
          cell_type: "code",
          id: `case-${i}`,
          source,
          outputs: [],
          execution_count: null,
          metadata: {},
        })),
      };
      await exportSite([{ file: join(dir, "contract.ipynb"), notebook }], { outDir: join(dir, "site"), live: true });
      server = await serveSite(join(dir, "site"), 0);
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      browser = await launchChromium();
      const page: Page = await browser.newPage();
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      await page.goto(`http://127.0.0.1:${port}/contract.html?backend=cpu`);
      const got: CellOutcome[] = [];
      for (let i = 0; i < SOURCES.length; i++) {
        const report = await page.evaluate<{ outputs: Output[] }, number>(
          (index) => (window as unknown as { nnlab: { run(i: number): Promise<{ outputs: Output[] }> } }).nnlab.run(index),
          i,
        );
        got.push(outcome(report.outputs));
      }
      expect(differences(got)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser?.close();
      await new Promise((done) => (server ? server.close(done) : done(undefined)));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
