/**
 * `node dist/bench/liveVsKernel.js`: lessons 01 and 02 in quick mode, timed in one run, back to
 * back: in the live page (headless Debian Chromium, through window.nnlab.runAll()) on wasm and on
 * WebGL, then through the kernel (`nnlab run`, kernel start included). Prints the date, the load
 * average before and after, and a Markdown table for README's live section. Writes nothing.
 */
import { execFileSync } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { loadavg, tmpdir } from "os";
import { join } from "path";
import { chromium } from "playwright-core";
import { exportSite } from "../kernel/export";
import { serveSite } from "../kernel/export/live/serve";

const LESSONS = ["01-backprop", "02-training-tricks"];
const CHROMIUM = "/usr/bin/chromium";

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "nnlab-live-bench-"));
  const root = join(__dirname, "..", "..");
  const cli = join(root, "dist", "kernel", "cli.js");
  process.stdout.write(`${new Date().toISOString()}; load average before: ${load()}\n`);
  await exportSite(
    LESSONS.map((l) => join(root, "notebooks", `${l}.ipynb`)),
    { outDir: join(dir, "site"), live: true },
  );
  const server = await serveSite(join(dir, "site"), 0);
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-background-networking"] });
  const rows = new Map<string, string[]>();
  try {
    for (const lesson of LESSONS) {
      const row: string[] = [];
      for (const backend of ["wasm", "webgl"]) {
        const page = await browser.newPage();
        await page.goto(`${origin}/${lesson}.html?quick=1&backend=${backend}`);
        await page.evaluate(() => (window as unknown as { nnlab: { ready(): Promise<string> } }).nnlab.ready());
        const started = Date.now();
        const reports = (await page.evaluate(() =>
          (window as unknown as { nnlab: { runAll(): Promise<unknown> } }).nnlab.runAll(),
        )) as Array<{ status: string }>;
        const seconds = (Date.now() - started) / 1000;
        const ok = reports.every((r) => r.status === "ok");
        row.push(`${seconds.toFixed(1)} s${ok ? "" : " (a cell failed)"}`);
        process.stdout.write(`${lesson} page ${backend}: ${seconds.toFixed(1)} s, ${reports.length} cells${ok ? "" : ", NOT all ok"}\n`);
        await page.close();
      }
      const started = Date.now();
      execFileSync(process.execPath, [cli, "run", "--quiet", "--out", join(dir, "ran"), join(root, "notebooks", `${lesson}.ipynb`)], {
        env: { ...process.env, NNLAB_QUICK: "1" },
        stdio: "inherit",
      });
      const seconds = (Date.now() - started) / 1000;
      row.push(`${seconds.toFixed(1)} s`);
      process.stdout.write(`${lesson} kernel: ${seconds.toFixed(1)} s (kernel start included)\n`);
      rows.set(lesson, row);
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`load average after: ${load()}\n\n`);
  process.stdout.write("| Lesson | page, wasm | page, WebGL | kernel (`npx nnlab run`, wasm) |\n| --- | --- | --- | --- |\n");
  for (const [lesson, row] of rows) process.stdout.write(`| ${lesson} | ${row.join(" | ")} |\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
